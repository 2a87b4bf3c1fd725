/** Typed progress events from the worker to the page (STYLE.md §7). */
export type ProgressEvent =
  | { kind: 'loading-model'; name: string }
  | { kind: 'decoding'; filename: string }
  | { kind: 'analysing'; filename: string }
  | { kind: 'frame'; filename: string; index: number; total: number; time: number }
  | { kind: 'done'; filename: string };

export type ProgressListener = (event: ProgressEvent) => void;
