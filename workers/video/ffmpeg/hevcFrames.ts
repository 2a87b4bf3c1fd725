/**
 * The fast path of the ffmpeg.wasm decoder for HEVC in MP4 / MOV (phone clips): the sample table is read with
 * mp4box (the same index the WebCodecs path uses), and ffmpeg decodes a few small Annex-B streams holding only
 * the samples the sampled frames need (hevcBatches.ts), each batch one `exec` whose `select` filter keeps the wanted
 * frames. An input seek per instant (the general path) decodes every frame from the keyframe, wanted or not, and
 * re-opens the file each time: on a 60 s 720p clip this path feeds half the samples in a quarter of the calls.
 * Frames are the same as the seek path's (test/video/hevcBatches.test.ts compares them with native ffmpeg).
 */
import type { FFmpegCore } from '@ffmpeg/core';
import { decodeSchedule, presentationTime } from '../../../src/core/video/decodeSchedule';
import { hevcBatches, type HevcBatch } from '../../../src/media/video/hevcBatches';
import { parseHvcC, type HevcConfig } from '../../../src/media/video/hevcNal';
import { probeMp4Video, sampleInFile, type Mp4VideoTrack } from '../../../src/media/video/mp4Demux';
import { parsePam, type PamImage } from '../../../src/media/video/pam';
import { windowReader } from '../windowReader';

const BATCH = '/tmp/batch.hevc';
/** Decoded RGBA a batch may hold in ffmpeg's memory file system before it is read back. */
const BATCH_BYTES = 96 * 2 ** 20;
const MAX_PICKS = 8;

export interface IndexedHevc {
  track: Mp4VideoTrack;
  config: HevcConfig;
}

/** The clip's index when it is HEVC in a (non-fragmented) MP4 / MOV with an hvcC record; otherwise null. */
export async function indexedHevc(file: Blob): Promise<IndexedHevc | null> {
  try {
    const probe = await probeMp4Video(file.size, async (a, b) => new Uint8Array(await file.slice(a, b).arrayBuffer()));
    if (probe.kind !== 'video' || !['hvc1', 'hev1'].includes(probe.track.fourcc)) return null;
    const config = parseHvcC(probe.track.description);
    return config ? { track: probe.track, config } : null;
  } catch {
    return null; // not an MP4 this demuxer reads: the seek path (ffmpeg's own demuxer) decides what it is
  }
}

/** ffmpeg's autorotation for a display matrix rotation (ffprobe's counter-clockwise degrees), as filters. */
export function rotationFilters(rotation: number): string[] {
  const theta = (((-Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  if (theta === 90) return ['transpose=clock'];
  if (theta === 180) return ['hflip', 'vflip'];
  if (theta === 270) return ['transpose=cclock'];
  return [];
}

export type IndexedFrame =
  | { kind: 'frame'; targets: number[]; pts: number; image: PamImage }
  /** Planned instants this path could not answer (a batch came back short): the caller takes them one seek at a
   * time. */
  | { kind: 'retry'; targets: number[] }
  /** Planned instants whose frame lies past the end of a truncated file: no decoder can show them. */
  | { kind: 'lost'; targets: number[]; reason: string };

/** Decodes one batch; its frames in output order, or null when ffmpeg gave back a different number of frames. */
function decodeBatch(core: FFmpegCore, batch: HevcBatch, filters: string[]): PamImage[] | null {
  core.FS.writeFile(BATCH, batch.bytes);
  const select = `select=${batch.picks.map((p) => `eq(n\\,${p.output})`).join('+')}`;
  core.exec(
    '-nostdin',
    '-v',
    'error',
    '-f',
    'hevc',
    '-i',
    BATCH,
    '-vf',
    [select, ...filters].join(','),
    '-fps_mode',
    'passthrough',
    '-f',
    'image2',
    '-start_number',
    '0',
    '-c:v',
    'pam',
    '-pix_fmt',
    'rgba',
    '/tmp/out%d.pam',
  );
  core.reset();
  core.FS.unlink(BATCH);
  const images: PamImage[] = [];
  for (let k = 0; ; k++) {
    const path = `/tmp/out${k}.pam`;
    if (!core.FS.analyzePath(path).exists) break;
    const image = parsePam(core.FS.readFile(path));
    core.FS.unlink(path);
    if (image) images.push(image);
  }
  return images.length === batch.picks.length ? images : null;
}

/** Wanted frames per batch for this clip: as many as fit BATCH_BYTES of decoded RGBA, at most MAX_PICKS. */
export function batchPicks(track: Mp4VideoTrack): number {
  return Math.max(1, Math.min(MAX_PICKS, Math.floor(BATCH_BYTES / Math.max(1, track.width * track.height * 4))));
}

export async function* indexedHevcFrames(
  core: FFmpegCore,
  file: Blob,
  { track, config }: IndexedHevc,
  times: readonly number[],
  rotation: number,
): AsyncGenerator<IndexedFrame> {
  const filters = rotationFilters(rotation);
  const maxPicks = batchPicks(track);
  const { picks } = decodeSchedule(track, times);
  const answered = new Set<number>();
  for await (const batch of hevcBatches(track, config, picks, windowReader(file), {
    maxPicks,
    firstPicks: 2,
    fileSize: file.size,
  })) {
    const images = decodeBatch(core, batch, filters);
    for (const [k, pick] of batch.picks.entries()) {
      pick.targets.forEach((t) => answered.add(t));
      const image = images?.[k];
      yield image
        ? { kind: 'frame', targets: pick.targets, pts: presentationTime(track, pick.sample), image }
        : { kind: 'retry', targets: pick.targets };
    }
  }
  const past = (i: number): boolean => !sampleInFile(track, i, file.size);
  const rest = picks.flatMap((d, i) => (answered.has(i) ? [] : [{ i, d }]));
  const lost = rest.filter(({ d }) => past(d)).map(({ i }) => i);
  const retry = rest.filter(({ d }) => !past(d)).map(({ i }) => i);
  if (retry.length > 0) yield { kind: 'retry', targets: retry };
  // A seek would look for these frames through the whole file before giving up.
  if (lost.length > 0)
    yield { kind: 'lost', targets: lost, reason: 'the file ends before this frame (it is truncated)' };
}
