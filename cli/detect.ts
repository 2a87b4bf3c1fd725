/**
 * `npm run detect -- [options] [<file|dir>...]` (options: cli/args.ts USAGE)
 * JSON Lines, one per file, in input order: on stdout, or appended to the `--resume` file. Exit 0 when every file
 * produced a line (error lines included), 2 on usage errors, 1 when the run itself failed (no browser, no built app).
 */
import { once } from 'node:events';
import { parseDetectArgs, USAGE, type DetectArgs } from './args';
import { UsageError } from './readOptions';
import { collectFiles } from './collectFiles';
import { startAppDriver } from './appDriver';
import { readPathList } from './pathList';
import { inShard } from './shard';
import { openResumeLog, type ResumeLog } from './resumeLog';
import { runOrdered } from './orderedPool';
import { defaultParallelism } from './parallelism';
import { progressReporter } from './progress';

/** Answers a page may hold, per job, beyond the one in hand: enough to ride over one slow file, not a pile-up. */
const WINDOW_PER_JOB = 4;

async function inputFiles(args: DetectArgs): Promise<string[]> {
  const files = collectFiles(args.paths);
  if (args.filesFrom !== null) for (const f of collectFiles(await readPathList(args.filesFrom))) files.push(f);
  const shard = args.shard;
  return shard === null ? files : files.filter((f) => inShard(f, shard));
}

async function writeOut(line: string): Promise<void> {
  // Respect back-pressure: a slow reader at the end of a pipe must not make stdout buffer the whole run.
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseDetectArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message ? `error: ${e.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  let files: string[];
  try {
    files = await inputFiles(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  let log: ResumeLog | null = null;
  if (args.resume !== null) {
    log = openResumeLog(args.resume);
    if (log.droppedBytes > 0)
      process.stderr.write(`resume: cut a torn last line (${log.droppedBytes} bytes) from ${args.resume}\n`);
    // Each file once: a path listed twice would otherwise get two lines in the first run and none after a restart.
    const seen = new Set(log.done);
    const before = files.length;
    files = files.filter((f) => {
      if (seen.has(f)) return false;
      seen.add(f);
      return true;
    });
    process.stderr.write(
      `resume: ${log.done.size} already answered in ${args.resume}, ${files.length} to go (${before - files.length} skipped)\n`,
    );
  }
  if (files.length === 0) {
    log?.close();
    // An empty shard, or a finished resume, is a normal outcome; an empty list of inputs is a usage error.
    if (args.shard !== null || log !== null) return 0;
    process.stderr.write(
      `error: no files found in ${[...args.paths, ...(args.filesFrom === null ? [] : [args.filesFrom])].join(', ')}\n${USAGE}\n`,
    );
    return 2;
  }
  const defaults = defaultParallelism();
  const jobs = Math.min(args.jobs ?? defaults.jobs, files.length);
  const driver = await startAppDriver({
    files,
    backend: args.backend,
    metadata: args.metadata,
    faces: args.faces,
    crops: args.crops,
    fps: args.fps,
    pages: jobs,
    isolate: args.wasmThreads ?? defaults.wasmThreads,
  });
  const progress = progressReporter(files.length, process.stderr);
  try {
    await runOrdered({
      count: files.length,
      workers: jobs,
      window: jobs * WINDOW_PER_JOB,
      run: (index, slot) => driver.analyze(index, slot),
      emit: async (index, result) => {
        const file = files[index] ?? '';
        // `file` (the path as listed) is a CLI extension beside Hive's `status`: it is what --resume and shard
        // merging key on, since the Hive `filename` is only the base name.
        const line = JSON.stringify({ file, ...result });
        if (log) log.append(line);
        else await writeOut(line);
        progress.done(file);
      },
    });
    progress.end();
  } finally {
    log?.close();
    await driver.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
