/**
 * A per-file watch on the detector worker: a deadline for the file, and a heartbeat that notices a worker which
 * is gone. A terminated or killed worker sends no event at all (only uncaught errors do), so a call to it would
 * simply never return; pinging it while a file is in flight is the only way to tell "busy" from "dead".
 */
import { describeMs } from './watchdog';

export interface WatchLimits {
  deadlineMs: number;
  /** What the deadline is for, for the message: "an image", "a video". */
  kind: string;
  silenceMs: number;
  pingMs: number;
  /**
   * Silence is not judged until this settles: a worker creating its model session blocks its message loop for
   * seconds (2.8 s here for a restarted worker), which is work, not death. The deadline still runs meanwhile, and
   * catches a worker that dies silently while initialising; one that crashes with an error is caught by its event.
   */
  quietUntil?: Promise<unknown>;
}

export interface Watch {
  /** Rejects when the deadline passes or the worker stays silent too long; never resolves. */
  failed: Promise<never>;
  stop(): void;
  /** The longest time seen without an answer from the worker (measured at each heartbeat). */
  longestSilenceMs(): number;
}

/** `ping` is any round trip through the worker's message loop; an answer, even an error, proves it alive. */
export function watchWorker(ping: () => Promise<unknown>, limits: WatchLimits): Watch {
  let reject: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, r) => {
    reject = r;
  });
  failed.catch(() => undefined);
  let lastAlive = performance.now();
  let waiting = false;
  let longest = 0;
  let armed = !limits.quietUntil;
  limits.quietUntil?.then(
    () => {
      armed = true;
      lastAlive = performance.now();
    },
    () => undefined,
  );
  const deadline = setTimeout(
    () => reject(new Error(`it took longer than ${describeMs(limits.deadlineMs)}, the time limit for ${limits.kind}`)),
    limits.deadlineMs,
  );
  const beat = setInterval(() => {
    if (!armed) return;
    const silent = performance.now() - lastAlive;
    longest = Math.max(longest, silent);
    if (silent > limits.silenceMs) {
      reject(new Error(`the detector worker stopped responding for ${describeMs(silent)} (it crashed or was killed)`));
      return;
    }
    if (waiting) return;
    waiting = true;
    const answered = (): void => {
      lastAlive = performance.now();
      waiting = false;
    };
    ping().then(answered, answered);
  }, limits.pingMs);
  return {
    failed,
    stop: () => {
      clearTimeout(deadline);
      clearInterval(beat);
    },
    longestSilenceMs: () => longest,
  };
}
