/**
 * How long one file may take, and how long the detector worker may stay silent, before the page gives up on it,
 * answers that file with a 500 and starts a fresh worker. Generous by default: a slow machine must not lose
 * honest work; the limits exist for hung or dead workers.
 */
export interface WatchdogOptions {
  /** Longest an image may take, model loading included. */
  imageMs: number;
  /** Longest a video may take. */
  videoMs: number;
  /** While a file is in flight the worker is pinged every `pingMs`; no answer for `silenceMs` means it is gone. */
  silenceMs: number;
  pingMs: number;
}

// 60 s of silence: the worker's message loop is blocked only while onnxruntime runs synchronously (one crop at a
// time), which takes well under a second per crop here (PITFALLS.md), so a minute of silence is not a busy worker.
export const DEFAULT_WATCHDOG: Readonly<WatchdogOptions> = Object.freeze({
  imageMs: 5 * 60_000,
  videoMs: 30 * 60_000,
  silenceMs: 60_000,
  pingMs: 2_000,
});

/** `?imageTimeout=`, `?videoTimeout=`, `?workerSilence=` in seconds (fractions allowed); anything else keeps the default. */
export function watchdogFromUrl(url: URL): WatchdogOptions {
  const seconds = (name: string, fallbackMs: number): number => {
    const v = Number(url.searchParams.get(name) ?? '');
    return Number.isFinite(v) && v > 0 ? v * 1000 : fallbackMs;
  };
  const silenceMs = seconds('workerSilence', DEFAULT_WATCHDOG.silenceMs);
  return {
    imageMs: seconds('imageTimeout', DEFAULT_WATCHDOG.imageMs),
    videoMs: seconds('videoTimeout', DEFAULT_WATCHDOG.videoMs),
    silenceMs,
    pingMs: Math.min(DEFAULT_WATCHDOG.pingMs, silenceMs / 4),
  };
}

/** "300 ms", "12 s", "5 min": for error messages a person reads. */
export function describeMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
