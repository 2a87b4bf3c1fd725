/**
 * Flow control for a worker that decodes ahead of the detector: it may hand over at most `ahead` frames the
 * detector has not taken yet; each frame the detector takes gives one credit back. Both decoding workers (WebCodecs
 * and ffmpeg.wasm) pace themselves with it, so a slow detector never lets decoded frames pile up in memory.
 */
import { wakeup } from './wakeup';

export interface CreditGate {
  /** A new clip: `ahead` frames may be handed over before the first credit comes back. */
  reset(ahead: number): void;
  /** The detector took a frame. */
  give(): void;
  /** Waits for a credit and spends it. */
  take(): Promise<void>;
}

export function creditGate(): CreditGate {
  let credit = 0;
  const credited = wakeup();
  return {
    reset(ahead) {
      credit = ahead;
    },
    give() {
      credit++;
      credited.notify();
    },
    async take() {
      while (credit <= 0) await credited.wait();
      credit--;
    },
  };
}
