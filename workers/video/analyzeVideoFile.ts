/**
 * MP4 / MOV end to end inside the worker: demux by ranges (mp4box), decode only the samples the sampling plan
 * needs (WebCodecs, in a nested worker of its own so decoding overlaps inference: decodedFrames), classify each
 * sampled frame as it comes out, keep a 160 px JPEG thumbnail per frame for the timeline. Nothing touches the
 * page, so cancel is `worker.terminate()` (which ends the nested worker too) and stops everything at once.
 * Fragmented MP4 answers `fallback`: the page's <video> element path takes it (as it takes WebM).
 */
import { buildErrorResponse, type ErrorCode } from '../../src/core/buildResponse';
import type { ProgressListener } from '../../src/core/progress';
import type { Evidence, HiveResult } from '../../src/core/response';
import { samplingPlan, type SamplingOptions } from '../../src/core/video/samplingPlan';
import { checkVideoLength, type VideoLimits } from '../../src/core/video/videoLimits';
import { checkVideoBytes, DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { probeMp4Video } from '../../src/media/video/mp4Demux';
import type { Classifier } from '../classifier/classifier';
import type { AnalyzeSettings } from '../detectImage';
import { analyzeAnimation } from './analyzeAnimation';
import { decodedFrames } from './decodedFrames';
import { decoderConfig, type FrameSourceStats } from './webcodecsFrames';
import { analyzeWithFfmpeg } from './ffmpeg/analyzeWithFfmpeg';
import { beginVideo, endVideo, videoFrame, type FaceFinder } from './videoSession';

export { THUMB_WIDTH } from './frameImages';

export interface VideoInput {
  file: Blob;
  filename: string;
  /** Sniffed container type (video/mp4, video/quicktime), or image/gif / image/webp for an animation. */
  mimetype: string;
}

export type VideoSettings = AnalyzeSettings & {
  sampling?: SamplingOptions;
  videoLimits?: Partial<VideoLimits>;
  /** Set by the page when its <video> element could not decode the file: decode it with ffmpeg.wasm instead. */
  fallbackDecoder?: boolean;
};

/** Containers only ffmpeg.wasm reads here (Chromium plays no AVI). */
const FFMPEG_ONLY = new Set(['video/x-msvideo']);

export type WorkerVideoAnswer =
  | {
      kind: 'result';
      result: HiveResult;
      /** [time, JPEG data URL] per sampled frame. */ thumbnails: [number, string][];
    }
  | { kind: 'fallback'; reason: string };

/**
 * Every planned instant gets its frame or the answer says why (issue 21): the instants left without a frame are
 * listed by time, with the reason the decoder gave.
 */
export function unansweredNotes(
  times: readonly number[],
  answered: ReadonlySet<number>,
  stats: FrameSourceStats,
): Evidence[] {
  const lost = times.filter((_, i) => !answered.has(i)).map((t) => `${Math.round(t * 1000) / 1000} s`);
  if (lost.length === 0)
    return stats.decodeErrors.length > 0
      ? [
          {
            kind: 'note',
            detail: `Decoder error (every sampled instant was still analysed): ${stats.decodeErrors[0]}`,
            weight: 0,
          },
        ]
      : [];
  const why: string[] = [];
  if (stats.missing > 0) why.push(`${stats.missing} lie past the end of the data (truncated file?)`);
  if (stats.undecoded > 0 || stats.missing === 0)
    why.push(`the decoder failed${stats.decodeErrors[0] ? ` (${stats.decodeErrors[0]})` : ''}`);
  return [
    {
      kind: 'note',
      detail: `${lost.length} of ${times.length} sampled instants were not analysed (${lost.join(', ')}): ${why.join('; ')}`,
      weight: 0,
    },
  ];
}

export async function analyzeVideoFile(
  classifier: Classifier,
  input: VideoInput,
  settings: VideoSettings,
  onProgress?: ProgressListener,
  findFaces?: FaceFinder,
): Promise<WorkerVideoAnswer> {
  const { file, filename, mimetype } = input;
  const fail = (code: ErrorCode, message: string): WorkerVideoAnswer => ({
    kind: 'result',
    result: buildErrorResponse({ code, message, filename, mimetype, type: 'VIDEO' }),
    thumbnails: [],
  });
  try {
    if (mimetype === 'image/gif' || mimetype === 'image/webp')
      return await analyzeAnimation(classifier, file, filename, settings, onProgress, findFaces);
    checkVideoBytes(file.size, { ...DEFAULT_LIMITS, ...settings.limits });
    if (settings.fallbackDecoder || FFMPEG_ONLY.has(mimetype)) {
      return await analyzeWithFfmpeg(
        classifier,
        input,
        settings,
        onProgress,
        findFaces,
        settings.fallbackDecoder
          ? "this browser's <video> element could not decode it"
          : 'browsers cannot play this container',
      );
    }
    if (typeof VideoDecoder === 'undefined')
      return { kind: 'fallback', reason: 'WebCodecs is not available in this browser' };
    const probe = await probeMp4Video(file.size, async (a, b) => new Uint8Array(await file.slice(a, b).arrayBuffer()));
    if (probe.kind === 'fragmented') return { kind: 'fallback', reason: 'fragmented MP4' };
    const { track } = probe;
    // Length limits from the index alone, before the decoder is even configured.
    const tooLong = checkVideoLength(track.duration, track.cts.length, settings.videoLimits);
    if (tooLong) throw new MediaError(tooLong.code, tooLong.message);
    // A codec WebCodecs cannot decode here (HEVC and MPEG-4 Part 2 in Chromium): ffmpeg.wasm, same sampling.
    try {
      await decoderConfig(track);
    } catch (e) {
      if (!(e instanceof MediaError)) throw e;
      return await analyzeWithFfmpeg(
        classifier,
        input,
        settings,
        onProgress,
        findFaces,
        `this browser cannot decode ${track.codecLabel}`,
      );
    }
    const times = samplingPlan(track.duration, settings.sampling);
    onProgress?.({ kind: 'decoding', filename });
    await beginVideo(file, mimetype, settings);
    const stats: FrameSourceStats = { fed: 0, skipped: 0, missing: 0, undecoded: 0, decodeErrors: [] };
    const thumbnails: [number, string][] = [];
    let done = 0;
    const answered = new Set<number>();
    // Time the models waited for a decoded frame: decoding runs in parallel, in its own worker (decodedFrames).
    let decodeMs = 0;
    let t0 = performance.now();
    for await (const { targets, rgba, jpeg } of decodedFrames(file, track, times, stats)) {
      decodeMs += performance.now() - t0;
      for (const i of targets) {
        answered.add(i);
        const time = times[i] ?? 0;
        // (the index is counted outside the optional call: `f?.(x++)` skips the increment when f is absent)
        onProgress?.({ kind: 'frame', filename, index: done, total: times.length, time });
        done++;
        await videoFrame(classifier, rgba, time, findFaces);
        thumbnails.push([Math.round(time * 1000) / 1000, jpeg]);
      }
      t0 = performance.now();
    }
    if (done === 0)
      throw new MediaError(400, 'No frame of this video could be decoded: the file is corrupt or truncated');
    const notes: Evidence[] = [];
    notes.push(...unansweredNotes(times, answered, stats));
    const result = endVideo(
      classifier,
      {
        filename,
        mimetype,
        width: track.width,
        height: track.height,
        duration: Math.round(track.duration * 1000) / 1000,
        num_frames: track.cts.length,
      },
      { decodeMs, notes },
    );
    onProgress?.({ kind: 'done', filename });
    return { kind: 'result', result, thumbnails };
  } catch (e) {
    if (e instanceof MediaError) return fail(String(e.code) as ErrorCode, e.message);
    const message = e instanceof Error ? e.message : String(e);
    return fail('500', `Internal failure while analysing this video: ${message}`);
  }
}
