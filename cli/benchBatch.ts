/**
 * `npm run bench -- --batch [--dir D] [--jobs 1,2,...] [--wasm-threads off,on] [--rounds R] [--json]`
 * Files per second through the real CLI path (driver pages + in-order pool) over a fixed folder (cli/benchFolder.ts:
 * 1024 px JPEGs with faces and camera EXIF; faces and metadata on), for each jobs x WASM-threads setting. Each
 * setting gets a fresh browser, one warm-up file per page (model loading is not throughput), then R passes over the
 * folder. The load average is printed beside each figure: on a shared machine it is part of the result.
 */
import { availableParallelism, loadavg } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startAppDriver } from './appDriver';
import { runOrdered } from './orderedPool';
import { benchFolder } from './benchFolder';

export interface BatchRow {
  jobs: number;
  wasm_threads: boolean;
  files: number;
  seconds: number;
  files_per_s: number;
  /** 1-minute load average before and after the timed part. */
  load: [number, number];
  errors: number;
}

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback).split(',').filter((s) => s !== '');
}

async function measure(files: string[], jobs: number, wasmThreads: boolean, rounds: number): Promise<BatchRow> {
  const inputs = Array.from({ length: rounds }, () => files).flat();
  const driver = await startAppDriver({ files: inputs, backend: 'wasm', pages: jobs, isolate: wasmThreads });
  try {
    // Warm-up: every page loads its models and answers one file before the clock starts.
    await Promise.all(Array.from({ length: jobs }, (_, slot) => driver.analyze(slot % inputs.length, slot)));
    const load0 = loadavg()[0] ?? 0;
    let errors = 0;
    const t0 = performance.now();
    await runOrdered({
      count: inputs.length,
      workers: jobs,
      window: jobs * 4,
      run: (i, slot) => driver.analyze(i, slot),
      emit: (_, r) => {
        if (r.status[0]?.status.code !== '0') errors++;
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const round2 = (x: number): number => Math.round(x * 100) / 100;
    return { jobs, wasm_threads: wasmThreads, files: inputs.length, seconds: round2(seconds), files_per_s: round2(inputs.length / seconds), load: [round2(load0), round2(loadavg()[0] ?? 0)], errors };
  } finally {
    await driver.close();
  }
}

export async function benchBatch(flag: (name: string) => string | undefined, json: boolean): Promise<void> {
  const cores = availableParallelism();
  const dir = flag('--dir') ?? (await benchFolder());
  const files = readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => join(dir, f));
  const jobsList = list(flag('--jobs'), [...new Set([1, 2, cores, cores * 2])].join(',')).map(Number);
  const threadsList = list(flag('--wasm-threads'), 'off,on').map((t) => t === 'on');
  const rounds = Math.max(1, Number(flag('--rounds') ?? 2));
  const rows: BatchRow[] = [];
  if (!json) console.log(`folder ${dir} (${files.length} files x ${rounds} rounds); ${cores} cores\njobs  wasm-threads  files  seconds  files/s  load 1-min (before, after)  errors`);
  for (const jobs of jobsList)
    for (const wasmThreads of threadsList) {
      const row = await measure(files, jobs, wasmThreads, rounds);
      rows.push(row);
      if (!json)
        console.log(`${String(jobs).padStart(4)}  ${(wasmThreads ? 'on' : 'off').padStart(12)}  ${String(row.files).padStart(5)}  ${row.seconds.toFixed(1).padStart(7)}  ${row.files_per_s.toFixed(2).padStart(7)}  ${row.load.map((l) => l.toFixed(2)).join(', ').padStart(27)}  ${String(row.errors).padStart(6)}`);
    }
  const base = rows.find((r) => r.jobs === 1 && !r.wasm_threads);
  const best = rows.reduce((a, b) => (b.files_per_s > a.files_per_s ? b : a));
  if (json) process.stdout.write(`${JSON.stringify({ folder: dir, cores, rounds, rows, best: { jobs: best.jobs, wasm_threads: best.wasm_threads } })}\n`);
  else if (base) console.log(`best: --jobs ${best.jobs} --wasm-threads ${best.wasm_threads ? 'on' : 'off'}, ${(best.files_per_s / base.files_per_s).toFixed(2)}x --jobs 1 without threads`);
}
