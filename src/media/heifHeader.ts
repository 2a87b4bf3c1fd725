/**
 * AVIF / HEIC size without decoding: the primary item's `ispe` (image spatial extent) and `irot`/`imir`, found
 * through meta > pitm (which item is primary) and meta > iprp > ipco (properties) + ipma (which item has which).
 * When the primary item cannot be resolved, the largest `ispe` is used: for limits, over-estimating is the safe side.
 */
import type { ByteReader } from './ByteReader';
import { MediaError } from './MediaError';

export interface HeifSize {
  width: number;
  height: number;
  /** EXIF-style orientation (1-8) equivalent to the primary item's irot + imir. */
  orientation: number;
}

/** Boxes visited across the whole walk: real files have a few dozen; hostile ones could nest thousands. */
const MAX_BOXES = 10_000;

interface Box {
  type: string;
  /** Start of the payload (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

class BoxWalker {
  visited = 0;
  constructor(readonly r: ByteReader) {}

  /** The boxes directly inside [start, end); stops at the first one whose size does not fit. */
  children(start: number, end: number): Box[] {
    const out: Box[] = [];
    let at = start;
    while (at + 8 <= end && this.visited++ < MAX_BOXES) {
      let size = this.r.u32(at);
      const type = this.r.ascii(at + 4, 4);
      if (size === undefined) break;
      let header = 8;
      if (size === 1) {
        const hi = this.r.u32(at + 8);
        const lo = this.r.u32(at + 12);
        // A box over 4 GB cannot be in a file we accept (100 MB limit): the size field is corrupt.
        if (hi === undefined || lo === undefined || hi > 0) break;
        size = lo;
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) break;
      out.push({ type, body: at + header, end: at + size });
      at += size;
    }
    return out;
  }
}

/**
 * irot angle (anticlockwise quarter turns) then imir value -> EXIF orientation. imir 0 is a top-bottom flip and 1 a
 * left-right flip, as libheif applies them (heif_transform_mirror_direction_vertical = 0, "flip image vertically";
 * test/media/heifTransforms.test.ts checks the pixels): libheif is the decoder that draws HEIC here, so the
 * orientation reported must be the one it applies.
 */
const ORIENTATION: Record<string, number> = {
  '0': 1,
  '1': 8,
  '2': 3,
  '3': 6,
  '0/0': 4,
  '1/0': 5,
  '2/0': 2,
  '3/0': 7,
  '0/1': 2,
  '1/1': 7,
  '2/1': 4,
  '3/1': 5,
};

function primaryItemId(r: ByteReader, pitm: Box | undefined): number | undefined {
  if (!pitm) return undefined;
  const version = r.u8(pitm.body);
  return version === 0 ? r.u16(pitm.body + 4) : r.u32(pitm.body + 4);
}

/** ipma: the 1-based ipco property indices associated with `item`, in order. */
function propertiesOf(r: ByteReader, ipma: Box, item: number): number[] {
  const version = r.u8(ipma.body);
  const flags = r.u8(ipma.body + 3);
  const count = r.u32(ipma.body + 4);
  if (version === undefined || flags === undefined || count === undefined) return [];
  const idSize = version < 1 ? 2 : 4;
  const indexSize = flags & 1 ? 2 : 1;
  let at = ipma.body + 8;
  // Each entry is at least idSize + 1 bytes, so `at` always advances and the box's end bounds the loop.
  for (let i = 0; i < count && at < ipma.end; i++) {
    const id = idSize === 2 ? r.u16(at) : r.u32(at);
    const n = r.u8(at + idSize);
    if (id === undefined || n === undefined) return [];
    at += idSize + 1;
    if (id === item) {
      const out: number[] = [];
      for (let k = 0; k < n && at + indexSize <= ipma.end; k++, at += indexSize) {
        const v = indexSize === 2 ? r.u16(at) : r.u8(at);
        if (v !== undefined) out.push(v & (indexSize === 2 ? 0x7fff : 0x7f));
      }
      return out;
    }
    at += n * indexSize;
  }
  return [];
}

export function readHeifSize(r: ByteReader, label: string): HeifSize {
  const w = new BoxWalker(r);
  const meta = w.children(0, r.length).find((b) => b.type === 'meta');
  // meta is a FullBox: 4 bytes of version and flags before its children.
  const metaKids = meta ? w.children(meta.body + 4, meta.end) : [];
  const iprp = metaKids.find((b) => b.type === 'iprp');
  const iprpKids = iprp ? w.children(iprp.body, iprp.end) : [];
  const ipco = iprpKids.find((b) => b.type === 'ipco');
  const props = ipco ? w.children(ipco.body, ipco.end) : [];

  const ispe = (b: Box): { width: number; height: number } | null => {
    const width = r.u32(b.body + 4);
    const height = r.u32(b.body + 8);
    return width !== undefined && height !== undefined && width > 0 && height > 0 ? { width, height } : null;
  };

  const primary = primaryItemId(
    r,
    metaKids.find((b) => b.type === 'pitm'),
  );
  const ipma = iprpKids.find((b) => b.type === 'ipma');
  if (primary !== undefined && ipma) {
    let size: { width: number; height: number } | null = null;
    let angle = 0;
    let axis: number | undefined;
    for (const index of propertiesOf(r, ipma, primary)) {
      const p = props[index - 1];
      if (p?.type === 'ispe') size = ispe(p) ?? size;
      else if (p?.type === 'irot') angle = (r.u8(p.body) ?? 0) & 3;
      else if (p?.type === 'imir') axis = (r.u8(p.body) ?? 0) & 1;
    }
    if (size) return { ...size, orientation: ORIENTATION[axis === undefined ? `${angle}` : `${angle}/${axis}`] ?? 1 };
  }

  let best: { width: number; height: number } | null = null;
  for (const p of props) {
    const s = p.type === 'ispe' ? ispe(p) : null;
    if (s && (!best || s.width * s.height > best.width * best.height)) best = s;
  }
  if (!best) throw new MediaError(400, `The ${label} file is truncated or corrupt: no image size (ispe) was found`);
  return { ...best, orientation: 1 };
}
