/**
 * XMP in AVIF / HEIC: an item of type `mime` with content type `application/rdf+xml`, found through the `meta`
 * box's item info (`iinf`) and located by its item location (`iloc`). exifr 7 reads only the Exif and ICC items of
 * a HEIF file, so this small reader finds the XMP packet; exifr then parses it as a sidecar. Bounded everywhere.
 */
import { ByteReader } from '../media/ByteReader';

const MAX_XMP = 1024 * 1024;
const MAX_BOXES = 4096;

interface Box {
  type: string;
  /** First byte of the payload (after size/type, and after a large size). */
  body: number;
  end: number;
}

function boxes(r: ByteReader, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to && out.length < MAX_BOXES) {
    let size = r.u32(at);
    const type = r.ascii(at + 4, 4);
    let body = at + 8;
    if (size === undefined) break;
    if (size === 1) {
      const hi = r.u32(at + 8);
      const lo = r.u32(at + 12);
      if (hi === undefined || lo === undefined || hi !== 0) break; // > 4 GiB: not in a file we accept
      size = lo;
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < body - at || at + size > to) break;
    out.push({ type, body, end: at + size });
    at += size;
  }
  return out;
}

function uint(r: ByteReader, at: number, size: number): number | undefined {
  if (size === 0) return 0;
  if (size === 2) return r.u16(at);
  if (size === 4) return r.u32(at);
  if (size === 8) {
    const hi = r.u32(at);
    return hi === 0 ? r.u32(at + 4) : undefined;
  }
  return undefined;
}

/** The id of the first item (infe v2/v3) of `itemType` whose content type (for `mime` items) passes `accept`. */
function itemId(
  r: ByteReader,
  iinf: Box,
  itemType: string,
  accept: (contentType: string) => boolean = () => true,
): number | undefined {
  const version = r.u8(iinf.body);
  const count = version === 0 ? r.u16(iinf.body + 4) : r.u32(iinf.body + 4);
  if (count === undefined) return undefined;
  for (const infe of boxes(r, iinf.body + (version === 0 ? 6 : 8), iinf.end)) {
    if (infe.type !== 'infe') continue;
    const v = r.u8(infe.body);
    if (v !== 2 && v !== 3) continue;
    const idSize = v === 2 ? 2 : 4;
    const id = v === 2 ? r.u16(infe.body + 4) : r.u32(infe.body + 4);
    const typeAt = infe.body + 4 + idSize + 2;
    if (id === undefined || r.ascii(typeAt, 4) !== itemType) continue;
    if (itemType !== 'mime') return id;
    // item_name (NUL-terminated), then content_type (NUL-terminated).
    const nameEnd = r.b.indexOf(0, typeAt + 4);
    if (nameEnd < 0 || nameEnd >= infe.end) continue;
    const ctEnd = r.b.indexOf(0, nameEnd + 1);
    const contentType = r.ascii(
      nameEnd + 1,
      Math.max(0, Math.min(ctEnd < 0 ? infe.end : ctEnd, infe.end) - nameEnd - 1),
    );
    if (accept(contentType)) return id;
  }
  return undefined;
}

function locate(r: ByteReader, iloc: Box, item: number): { offset: number; length: number } | undefined {
  const version = r.u8(iloc.body);
  const a = r.u8(iloc.body + 4);
  const b = r.u8(iloc.body + 5);
  if (version === undefined || version > 2 || a === undefined || b === undefined) return undefined;
  const offsetSize = a >> 4;
  const lengthSize = a & 15;
  const baseSize = b >> 4;
  const indexSize = version === 1 || version === 2 ? b & 15 : 0;
  let at = iloc.body + 6;
  const count = version === 2 ? r.u32(at) : r.u16(at);
  at += version === 2 ? 4 : 2;
  if (count === undefined) return undefined;
  for (let i = 0; i < Math.min(count, MAX_BOXES) && at < iloc.end; i++) {
    const id = version === 2 ? r.u32(at) : r.u16(at);
    at += version === 2 ? 4 : 2;
    let method = 0;
    if (version === 1 || version === 2) {
      method = (r.u16(at) ?? 0) & 15;
      at += 2;
    }
    at += 2; // data_reference_index
    const base = uint(r, at, baseSize);
    at += baseSize;
    const extents = r.u16(at);
    at += 2;
    if (id === undefined || base === undefined || extents === undefined) return undefined;
    const first = { offset: 0, length: 0 };
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const off = uint(r, at, offsetSize);
      at += offsetSize;
      const len = uint(r, at, lengthSize);
      at += lengthSize;
      if (off === undefined || len === undefined) return undefined;
      if (e === 0) Object.assign(first, { offset: base + off, length: len });
    }
    // Only file-offset construction (method 0), one extent read: that is how encoders store an XMP item.
    if (id === item) return method === 0 ? first : undefined;
  }
  return undefined;
}

/** The bytes of the first item of `itemType` (file-offset construction, first extent), or null. */
function heifItem(bytes: Uint8Array, itemType: string, accept?: (contentType: string) => boolean): Uint8Array | null {
  const r = new ByteReader(bytes);
  const meta = boxes(r, 0, bytes.length).find((x) => x.type === 'meta');
  if (!meta) return null;
  const inner = boxes(r, meta.body + 4, meta.end); // meta is a full box: 4 bytes of version/flags
  const iinf = inner.find((x) => x.type === 'iinf');
  const iloc = inner.find((x) => x.type === 'iloc');
  if (!iinf || !iloc) return null;
  const id = itemId(r, iinf, itemType, accept);
  if (id === undefined) return null;
  const where = locate(r, iloc, id);
  if (!where || where.length === 0 || where.offset + where.length > bytes.length) return null;
  return bytes.subarray(where.offset, where.offset + Math.min(where.length, MAX_XMP));
}

/** The XMP packet of an AVIF / HEIC file, or null. */
export function heifXmp(bytes: Uint8Array): Uint8Array | null {
  return heifItem(bytes, 'mime', (type) => type === 'application/rdf+xml');
}

/**
 * The TIFF structure of a HEIF `Exif` item, or null. The item starts with a 32-bit offset to the TIFF header:
 * iPhones write 6 and an "Exif\0\0" prefix, libheif's heif-enc 0 and the TIFF header at once; exifr 7 reads only
 * the first layout ("Malformed EXIF data" on the second), so the item is found here and given to it as TIFF.
 */
export function heifExif(bytes: Uint8Array): Uint8Array | null {
  const item = heifItem(bytes, 'Exif');
  if (!item || item.length < 12) return null;
  const skip = 4 + (((item[0]! << 24) | (item[1]! << 16) | (item[2]! << 8) | item[3]!) >>> 0);
  if (skip + 8 > item.length) return null;
  return item.subarray(skip);
}
