/**
 * The default `--jobs` and `--wasm-threads` for a machine, from `npm run bench -- --batch` (figures in README.md,
 * "Command line"): PLACEHOLDER until measured.
 */
import { availableParallelism } from 'node:os';

export interface Parallelism {
  jobs: number;
  wasmThreads: boolean;
}

export function defaultParallelism(cores = availableParallelism()): Parallelism {
  return { jobs: Math.max(1, cores), wasmThreads: false };
}
