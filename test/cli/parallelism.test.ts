import { describe, expect, it } from 'vitest';
import { cgroupLimits, defaultParallelism } from '../../cli/parallelism';

const GiB = 2 ** 30;
const files = (cpu: string | null, mem: string | null) => (path: string) => (path.endsWith('cpu.max') ? cpu : mem);

describe('defaultParallelism', () => {
  it('runs one page per core, without WASM threads', () => {
    expect(defaultParallelism(2, 16 * GiB, { cpus: null, memoryBytes: null })).toEqual({ jobs: 2, wasmThreads: false });
    expect(defaultParallelism(16, 64 * GiB, { cpus: null, memoryBytes: null }).jobs).toBe(16);
  });
  it('keeps to a container’s CPU and memory limits, and to at least one page', () => {
    expect(defaultParallelism(64, 256 * GiB, { cpus: 2, memoryBytes: null }).jobs).toBe(2);
    expect(defaultParallelism(16, 256 * GiB, { cpus: null, memoryBytes: 2 * GiB }).jobs).toBe(4);
    expect(defaultParallelism(16, 256 * GiB, { cpus: null, memoryBytes: 512 * 2 ** 20 }).jobs).toBe(1);
  });
});

describe('cgroupLimits', () => {
  it('reads cgroup v2 cpu.max and memory.max', () => {
    expect(cgroupLimits(files('200000 100000\n', '2147483648\n'))).toEqual({ cpus: 2, memoryBytes: 2 * GiB });
    expect(cgroupLimits(files('150000 100000', 'max'))).toEqual({ cpus: 1, memoryBytes: null });
  });
  it('reports no limit for "max" or missing files', () => {
    expect(cgroupLimits(files('max 100000', null))).toEqual({ cpus: null, memoryBytes: null });
    expect(cgroupLimits(files(null, null))).toEqual({ cpus: null, memoryBytes: null });
  });
});
