/**
 * The default `--jobs` and `--wasm-threads` for the machine the CLI runs on, decided by `npm run bench -- --batch`
 * (figures in README.md, "Files per second"): one page per core, WASM threads off. On 2 cores, two pages gave 1.65x
 * the files per second of one; one page with WASM threads 1.05x, at 1.1-1.5x the CPU per file (onnxruntime's pool
 * waits for its threads), and two pages with threads oversubscribe the cores. Memory caps the page count too: each
 * page adds its own worker, models and decode buffers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

export interface Parallelism {
  jobs: number;
  wasmThreads: boolean;
}

/**
 * Memory, in MiB, of Chromium with one page analysing 1024 px photos with faces, and of each further page: summed
 * PSS from the bench (735 MiB with 1 page, 1,070 with 2, 1,710 with 4), rounded up.
 */
export const BROWSER_MIB = 800;
export const PAGE_MIB = 350;

/**
 * CPUs and memory a container may use, from cgroup v2 (`cpu.max` "200000 100000" = 2 CPUs; `memory.max`). In a
 * Kubernetes pod `os.availableParallelism()` reports the node's cores, not the pod's limit: 64 pages in a pod
 * limited to 2 CPUs would only thrash. Null where there is no limit or no cgroup v2.
 */
export function cgroupLimits(read: (path: string) => string | null = readOrNull): {
  cpus: number | null;
  memoryBytes: number | null;
} {
  const cpu = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  const quota = Number(cpu?.[0]);
  const period = Number(cpu?.[1]);
  const memory = Number(read('/sys/fs/cgroup/memory.max')?.trim());
  return {
    cpus: Number.isFinite(quota) && period > 0 ? Math.max(1, Math.floor(quota / period)) : null,
    memoryBytes: Number.isFinite(memory) && memory > 0 ? memory : null,
  };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function defaultParallelism(
  cores = availableParallelism(),
  memoryBytes = totalmem(),
  limits = cgroupLimits(),
): Parallelism {
  const cpus = Math.min(cores, limits.cpus ?? cores);
  const memoryMiB = Math.min(memoryBytes, limits.memoryBytes ?? memoryBytes) / 2 ** 20;
  const byMemory = 1 + Math.floor((memoryMiB - BROWSER_MIB) / PAGE_MIB);
  return { jobs: Math.max(1, Math.min(cpus, byMemory)), wasmThreads: false };
}
