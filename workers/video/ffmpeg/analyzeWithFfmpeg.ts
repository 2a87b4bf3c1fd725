/**
 * A clip the browser cannot decode, through ffmpeg.wasm in a worker of its own (ffmpegDecoder.worker.ts), with the
 * same sampling plan, per-frame analysis, thumbnails and clip summary as the WebCodecs path. The decoder worker
 * may run `FRAMES_AHEAD` frames ahead of the models (credits), so decoding overlaps inference and memory stays
 * bounded. A decoder that fails or runs out of memory fails this file only: its worker is terminated at the end of
 * every file, and the next file starts a fresh one.
 */
import type { ProgressListener } from '../../../src/core/progress';
import type { Evidence } from '../../../src/core/response';
import { MediaError } from '../../../src/media/MediaError';
import type { Classifier } from '../../classifier/classifier';
import type { VideoSettings, WorkerVideoAnswer } from '../analyzeVideoFile';
import { FRAMES_AHEAD } from '../decodedFrames';
import { beginVideo, endVideo, videoFrame, type FaceFinder } from '../videoSession';
import { wakeup } from '../wakeup';
import type { FfmpegClipInfo, FromFfmpeg, ToFfmpeg } from './protocol';

export async function analyzeWithFfmpeg(
  classifier: Classifier,
  input: { file: Blob; filename: string; mimetype: string },
  settings: VideoSettings,
  onProgress?: ProgressListener,
  findFaces?: FaceFinder,
  why = 'this browser cannot decode it',
): Promise<Extract<WorkerVideoAnswer, { kind: 'result' }>> {
  const { file, filename, mimetype } = input;
  const worker = new Worker(new URL('./ffmpegDecoder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ffmpeg-decoder',
  });
  const inbox: FromFfmpeg[] = [];
  let crashed: string | null = null;
  const { wait, notify } = wakeup();
  worker.onmessage = (e: MessageEvent<FromFfmpeg>) => {
    inbox.push(e.data);
    notify();
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    crashed = e.message || 'it stopped (out of memory?)';
    notify();
  };
  const send = (m: ToFfmpeg): void => worker.postMessage(m);
  const next = async (): Promise<FromFfmpeg> => {
    for (;;) {
      const m = inbox.shift();
      if (m) return m;
      if (crashed !== null)
        throw new MediaError(500, `The video decoder (ffmpeg.wasm) crashed on this file: ${crashed}`);
      await wait();
    }
  };
  const thumbnails: [number, string][] = [];
  const lost: { time: number; reason: string }[] = [];
  let info: FfmpegClipInfo | null = null;
  let decodeMs = 0;
  /** The decoded frames' own size: after ffmpeg's autorotation, i.e. as the clip is displayed. */
  let shown: { width: number; height: number } | null = null;
  try {
    send({
      type: 'start',
      file,
      ahead: FRAMES_AHEAD,
      ...(settings.sampling ? { sampling: settings.sampling } : {}),
      ...(settings.videoLimits ? { videoLimits: settings.videoLimits } : {}),
    });
    let done = 0;
    let t0 = performance.now();
    for (;;) {
      const m = await next();
      if (m.type === 'loading') onProgress?.({ kind: 'loading-decoder', filename, ...m.fetch });
      else if (m.type === 'error') throw new MediaError(m.code, m.message);
      else if (m.type === 'info') {
        info = m.info;
        onProgress?.({ kind: 'decoding', filename });
        await beginVideo(file, mimetype, settings);
        t0 = performance.now();
      } else if (m.type === 'lost') lost.push({ time: info?.times[m.index] ?? 0, reason: m.reason });
      else if (m.type === 'frame') {
        decodeMs += performance.now() - t0;
        shown ??= { width: m.frame.rgba.width, height: m.frame.rgba.height };
        send({ type: 'credit' });
        for (const i of m.frame.targets) {
          const time = info?.times[i] ?? 0;
          onProgress?.({ kind: 'frame', filename, index: done, total: info?.times.length ?? 0, time });
          done++;
          await videoFrame(classifier, m.frame.rgba, time, findFaces);
          thumbnails.push([time, m.frame.jpeg]);
        }
        t0 = performance.now();
      } else break;
    }
    if (!info || done === 0)
      throw new MediaError(
        400,
        `No frame of this video could be decoded (${info?.codec ?? 'unknown codec'}): the file is corrupt or truncated`,
      );
    const notes: Evidence[] = [
      {
        kind: 'note',
        detail: `Decoded by ffmpeg.wasm (codec ${info.codec}${info.indexed ? '; only the samples the sampled frames need, read from the MP4 index' : ''}) because ${why}`,
        weight: 0,
      },
    ];
    if (lost.length > 0)
      notes.push({
        kind: 'note',
        detail: `${lost.length} of ${info.times.length} sampled instants were not analysed (${lost.map((l) => `${l.time} s`).join(', ')}): ${lost[0]!.reason}`,
        weight: 0,
      });
    const result = endVideo(
      classifier,
      {
        filename,
        mimetype,
        width: shown?.width ?? info.width,
        height: shown?.height ?? info.height,
        duration: Math.round(info.duration * 1000) / 1000,
        num_frames: info.frames ?? done,
      },
      { decodeMs, notes },
    );
    onProgress?.({ kind: 'done', filename });
    return { kind: 'result', result, thumbnails };
  } finally {
    worker.terminate();
  }
}
