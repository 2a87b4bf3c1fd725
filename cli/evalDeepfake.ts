/**
 * `npm run eval:deepfake -- <manifest.tsv> <root> [<manifest2.tsv> <root2> ...] [--split-file F] [--portraits-split F]
 *   [--backend wasm|webgpu] [--jobs N] [--limit N] [--json] [--scores FILE]`
 * The deepfake head measured the way users get it: each file goes through the built app (faces from the shipped
 * detector, the shipped head, the product's frame sampling and clip rule), and the report gives file AUC (fakes vs real
 * files with a judged face) with 95% bootstrap intervals over sources (repository and method: deepfakeSet.ts), the
 * face-level false-positive rate on real faces at the shipped threshold, how often no face was found, a per-method
 * table, and the `deepfake` score on AI-generated portraits (deepfakeReport.ts says which files count where).
 * `--split-file` (default: the shipped deepfake.json's `train_split`) says which files the head trained on: they are left
 * out.
 * `--scores` keeps every file's frames and face boxes, so a baseline (training/deepfake/meso_same_faces.py) can be
 * scored on exactly the same faces.
 */
import { writeFileSync } from 'node:fs';
import { parseBackend, parseJobs } from './args';
import { startAppDriver } from './appDriver';
import { readDeepfakeSet } from './deepfakeSet';
import { deepfakeReport } from './deepfakeReport';
import { rowFields, type DeepfakeRow } from './deepfakeRow';
import type { Interval } from './bootstrap';
import { runOrdered } from './orderedPool';
import { repoRoot } from './paths';
import { readOptions, UsageError } from './readOptions';
import { readSplitFile, shippedTrainSplit } from './splitFile';

const USAGE =
  'usage: npm run eval:deepfake -- <manifest.tsv> <root> [<manifest2.tsv> <root2> ...] [--split-file F] [--portraits-split F] [--backend wasm|webgpu] [--jobs N] [--limit N] [--json] [--scores FILE]';

async function main(): Promise<number> {
  let o;
  let backend: 'auto' | 'wasm' | 'webgpu';
  let jobs: number;
  let limit: number;
  try {
    o = readOptions(process.argv.slice(2), {
      valued: ['--split-file', '--portraits-split', '--backend', '--jobs', '--limit', '--scores'],
      flags: ['--json'],
    });
    if (o.positionals.length < 2 || o.positionals.length % 2 !== 0)
      throw new UsageError('expected pairs of <manifest.tsv> <root>');
    backend = parseBackend(o.values.get('--backend') ?? 'wasm');
    jobs = parseJobs(o.values.get('--jobs') ?? '1');
    limit = Number(o.values.get('--limit') ?? 0);
    if (!(Number.isInteger(limit) && limit >= 0)) throw new UsageError('--limit must be a whole number');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `${e.message}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const v = (name: string): string | undefined => o.values.get(name);
  const sets = [];
  for (let i = 0; i < o.positionals.length; i += 2)
    sets.push({ manifest: o.positionals[i]!, root: o.positionals[i + 1]! });
  const portraits = v('--portraits-split');
  let items = readDeepfakeSet(
    sets,
    readSplitFile(
      v('--split-file') ??
        `${repoRoot}/${shippedTrainSplit(`${repoRoot}/public/models/deepfake.json`, 'training/deepfake/split.tsv')}`,
    ),
    portraits ? readSplitFile(portraits) : null,
  );
  if (limit > 0) items = items.slice(0, limit);
  if (items.length === 0) throw new Error('no deepfake, real or portrait rows to evaluate');
  const driver = await startAppDriver({
    files: items.map((i) => i.path),
    backend,
    faces: true,
    pages: jobs,
  });
  const rows: DeepfakeRow[] = [];
  try {
    await runOrdered({
      count: items.length,
      workers: jobs,
      window: jobs * 4,
      run: (i, w) => driver.analyze(i, w),
      emit: (i, result) => {
        rows.push({ ...items[i]!, ...rowFields(result) });
        process.stderr.write(`\r[${i + 1}/${items.length}]`);
      },
    });
  } finally {
    await driver.close();
  }
  process.stderr.write('\n');
  const scoresFile = v('--scores');
  if (scoresFile) writeFileSync(scoresFile, `${JSON.stringify(rows)}\n`);
  const report = deepfakeReport(rows);
  if (o.flags.has('--json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const f = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  const ci = (i: Interval): string => `[${f(i.lo)}, ${f(i.hi)}]`;
  const r = report;
  console.log(
    `files ${r.files} (errors ${r.errors}); fakes ${r.fakes} from ${r.fake_sources} sources (${r.fakes_without_face} with no face found); real files with a judged face ${r.reals_with_face} from ${r.real_sources} sources (${r.reals_without_face} more real files had none)`,
  );
  console.log(`intervals: 95% bootstrap over sources (repository and method)`);
  console.log(
    `file AUC ${f(r.auc)} ${ci(r.auc_interval)}   (highest frame: ${f(r.auc_frame_max)} ${ci(r.auc_frame_max_interval)})`,
  );
  console.log(`at the shipped threshold: fakes detected ${f(r.detected)}, real files called fake ${f(r.file_fpr)}`);
  console.log(`real faces called fake ${f(r.face_fpr)} ${ci(r.face_fpr_interval)} of ${r.real_faces} faces`);
  console.log(
    `AI portraits: ${r.portraits_with_face} of ${r.portraits} with a judged face; called deepfake ${f(r.portrait_file_fpr)} (faces ${f(r.portrait_face_fpr)})`,
  );
  console.log('\nper method                                n  no face  detected  AUC vs real');
  for (const [k, m] of Object.entries(r.per_method))
    console.log(
      `${k.slice(0, 38).padEnd(38)} ${String(m.n).padStart(4)} ${String(m.without_face).padStart(8)}  ${f(m.detected)}     ${f(m.auc)}`,
    );
  for (const row of rows.filter((x) => x.error)) console.log(`error: ${row.path}: ${row.error}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`eval:deepfake failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
