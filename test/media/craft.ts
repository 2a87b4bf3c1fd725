/**
 * Headers the shared builders (test/helpers/headers.ts) do not make: AVIF with a primary item and rotation, PNG
 * with an eXIf chunk, OS/2 BMP, VP8X flags, video container heads. Crafted here so no binary is committed.
 */
import { pngChunk } from '../helpers/images';

export function box(type: string, ...body: Uint8Array[]): Buffer {
  const payload = Buffer.concat(body);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(8 + payload.length);
  h.write(type, 4, 'latin1');
  return Buffer.concat([h, payload]);
}

const fullBox = (type: string, version: number, ...body: Uint8Array[]): Buffer =>
  box(type, Buffer.from([version, 0, 0, 0]), ...body);

export function ftyp(major: string, ...compatible: string[]): Buffer {
  return box('ftyp', Buffer.from(major + '\0\0\0\0' + compatible.join(''), 'latin1'));
}

function ispe(width: number, height: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  return fullBox('ispe', 0, b);
}

/**
 * An AVIF (or HEIC) head whose meta lists several items: `items[i]` gets ipco properties; `primary` is the pitm id
 * (items are numbered from 1). `irot` / `imir` are attached to the primary item.
 */
export function heifWithItems(opts: {
  brand?: string;
  items: { width: number; height: number }[];
  primary?: number;
  irot?: number;
  imir?: number;
  ipmaVersion?: number;
}): Buffer {
  const props: Buffer[] = opts.items.map((s) => ispe(s.width, s.height));
  const extra: number[] = [];
  if (opts.irot !== undefined) {
    props.push(box('irot', Buffer.from([opts.irot])));
    extra.push(props.length);
  }
  if (opts.imir !== undefined) {
    props.push(box('imir', Buffer.from([opts.imir])));
    extra.push(props.length);
  }
  const v = opts.ipmaVersion ?? 0;
  const entries = opts.items.map((_, i) => {
    const id = i + 1;
    const assoc = [i + 1, ...(id === opts.primary ? extra : [])];
    const idBytes = Buffer.alloc(v < 1 ? 2 : 4);
    if (v < 1) idBytes.writeUInt16BE(id);
    else idBytes.writeUInt32BE(id);
    return Buffer.concat([idBytes, Buffer.from([assoc.length, ...assoc.map((p) => 0x80 | p)])]);
  });
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  const ipma = fullBox('ipma', v, count, ...entries);
  const parts: Buffer[] = [Buffer.alloc(0)];
  if (opts.primary !== undefined) {
    const id = Buffer.alloc(2);
    id.writeUInt16BE(opts.primary);
    parts.push(fullBox('pitm', 0, id));
  }
  parts.push(box('iprp', box('ipco', ...props), ipma));
  const brand = opts.brand ?? 'avif';
  return Buffer.concat([
    ftyp(brand, 'mif1', brand),
    fullBox('meta', 0, fullBox('hdlr', 0, Buffer.alloc(4), Buffer.from('pict'), Buffer.alloc(13)), ...parts),
  ]);
}

/** TIFF with IFD0 holding one Orientation entry. */
export function tiffOrientation(orientation: number, le: boolean): Buffer {
  const t = Buffer.alloc(8 + 2 + 12 + 4);
  t.write(le ? 'II' : 'MM', 0, 'latin1');
  const u16 = (v: number, at: number): number => (le ? t.writeUInt16LE(v, at) : t.writeUInt16BE(v, at));
  const u32 = (v: number, at: number): number => (le ? t.writeUInt32LE(v, at) : t.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(1, 8);
  u16(0x0112, 10);
  u16(3, 12);
  u32(1, 14);
  u16(orientation, 18);
  return t;
}

/** A PNG header with extra chunks between IHDR and IEND (eXIf, tRNS, acTL...). */
export function pngWith(width: number, height: number, chunks: Buffer[], bitDepth = 8, colorType = 2): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...chunks,
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export function pngExif(width: number, height: number, orientation: number, le = false): Buffer {
  return pngWith(width, height, [pngChunk('eXIf', tiffOrientation(orientation, le))]);
}

/** JPEG with an SOFn marker other than baseline (progressive C2, lossless C3...) and optional leading segments. */
export function jpegSof(
  marker: number,
  width: number,
  height: number,
  opts: { components?: number; bitDepth?: number; before?: Buffer[] } = {},
): Buffer {
  const n = opts.components ?? 3;
  const sof = Buffer.alloc(8 + 3 * n);
  sof.writeUInt16BE(sof.length, 0);
  sof[2] = opts.bitDepth ?? 8;
  sof.writeUInt16BE(height, 3);
  sof.writeUInt16BE(width, 5);
  sof[7] = n;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...(opts.before ?? []),
    Buffer.from([0xff, marker]),
    sof,
    Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0xff, 0xd9]),
  ]);
}

/** A JPEG segment (marker + big-endian length + body). */
export function jpegSegment(marker: number, body: Uint8Array): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, body]);
}

export function bmpCore(width: number, height: number): Buffer {
  const b = Buffer.alloc(26);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(26, 10);
  b.writeUInt32LE(12, 14);
  b.writeUInt16LE(width, 18);
  b.writeUInt16LE(height, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt16LE(24, 24);
  return b;
}

/** RIFF/WEBP with a VP8X chunk carrying `flags` (0x10 alpha, 0x02 animation). */
export function webpVp8x(width: number, height: number, flags: number): Buffer {
  const body = Buffer.alloc(10);
  body[0] = flags;
  body.writeUIntLE(width - 1, 4, 3);
  body.writeUIntLE(height - 1, 7, 3);
  const chunk = Buffer.concat([Buffer.from('VP8X', 'latin1'), Buffer.from([10, 0, 0, 0]), body]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + chunk.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, chunk]);
}

export const mp4Head = (): Buffer => Buffer.concat([ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), box('free')]);
export const movHead = (): Buffer => Buffer.concat([ftyp('qt  ', 'qt  '), box('wide')]);
export const webmHead = (): Buffer =>
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]);
