/**
 * The frame decoder's own worker. WebCodecs hands decoded frames back through the thread that owns the decoder;
 * the detector's thread is blocked for ~100 ms at a time inside the (synchronous) wasm inference, so a decoder
 * owned there sat idle for most of each inference (measured: test/video/README-bench.md). Here it is kept busy
 * while the detector classifies, and at most `ahead` converted frames wait for the detector (credits).
 */
import { MediaError } from '../../src/media/MediaError';
import { convertedFrames, type FromFrameDecoder, type ToFrameDecoder } from './frameProducer';
import type { FrameSourceStats } from './webcodecsFrames';
import { creditGate } from './creditGate';

const credits = creditGate();

function post(m: FromFrameDecoder, transfer: Transferable[] = []): void {
  self.postMessage(m, { transfer });
}

async function run(m: Extract<ToFrameDecoder, { type: 'start' }>): Promise<void> {
  const stats: FrameSourceStats = { fed: 0, skipped: 0, missing: 0, undecoded: 0, decodeErrors: [] };
  try {
    for await (const frame of convertedFrames(m.file, m.track, m.times, stats)) {
      await credits.take();
      post({ type: 'frame', frame }, [frame.rgba.data.buffer]);
    }
    post({ type: 'end', stats });
  } catch (e) {
    post({
      type: 'error',
      code: e instanceof MediaError ? e.code : 500,
      message: e instanceof Error ? e.message : String(e),
    });
  }
}

self.onmessage = (e: MessageEvent<ToFrameDecoder>): void => {
  const m = e.data;
  if (m.type === 'credit') {
    credits.give();
  } else {
    credits.reset(m.ahead);
    void run(m);
  }
};
