/** Typed progress events from the worker to the page (STYLE.md §7). */
export type ProgressEvent =
  | { kind: 'loading-model'; name: string }
  | { kind: 'decoding'; filename: string }
  | { kind: 'analysing'; filename: string }
  | { kind: 'frame'; filename: string; index: number; total: number; time: number }
  | { kind: 'done'; filename: string }
  /**
   * A fallback decoder (HEIF, ffmpeg) is being loaded from the app's own origin; `firstUse` means it is not cached
   * yet, so it comes over the network this once (`bytes` long, when the server says).
   */
  | { kind: 'loading-decoder'; filename: string; name: string; bytes: number | null; firstUse: boolean };

export type ProgressListener = (event: ProgressEvent) => void;
