/**
 * Sampled, converted frames for the detector, produced in a worker of their own (frameDecoder.worker.ts) so that
 * decoding runs while the models run. Flow control: the decoder may send `FRAMES_AHEAD` frames before the detector
 * takes one, so at most that many RGBA frames (plus the one being classified) exist at a time. Ending the
 * iteration, or terminating the detector's worker (cancel), ends the decoder's worker with it.
 * Where a worker cannot start one (no nested workers), the same pipeline runs in this thread instead.
 */
import { MediaError } from '../../src/media/MediaError';
import type { Mp4VideoTrack } from '../../src/media/video/mp4Demux';
import { convertedFrames, type DecodedFrame, type FromFrameDecoder, type ToFrameDecoder } from './frameProducer';
import type { FrameSourceStats } from './webcodecsFrames';
import { wakeup } from './wakeup';

export const FRAMES_AHEAD = 2;

export async function* decodedFrames(
  file: Blob,
  track: Mp4VideoTrack,
  times: number[],
  stats: FrameSourceStats,
): AsyncGenerator<DecodedFrame> {
  if (typeof Worker === 'undefined') {
    yield* convertedFrames(file, track, times, stats);
    return;
  }
  const worker = new Worker(new URL('./frameDecoder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'frame-decoder',
  });
  const inbox: FromFrameDecoder[] = [];
  let crashed: string | null = null;
  const { wait, notify } = wakeup();
  worker.onmessage = (e: MessageEvent<FromFrameDecoder>) => {
    inbox.push(e.data);
    notify();
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    crashed = e.message || 'it stopped';
    notify();
  };
  const send = (m: ToFrameDecoder): void => worker.postMessage(m);
  let received = 0;
  try {
    send({ type: 'start', file, track, times, ahead: FRAMES_AHEAD });
    for (;;) {
      while (inbox.length === 0 && crashed === null) await wait();
      const m = inbox.shift();
      if (!m) {
        if (received === 0) break; // the worker could not even start: decode here instead (below)
        throw new Error(`The frame decoder failed: ${crashed}`);
      }
      received++;
      if (m.type === 'end') {
        Object.assign(stats, m.stats);
        return;
      }
      if (m.type === 'error') throw new MediaError(m.code, m.message);
      send({ type: 'credit' });
      yield m.frame;
    }
  } finally {
    worker.terminate();
  }
  yield* convertedFrames(file, track, times, stats);
}
