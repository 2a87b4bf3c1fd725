/**
 * The first video track's codec in an MP4 / MOV, from moov > trak > mdia > minf > stbl > stsd, reading only box
 * headers and the moov box (by ranges, so a 2 GB file is never loaded whole). Used to name the codec in the error
 * when the browser cannot decode it (HEVC in Debian Chromium).
 */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

const MAX_MOOV = 64 * 1024 * 1024;
const CODEC_NAMES: Record<string, string> = {
  avc1: 'H.264 (AVC)',
  avc3: 'H.264 (AVC)',
  hvc1: 'HEVC (H.265)',
  hev1: 'HEVC (H.265)',
  av01: 'AV1',
  vp09: 'VP9',
  vp08: 'VP8',
  mp4v: 'MPEG-4 Part 2',
  apch: 'Apple ProRes',
  apcn: 'Apple ProRes',
  apcs: 'Apple ProRes',
  apco: 'Apple ProRes',
  ap4h: 'Apple ProRes',
  dvh1: 'Dolby Vision (HEVC)',
  dvhe: 'Dolby Vision (HEVC)',
  jpeg: 'Motion JPEG',
  mjpa: 'Motion JPEG',
};

export function codecName(fourcc: string): string {
  return CODEC_NAMES[fourcc] ?? fourcc;
}

const u32 = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const type = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);

/** Walks boxes inside `b[start, end)`, yielding [type, bodyStart, boxEnd]. */
function* boxes(b: Uint8Array, start: number, end: number): Generator<[string, number, number]> {
  let at = start;
  for (let n = 0; n < 10_000 && at + 8 <= end; n++) {
    let size = u32(b, at);
    let header = 8;
    if (size === 1) {
      if (u32(b, at + 8) !== 0) return;
      size = u32(b, at + 12);
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) return;
    yield [type(b, at + 4), at + header, at + size];
    at += size;
  }
}

function findIn(b: Uint8Array, start: number, end: number, path: string[]): string[] {
  const out: string[] = [];
  for (const [t, body, boxEnd] of boxes(b, start, end)) {
    if (t !== path[0]) continue;
    if (path.length === 1) {
      // stsd: version/flags (4) + entry count (4), then sample entries.
      const entries = [...boxes(b, body + 8, boxEnd)];
      if (entries[0]) out.push(entries[0][0]);
    } else out.push(...findIn(b, body, boxEnd, path.slice(1)));
  }
  return out;
}

/** Sample count of the first video track (stsz), when present. */
function videoSampleCount(moov: Uint8Array): number | null {
  for (const [t, body, end] of boxes(moov, 0, moov.length)) {
    if (t !== 'trak') continue;
    for (const [mt, mbody, mend] of boxes(moov, body, end)) {
      if (mt !== 'mdia') continue;
      const isVideo = [...boxes(moov, mbody, mend)].some(
        ([ht, hbody]) => ht === 'hdlr' && type(moov, hbody + 8) === 'vide',
      );
      if (!isVideo) continue;
      for (const [a, ab, ae] of boxes(moov, mbody, mend)) {
        if (a !== 'minf') continue;
        for (const [b2, bb, be] of boxes(moov, ab, ae)) {
          if (b2 !== 'stbl') continue;
          for (const [c, cb] of boxes(moov, bb, be)) if (c === 'stsz' || c === 'stz2') return u32(moov, cb + 8);
        }
      }
    }
  }
  return null;
}

/** Fourcc of each track's first sample entry whose handler is video ('vide'). */
function videoCodecs(moov: Uint8Array): string[] {
  const codecs: string[] = [];
  for (const [t, body, end] of boxes(moov, 0, moov.length)) {
    if (t !== 'trak') continue;
    let isVideo = false;
    for (const [mt, mbody, mend] of boxes(moov, body, end)) {
      if (mt !== 'mdia') continue;
      for (const [ht, hbody] of boxes(moov, mbody, mend))
        if (ht === 'hdlr' && type(moov, hbody + 8) === 'vide') isVideo = true;
      if (isVideo) codecs.push(...findIn(moov, mbody, mend, ['minf', 'stbl', 'stsd']));
    }
  }
  return codecs;
}

export interface Mp4Tracks {
  videoCodecs: string[];
  /** Frames in the first video track, from its sample table. */
  videoFrames: number | null;
  hasMoov: boolean;
}

export async function probeMp4(size: number, read: RangeReader): Promise<Mp4Tracks> {
  let at = 0;
  for (let n = 0; n < 10_000 && at + 8 <= size; n++) {
    const head = await read(at, Math.min(size, at + 16));
    let boxSize = u32(head, 0);
    const t = type(head, 4);
    let header = 8;
    if (boxSize === 1) {
      boxSize = u32(head, 8) * 2 ** 32 + u32(head, 12);
      header = 16;
    } else if (boxSize === 0) boxSize = size - at;
    if (boxSize < header) break;
    if (t === 'moov') {
      if (boxSize > MAX_MOOV || at + boxSize > size) return { videoCodecs: [], videoFrames: null, hasMoov: true };
      const moov = await read(at + header, at + boxSize);
      return { videoCodecs: videoCodecs(moov), videoFrames: videoSampleCount(moov), hasMoov: true };
    }
    at += boxSize;
  }
  return { videoCodecs: [], videoFrames: null, hasMoov: false };
}
