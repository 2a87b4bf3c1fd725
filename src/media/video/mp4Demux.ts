/**
 * MP4 / MOV demuxing for WebCodecs, by ranges: the top-level boxes are walked by their headers, only `ftyp` and
 * `moov` are read (moov capped at 64 MB) and handed to mp4box, which turns the first video track's sample table
 * into offsets, sizes and times. Sample data is read later, a window at a time, so a 2 GB file is never loaded.
 * Fragmented MP4 (samples in moof boxes) is reported as such: the page's <video> element path handles it.
 */
import { createFile, DataStream, Endianness, Log, MP4BoxBuffer, type ISOFile, type Movie } from 'mp4box';
import type { SampleTable } from '../../core/video/decodeSchedule';
import { MediaError } from '../MediaError';
import { codecName, type RangeReader } from './mp4Codec';

const MAX_MOOV = 64 * 1024 * 1024;

export interface Mp4VideoTrack extends SampleTable {
  /** WebCodecs codec string, e.g. avc1.64001f. */
  codec: string;
  /** Sample entry fourcc (avc1, hvc1, av01...). */
  fourcc: string;
  /** Human name of the codec, for errors. */
  codecLabel: string;
  /** avcC / hvcC / av1C / vpcC body, the decoder's `description`. */
  description: Uint8Array | undefined;
  width: number;
  height: number;
  duration: number;
  offset: Float64Array;
  size: Uint32Array;
  durationTicks: Uint32Array;
}

export type Mp4Probe =
  | { kind: 'video'; track: Mp4VideoTrack }
  /** Fragmented or otherwise not indexed in moov: leave it to the <video> element. */
  | { kind: 'fragmented' };

const u32 = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const fourcc = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);

/** Top-level ftyp and moov, read by ranges; null for moov when the file has none (unfinished or truncated). */
async function topBoxes(
  size: number,
  read: RangeReader,
): Promise<{ ftyp: Uint8Array | null; moov: Uint8Array | null; moof: boolean }> {
  let at = 0;
  let ftyp: Uint8Array | null = null;
  let moof = false;
  for (let n = 0; n < 100_000 && at + 8 <= size; n++) {
    const head = await read(at, Math.min(size, at + 16));
    let boxSize = u32(head, 0);
    const t = fourcc(head, 4);
    let header = 8;
    if (boxSize === 1) {
      boxSize = u32(head, 8) * 2 ** 32 + u32(head, 12);
      header = 16;
    } else if (boxSize === 0) boxSize = size - at;
    if (boxSize < header) break;
    if (t === 'moof') moof = true;
    if (t === 'ftyp' && boxSize <= 4096 && at + boxSize <= size) ftyp = await read(at, at + boxSize);
    if (t === 'moov') {
      if (at + boxSize > size) return { ftyp, moov: null, moof };
      if (boxSize > MAX_MOOV)
        throw new MediaError(
          413,
          `The video's index (moov) is ${Math.round(boxSize / 2 ** 20)} MB; the limit is 64 MB`,
        );
      return { ftyp, moov: await read(at, at + boxSize), moof };
    }
    at += boxSize;
  }
  return { ftyp, moov: null, moof };
}

function decoderDescription(file: ISOFile, trackId: number): Uint8Array | undefined {
  const trak = file.getTrackById(trackId);
  for (const entry of trak.mdia.minf.stbl.stsd.entries) {
    const e = entry as unknown as Record<string, { write(s: DataStream): void } | undefined>;
    const box = e.avcC ?? e.hvcC ?? e.av1C ?? e.vpcC;
    if (box) {
      const stream = new DataStream(undefined, 0, Endianness.BIG_ENDIAN);
      box.write(stream);
      return new Uint8Array(stream.buffer, 8); // without the box header
    }
  }
  return undefined;
}

/** Whether sample `i` lies wholly inside a file of `fileSize` bytes (not past the end of a truncated one). */
export function sampleInFile(track: Mp4VideoTrack, i: number, fileSize: number): boolean {
  return (track.offset[i] ?? 0) + (track.size[i] ?? 0) <= fileSize;
}

export async function probeMp4Video(size: number, read: RangeReader): Promise<Mp4Probe> {
  const { ftyp, moov, moof } = await topBoxes(size, read);
  if (!moov) {
    if (moof) return { kind: 'fragmented' };
    throw new MediaError(400, 'This video has no index (moov box): the file is truncated or was not finished writing');
  }
  // mp4box parses from position 0: give it ftyp + moov back to back (sample offsets are absolute and unaffected).
  const joined = new Uint8Array((ftyp?.length ?? 0) + moov.length);
  if (ftyp) joined.set(ftyp, 0);
  joined.set(moov, ftyp?.length ?? 0);
  // Only mp4box's errors reach the console (its warnings would, for every odd box).
  // eslint-disable-next-line @typescript-eslint/unbound-method -- mp4box takes its own Log.error as a level token and only compares it
  Log.setLogLevel(Log.error);
  const file = createFile();
  let info: Movie | undefined;
  file.onReady = (i) => {
    info = i;
  };
  file.onError = () => undefined;
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(joined.buffer, 0));
    file.flush();
  } catch {
    throw new MediaError(400, "This video's index (moov box) is corrupt");
  }
  info ??= file.getInfo();
  const vt = info.videoTracks[0];
  if (!vt) throw new MediaError(400, 'This file has no video track');
  const trak = file.getTrackById(vt.id);
  const samples = trak.samples;
  if (samples.length === 0) {
    if (moof || info.isFragmented) return { kind: 'fragmented' };
    throw new MediaError(400, 'The video track has no frames');
  }
  const n = samples.length;
  const track = {
    codec: vt.codec,
    fourcc: vt.codec.split('.')[0] ?? vt.codec,
    codecLabel: codecName(vt.codec.split('.')[0] ?? vt.codec),
    description: decoderDescription(file, vt.id),
    width: vt.video?.width ?? vt.track_width,
    height: vt.video?.height ?? vt.track_height,
    timescale: vt.timescale,
    cts: new Float64Array(n),
    isSync: new Uint8Array(n),
    offset: new Float64Array(n),
    size: new Uint32Array(n),
    durationTicks: new Uint32Array(n),
    origin: 0,
    duration: 0,
  };
  let minCts = Number.POSITIVE_INFINITY;
  let maxEnd = 0;
  samples.forEach((s, i) => {
    track.cts[i] = s.cts;
    track.isSync[i] = s.is_sync ? 1 : 0;
    track.offset[i] = s.offset;
    track.size[i] = s.size;
    track.durationTicks[i] = s.duration;
    minCts = Math.min(minCts, s.cts);
    maxEnd = Math.max(maxEnd, s.cts + s.duration);
  });
  // The edit list's media_time is the composition time shown first (ffmpeg shifts by the B-frame delay).
  const edit = trak.edts?.elst?.entries.find((e) => e.media_time >= 0);
  track.origin = edit && edit.media_time >= minCts && edit.media_time < maxEnd ? edit.media_time : minCts;
  track.duration = (maxEnd - track.origin) / vt.timescale;
  return { kind: 'video', track };
}
