/**
 * Video on the page side: a <video> element decodes (every codec the browser plays), frames are taken at the
 * planned instants by seeking, drawn once into a canvas and handed to the worker, one at a time, so at most one
 * decoded frame is held. Small thumbnails are kept for the timeline.
 */
import * as Comlink from 'comlink';
import { buildErrorResponse } from '../../core/buildResponse';
import type { ProgressListener } from '../../core/progress';
import type { Evidence, HiveResult } from '../../core/response';
import { samplingPlan, type SamplingOptions } from '../../core/video/samplingPlan';
import { checkVideoLength, type VideoLimits } from '../../core/video/videoLimits';
import { DEFAULT_LIMITS } from '../../media/limits';
import { MediaError } from '../../media/MediaError';
import { codecName, probeMp4 } from '../../media/video/mp4Codec';
import type { DetectorApi } from '../../../workers/detector.worker';
import type { AnalyzeSettings } from '../../../workers/detectImage';
import { abortReason } from '../abortReason';
export interface VideoAnalysis {
  result: HiveResult;
  /** The <video> element could not decode the file: the caller may try the fallback decoder (ffmpeg.wasm). */
  undecodable?: boolean;
  /** time -> small JPEG data URL, for the timeline. */
  thumbnails: Map<number, string>;
}

const THUMB = 160;

function once(target: EventTarget, ok: string, fail: string, signal: AbortSignal, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        done(
          new MediaError(400, 'The video stopped responding while seeking: the file is probably truncated or corrupt'),
        ),
      timeoutMs,
    );
    const done = (e?: Error): void => {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener(fail, onFail);
      signal.removeEventListener('abort', onAbort);
      if (e === undefined) resolve();
      else reject(e);
    };
    const onOk = (): void => done();
    const onFail = (): void => done(new MediaError(400, 'The video could not be decoded'));
    const onAbort = (): void => done(abortReason(signal));
    target.addEventListener(ok, onOk, { once: true });
    target.addEventListener(fail, onFail, { once: true });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function unsupportedCodecMessage(file: File): Promise<string> {
  try {
    const tracks = await probeMp4(file.size, async (a, b) => new Uint8Array(await file.slice(a, b).arrayBuffer()));
    if (tracks.hasMoov && tracks.videoCodecs.length === 0) return 'This file has no video track';
    const codec = tracks.videoCodecs[0];
    if (codec) return `This video uses ${codecName(codec)}, which this browser cannot decode`;
  } catch {
    // fall through to the generic message
  }
  return 'This video cannot be decoded by this browser (unsupported codec, or a corrupt or truncated file)';
}

/** The container's own frame count (MP4 / MOV sample table); null where it declares none (WebM, fragmented MP4). */
async function containerFrames(file: File, mime: string): Promise<number | null> {
  if (mime.includes('webm') || mime.includes('matroska')) return null;
  try {
    const tracks = await probeMp4(file.size, async (a, b) => new Uint8Array(await file.slice(a, b).arrayBuffer()));
    return tracks.videoFrames ?? null;
  } catch {
    return null;
  }
}

export async function analyzeVideo(
  signal: AbortSignal,
  api: Comlink.Remote<DetectorApi>,
  file: File,
  mime: string,
  settings: AnalyzeSettings & { sampling?: SamplingOptions; videoLimits?: Partial<VideoLimits> },
  onProgress?: ProgressListener,
): Promise<VideoAnalysis> {
  const thumbnails = new Map<number, string>();
  const fail = (code: '400' | '413', message: string): VideoAnalysis => ({
    result: buildErrorResponse({ code, message, filename: file.name, mimetype: mime, type: 'VIDEO' }),
    thumbnails,
  });
  const limits = { ...DEFAULT_LIMITS, ...settings.limits };
  if (file.size === 0) return fail('400', 'The file is empty (0 bytes)');
  if (file.size > limits.maxVideoBytes)
    return fail(
      '413',
      `Video is ${Math.round(file.size / 2 ** 20)} MB; the limit is ${Math.round(limits.maxVideoBytes / 2 ** 20)} MB`,
    );

  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    video.src = url;
    try {
      await once(video, 'loadeddata', 'error', signal, 30_000);
    } catch (e) {
      if (signal.aborted) throw e;
      const message =
        mime.includes('webm') || mime.includes('matroska')
          ? 'This video cannot be decoded by this browser (unsupported codec, or a corrupt or truncated file)'
          : await unsupportedCodecMessage(file);
      return { ...fail('400', message), undecodable: true };
    }
    const { videoWidth: width, videoHeight: height, duration } = video;
    if (!width || !height) return fail('400', 'This file has no video track');
    // Length limits from the metadata, before any sampled frame is decoded.
    const frames = await containerFrames(file, mime);
    const tooLong = checkVideoLength(duration, frames, settings.videoLimits);
    if (tooLong) return fail('413', tooLong.message);
    const times = samplingPlan(duration, settings.sampling);
    await api.beginVideo(file, mime, { metadata: settings.metadata, trustAnchorsPem: settings.trustAnchorsPem ?? [] });
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const thumb = document.createElement('canvas');
    thumb.width = THUMB;
    thumb.height = Math.max(1, Math.round((THUMB * height) / width));
    const tctx = thumb.getContext('2d');
    if (!ctx || !tctx) throw new MediaError(500, 'No 2D canvas is available to read video frames');
    let analysed = 0;
    const lost: number[] = [];
    for (const [i, t] of times.entries()) {
      signal.throwIfAborted();
      if (Math.abs(video.currentTime - t) > 1e-3 || i > 0) {
        video.currentTime = t;
        try {
          await once(video, 'seeked', 'error', signal, 20_000);
        } catch (e) {
          if (signal.aborted) throw e;
          // A frame that cannot be reached (truncated tail) is skipped, and said so in the answer.
          lost.push(t);
          continue;
        }
      }
      ctx.drawImage(video, 0, 0, width, height);
      const data = ctx.getImageData(0, 0, width, height).data;
      tctx.drawImage(video, 0, 0, thumb.width, thumb.height);
      thumbnails.set(t, thumb.toDataURL('image/jpeg', 0.7));
      onProgress?.({ kind: 'frame', filename: file.name, index: i, total: times.length, time: t });
      await api.videoFrame(Comlink.transfer({ width, height, data }, [data.buffer]), t);
      analysed++;
    }
    if (analysed === 0) return fail('400', 'No frame of this video could be decoded: the file is corrupt or truncated');
    const notes: Evidence[] = lost.length
      ? [
          {
            kind: 'note',
            detail: `${lost.length} of ${times.length} sampled instants were not analysed (${lost.map((t) => `${t} s`).join(', ')}): the browser could not seek to them (corrupt or truncated file?)`,
            weight: 0,
          },
        ]
      : [];
    const result = await api.endVideo(
      {
        filename: file.name,
        mimetype: mime,
        width,
        height,
        duration: Math.round(duration * 1000) / 1000,
        num_frames: frames ?? analysed,
      },
      notes,
    );
    return { result, thumbnails };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
