/**
 * MP4 / MOV end to end inside the worker: demux by ranges (mp4box), decode only the samples the sampling plan
 * needs (WebCodecs), classify each sampled frame as it comes out, keep a 160 px JPEG thumbnail per frame for the
 * timeline. Nothing touches the page, so cancel is `worker.terminate()` and stops everything at once.
 * Fragmented MP4 answers `fallback`: the page's <video> element path takes it (as it takes WebM).
 */
import { buildErrorResponse, type ErrorCode } from '../../src/core/buildResponse';
import type { ProgressListener } from '../../src/core/progress';
import type { Evidence, HiveResult } from '../../src/core/response';
import type { Rgba } from '../../src/core/preprocess';
import { samplingPlan, type SamplingOptions } from '../../src/core/video/samplingPlan';
import { checkVideoBytes, DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { probeMp4Video } from '../../src/media/video/mp4Demux';
import type { Classifier } from '../classifier/classifier';
import type { AnalyzeSettings } from '../detectImage';
import { sampledFrames, type FrameSourceStats } from './webcodecsFrames';
import { beginVideo, endVideo, videoFrame, type FaceFinder } from './videoSession';

export const THUMB_WIDTH = 160;

export interface VideoInput {
  file: Blob;
  filename: string;
  /** Sniffed container type (video/mp4, video/quicktime). */
  mimetype: string;
}

export type VideoSettings = AnalyzeSettings & { sampling?: SamplingOptions };

export type WorkerVideoAnswer =
  | { kind: 'result'; result: HiveResult; /** [time, JPEG data URL] per sampled frame. */ thumbnails: [number, string][] }
  | { kind: 'fallback'; reason: string };

/** The visible picture as RGBA: VideoFrame.copyTo converts (Chromium); a canvas draw is the fallback. */
async function toRgba(frame: VideoFrame): Promise<Rgba> {
  const { width, height } = frame.visibleRect ?? { width: frame.displayWidth, height: frame.displayHeight };
  try {
    const data = new Uint8ClampedArray(width * height * 4);
    await frame.copyTo(data, { format: 'RGBA', colorSpace: 'srgb' });
    return { width, height, data };
  } catch {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new MediaError(500, 'No 2D canvas is available in the worker to read video frames');
    ctx.drawImage(frame, 0, 0, width, height);
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  }
}

function thumbnailMaker(): (frame: VideoFrame) => Promise<string> {
  let canvas: OffscreenCanvas | null = null;
  return async (frame) => {
    const h = Math.max(1, Math.round((THUMB_WIDTH * frame.displayHeight) / Math.max(1, frame.displayWidth)));
    if (!canvas || canvas.height !== h) canvas = new OffscreenCanvas(THUMB_WIDTH, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) return '';
    ctx.drawImage(frame, 0, 0, THUMB_WIDTH, h);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return `data:image/jpeg;base64,${btoa(bin)}`;
  };
}

export async function analyzeVideoFile(
  classifier: Classifier,
  input: VideoInput,
  settings: VideoSettings,
  onProgress?: ProgressListener,
  findFaces?: FaceFinder,
): Promise<WorkerVideoAnswer> {
  const { file, filename, mimetype } = input;
  const fail = (code: ErrorCode, message: string): WorkerVideoAnswer => ({ kind: 'result', result: buildErrorResponse({ code, message, filename, mimetype, type: 'VIDEO' }), thumbnails: [] });
  try {
    checkVideoBytes(file.size, { ...DEFAULT_LIMITS, ...settings.limits });
    if (typeof VideoDecoder === 'undefined') return { kind: 'fallback', reason: 'WebCodecs is not available in this browser' };
    const probe = await probeMp4Video(file.size, async (a, b) => new Uint8Array(await file.slice(a, b).arrayBuffer()));
    if (probe.kind === 'fragmented') return { kind: 'fallback', reason: 'fragmented MP4' };
    const { track } = probe;
    const times = samplingPlan(track.duration, settings.sampling);
    onProgress?.({ kind: 'decoding', filename });
    await beginVideo(file, mimetype, settings);
    const stats: FrameSourceStats = { fed: 0, missing: 0, decodeErrors: [] };
    const thumb = thumbnailMaker();
    const thumbnails: [number, string][] = [];
    let done = 0;
    let decodeMs = 0;
    let t0 = performance.now();
    for await (const { targets, frame } of sampledFrames(file, track, times, stats)) {
      let rgba: Rgba;
      let jpeg: string;
      try {
        rgba = await toRgba(frame);
        jpeg = await thumb(frame);
      } finally {
        frame.close();
      }
      decodeMs += performance.now() - t0;
      for (const i of targets) {
        const time = times[i] ?? 0;
        // (the index is counted outside the optional call: `f?.(x++)` skips the increment when f is absent)
        onProgress?.({ kind: 'frame', filename, index: done, total: times.length, time });
        done++;
        await videoFrame(classifier, rgba, time, findFaces);
        thumbnails.push([Math.round(time * 1000) / 1000, jpeg]);
      }
      t0 = performance.now();
    }
    if (done === 0) throw new MediaError(400, 'No frame of this video could be decoded: the file is corrupt or truncated');
    const notes: Evidence[] = [];
    if (stats.missing > 0) notes.push({ kind: 'note', detail: `${stats.missing} of ${times.length} sampled instants lie past the end of the data (truncated file?) and were not analysed`, weight: 0 });
    if (stats.decodeErrors.length > 0) notes.push({ kind: 'note', detail: `Decoder error: ${stats.decodeErrors[0]}`, weight: 0 });
    const result = endVideo(
      classifier,
      { filename, mimetype, width: track.width, height: track.height, duration: Math.round(track.duration * 1000) / 1000, num_frames: track.cts.length },
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
