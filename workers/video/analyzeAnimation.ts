/**
 * Animated GIF / WebP with more than one frame, analysed as a video (issue 21): timestamps from the frame delays
 * (animationTiming), the same sampling plan as a clip, each planned instant's frame decoded by WebCodecs'
 * ImageDecoder (which composites GIF disposal and WebP blending as the browser shows them), the same per-frame
 * results, thumbnails and clip summary. Limits (bytes, canvas pixels, length, frame count) are checked from the
 * blocks before any frame is decoded.
 */
import type { ProgressListener } from '../../src/core/progress';
import { samplingPlan } from '../../src/core/video/samplingPlan';
import { checkVideoLength } from '../../src/core/video/videoLimits';
import { animationTiming, frameAtTime } from '../../src/media/animation';
import { inspectImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import type { Classifier } from '../classifier/classifier';
import type { VideoSettings, WorkerVideoAnswer } from './analyzeVideoFile';
import { thumbnailMaker, toRgba } from './frameImages';
import { beginVideo, endVideo, videoFrame, type FaceFinder } from './videoSession';

export async function analyzeAnimation(
  classifier: Classifier,
  file: Blob,
  filename: string,
  settings: VideoSettings,
  onProgress?: ProgressListener,
  findFaces?: FaceFinder,
): Promise<Extract<WorkerVideoAnswer, { kind: 'result' }>> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { format, mime, header } = inspectImage(bytes, { ...DEFAULT_LIMITS, ...settings.limits });
  const timing = animationTiming(bytes, format);
  if (!timing) throw new MediaError(400, `This ${format.toUpperCase()} is not an animation with more than one frame`);
  const tooLong = checkVideoLength(timing.duration, timing.delaysMs.length, settings.videoLimits);
  if (tooLong) throw new MediaError(tooLong.code, tooLong.message);
  if (typeof ImageDecoder === 'undefined')
    throw new MediaError(
      400,
      `This browser cannot decode the frames of an animated ${format.toUpperCase()} (no ImageDecoder)`,
    );
  const times = samplingPlan(timing.duration, settings.sampling);
  onProgress?.({ kind: 'decoding', filename });
  await beginVideo(file, mime, settings);
  const decoder = new ImageDecoder({ data: bytes, type: mime });
  const thumb = thumbnailMaker();
  const thumbnails: [number, string][] = [];
  const t0 = performance.now();
  let decodeMs = 0;
  try {
    await decoder.tracks.ready;
    for (const [i, time] of times.entries()) {
      const t1 = performance.now();
      let frame: VideoFrame;
      try {
        ({ image: frame } = await decoder.decode({ frameIndex: frameAtTime(timing, time) }));
      } catch (e) {
        throw new MediaError(
          400,
          `Frame ${frameAtTime(timing, time) + 1} of this ${format.toUpperCase()} could not be decoded: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      let rgba;
      try {
        rgba = await toRgba(frame);
      } finally {
        frame.close();
      }
      decodeMs += performance.now() - t1;
      onProgress?.({ kind: 'frame', filename, index: i, total: times.length, time });
      await videoFrame(classifier, rgba, time, findFaces);
      thumbnails.push([time, await thumb(rgba, rgba.width, rgba.height)]);
    }
  } finally {
    decoder.close();
  }
  const result = endVideo(
    classifier,
    {
      filename,
      mimetype: mime,
      width: header.width,
      height: header.height,
      duration: Math.round(timing.duration * 1000) / 1000,
      num_frames: timing.delaysMs.length,
    },
    { decodeMs: Math.min(decodeMs, performance.now() - t0) },
  );
  onProgress?.({ kind: 'done', filename });
  return { kind: 'result', result, thumbnails };
}
