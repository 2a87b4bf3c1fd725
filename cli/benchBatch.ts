/**
 * `npm run bench -- --batch [--dir D] [--jobs 1,2,...] [--wasm-threads off,on] [--rounds R] [--repeat K]
 * [--warmup N] [--json]`
 * Files per second through the real CLI path (driver pages + in-order pool) over a fixed folder (cli/benchFolder.ts:
 * 1024 px JPEGs with faces and camera EXIF; faces and metadata on), for each jobs x WASM-threads setting. Each
 * setting gets a fresh browser, then N warm-up files per page (default: one pass over the folder), then R passes
 * over the folder. The warm-up is long because a page's first dozen files are not its steady state: V8 keeps
 * recompiling onnxruntime's and MediaPipe's WebAssembly with its optimising tier in the background (a Chrome trace of
 * files 3-16 showed 430 ms of wasm compile jobs on the renderer's thread pool, a third of a core), and every page
 * compiles its own copy, so a one-file warm-up charged two pages twice the compile and hid their speed-up. The
 * warm-up's own time is printed too: it is what each page start costs. The settings are measured in turn K times,
 * interleaved, and the median kept, so a load that comes and goes on a shared machine falls on all settings alike;
 * the load average and the CPU seconds per file (Chromium plus the CLI) are printed beside each figure.
 */
import { availableParallelism, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startAppDriver } from './appDriver';
import { runOrdered } from './orderedPool';
import { benchFolder } from './benchFolder';
import { processCpuSeconds, processPssMiB } from './processStats';

export interface BatchRow {
  jobs: number;
  wasm_threads: boolean;
  files: number;
  seconds: number;
  files_per_s: number;
  /** 1-minute load average before and after the timed part. */
  load: [number, number];
  /** CPU seconds per file, Chromium's processes and the CLI's own; null where /proc is missing. */
  cpu_s_per_file: number | null;
  /** Highest summed proportional memory (PSS) of Chromium's processes seen during the timed part, MiB. */
  peak_pss_mib: number | null;
  errors: number;
  /** Warm-up files per page, and the wall time they took (page start-up cost beyond model loading). */
  warmup_files: number;
  warmup_seconds: number;
}

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback).split(',').filter((s) => s !== '');
}

async function measure(
  files: string[],
  jobs: number,
  wasmThreads: boolean,
  rounds: number,
  warmup: number,
): Promise<BatchRow> {
  const inputs = Array.from({ length: rounds }, () => files).flat();
  const driver = await startAppDriver({ files: inputs, backend: 'wasm', pages: jobs, isolate: wasmThreads });
  try {
    // Warm-up: every page answers `warmup` files (the models are already loaded by then) before the clock starts.
    const w0 = performance.now();
    await Promise.all(
      Array.from({ length: jobs }, async (_, slot) => {
        for (let k = 0; k < warmup; k++) await driver.analyze((slot + k * jobs) % inputs.length, slot);
      }),
    );
    const warmupSeconds = (performance.now() - w0) / 1000;
    const load0 = loadavg()[0] ?? 0;
    let errors = 0;
    const cpu0 = processCpuSeconds(driver.userDataDir);
    const own0 = process.cpuUsage();
    let peakPss: number | null = null;
    const samplePss = (): void => {
      const pss = processPssMiB(driver.userDataDir);
      if (pss !== null) peakPss = Math.max(peakPss ?? 0, pss);
    };
    const t0 = performance.now();
    await runOrdered({
      count: inputs.length,
      workers: jobs,
      window: jobs * 4,
      run: (i, slot) => driver.analyze(i, slot),
      emit: (i, r) => {
        if (r.status[0]?.status.code !== '0') errors++;
        if (i % 4 === 0) samplePss();
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = processCpuSeconds(driver.userDataDir);
    const own = process.cpuUsage(own0);
    const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 + (own.user + own.system) / 1e6;
    const round2 = (x: number): number => Math.round(x * 100) / 100;
    return {
      jobs,
      wasm_threads: wasmThreads,
      files: inputs.length,
      seconds: round2(seconds),
      files_per_s: round2(inputs.length / seconds),
      load: [round2(load0), round2(loadavg()[0] ?? 0)],
      cpu_s_per_file: cpu === null ? null : round2(cpu / inputs.length),
      peak_pss_mib: peakPss === null ? null : Math.round(peakPss),
      errors,
      warmup_files: warmup,
      warmup_seconds: round2(warmupSeconds),
    };
  } finally {
    await driver.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function formatRow(r: BatchRow): string {
  const cpu = r.cpu_s_per_file === null ? '-' : r.cpu_s_per_file.toFixed(2);
  const pss = r.peak_pss_mib === null ? '-' : String(r.peak_pss_mib);
  return `${String(r.jobs).padStart(4)}  ${(r.wasm_threads ? 'on' : 'off').padStart(12)}  ${String(r.files).padStart(5)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.files_per_s.toFixed(2).padStart(7)}  ${cpu.padStart(10)}  ${pss.padStart(8)}  ${r.load
    .map((l) => l.toFixed(2))
    .join(', ')
    .padStart(18)}  ${String(r.errors).padStart(6)}  ${r.warmup_seconds.toFixed(1).padStart(9)}`;
}

export async function benchBatch(flag: (name: string) => string | undefined, json: boolean): Promise<void> {
  const cores = availableParallelism();
  const dir = flag('--dir') ?? (await benchFolder());
  const files = readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
  const jobsList = list(flag('--jobs'), [...new Set([1, 2, cores, cores * 2])].join(',')).map(Number);
  const threadsList = list(flag('--wasm-threads'), 'off,on').map((t) => t === 'on');
  const rounds = Math.max(1, Number(flag('--rounds') ?? 2));
  const repeat = Math.max(1, Number(flag('--repeat') ?? 1));
  const warmup = Number(flag('--warmup') ?? files.length);
  if (!Number.isInteger(warmup) || warmup < 1)
    throw new Error(`--warmup must be a whole number >= 1, not ${flag('--warmup')}`);
  const settings = jobsList.flatMap((jobs) => threadsList.map((wasmThreads) => ({ jobs, wasmThreads })));
  const samples: BatchRow[][] = settings.map(() => []);
  if (!json) {
    console.log(
      `folder ${dir} (${files.length} files x ${rounds} rounds, ${warmup} warm-up files per page), ${cores} cores, ${repeat} interleaved repeats`,
    );
    console.log(
      'jobs  wasm-threads  files  seconds  files/s  CPU s/file  PSS MiB  load before, after  errors  warm-up s',
    );
  }
  for (let k = 0; k < repeat; k++)
    for (const [i, s] of settings.entries()) {
      const row = await measure(files, s.jobs, s.wasmThreads, rounds, warmup);
      samples[i]!.push(row);
      if (!json) console.log(formatRow(row));
    }
  // Per setting, the sample with the median files/s (a real run, not a blend of runs).
  const rows = samples.map((xs) => {
    const m = median(xs.map((x) => x.files_per_s));
    return xs.reduce((a, b) => (Math.abs(b.files_per_s - m) < Math.abs(a.files_per_s - m) ? b : a));
  });
  // rows, samples and settings share one index: the baseline is the setting of one page without threads.
  const baseIndex = settings.findIndex((s) => s.jobs === 1 && !s.wasmThreads);
  const base = baseIndex < 0 ? undefined : rows[baseIndex];
  const best = rows.reduce((a, b) => (b.files_per_s > a.files_per_s ? b : a));
  // The speed-up within each repeat (settings measured minutes apart, so a load that drifts over the run moves
  // both alike), and its median: the figure to compare with a floor, less exposed to drift than a ratio of medians.
  const speedups = settings.map((s, i) => ({
    jobs: s.jobs,
    wasm_threads: s.wasmThreads,
    per_repeat: baseIndex < 0 ? [] : samples[i]!.map((x, k) => x.files_per_s / samples[baseIndex]![k]!.files_per_s),
  }));
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ folder: dir, cores, rounds, repeat, warmup, rows, samples: samples.flat(), speedups, best: { jobs: best.jobs, wasm_threads: best.wasm_threads } })}\n`,
    );
    return;
  }
  if (repeat > 1) {
    console.log('medians:');
    for (const r of rows) console.log(formatRow(r));
  }
  if (baseIndex >= 0 && repeat > 1)
    for (const [i, sp] of speedups.entries()) {
      if (i === baseIndex) continue;
      console.log(
        `speed-up of --jobs ${sp.jobs} --wasm-threads ${sp.wasm_threads ? 'on' : 'off'} over --jobs 1 without threads, per repeat: ${sp.per_repeat.map((r) => r.toFixed(2)).join(' ')}; median ${median(sp.per_repeat).toFixed(2)}x`,
      );
    }
  if (base)
    console.log(
      `best: --jobs ${best.jobs} --wasm-threads ${best.wasm_threads ? 'on' : 'off'}, ${(best.files_per_s / base.files_per_s).toFixed(2)}x --jobs 1 without threads`,
    );
}
