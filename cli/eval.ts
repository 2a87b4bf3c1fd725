/**
 * `npm run eval -- <manifest.tsv> <root> [<manifest2.tsv> <root2> ...] [--split-file training/split.tsv --split val] [--backend wasm] [--limit N] [--crops N] [--no-metadata] [--json] [--scores FILE]` (parsed by evalArgs.ts)
 * Runs the built app (same path as the CLI) over a labelled set and prints the model card's metrics: AUC,
 * accuracy, false-positive rate on real photos at the shipped threshold, ECE, source top-1, and per-source /
 * per-generator breakdowns. `--split` keeps only the rows a split file assigns to that split. `--no-metadata` scores the
 * pixel model alone, as training/evaluate.py does; by default metadata evidence is fused in, as in the product.
 * Intervals are 95% cluster-bootstrap intervals over sources (bootstrap.ts).
 *
 * Source top-1 asks "which generator made this AI image?", so it is read from the product's source head without
 * `none`: `none` there is 1 - P(AI), the generation head's answer, already counted by the detection rate. Counting
 * it here made an AI image scored 0.6 a source miss whatever the head named (53.8% against evaluate.py's 76.3% for
 * the same model). `inconclusive` stays in: an abstention is a miss, and how often it happens is reported.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isGeneratorClass, SOURCE_CLASSES } from '../src/core/classes';
import { scoreOf } from '../src/core/headScores';
import { startAppDriver } from './appDriver';
import { UsageError } from './readOptions';
import { EVAL_USAGE, parseEvalArgs, type EvalArgs } from './evalArgs';
import { readLabelledSet, type LabelledItem } from './labelledSet';
import { readSplitFile, shippedTrainSplit, trainedGenerators } from './splitFile';
import { auc, confusion, ece } from './metrics';
import { clusterBootstrap, type Interval } from './bootstrap';
import { repoRoot } from './paths';

/** Dataset generator label -> Hive class, written by training/hive_classes.py (committed): the mapping training used. */
function generatorMap(): Record<string, string> {
  const p = `${repoRoot}/training/generator_map.json`;
  if (!existsSync(p)) throw new Error(`${p} is missing: source top-1 needs the training label map`);
  return JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>;
}

interface Row extends LabelledItem {
  pAi: number;
  /** The product's top source class other than `none` (a generator, or `inconclusive`). */
  topSource: string;
  expected: string | null;
  error: string | null;
}

function group(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

async function main(): Promise<number> {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `${e.message}\n` : ''}${EVAL_USAGE}\n`);
    return 2;
  }
  const { splitFile, split } = args;
  const keep =
    splitFile !== null && split !== null
      ? new Set(
          readSplitFile(splitFile)
            .filter((r) => r.split === split)
            .map((r) => r.path),
        )
      : null;
  let items: LabelledItem[] = [];
  for (const { manifest, root } of args.sets) {
    const set = readLabelledSet(manifest, root);
    items.push(...(keep === null ? set : set.filter((it) => keep.has(it.path.slice(root.length).replace(/^\/+/, '')))));
  }
  if (args.limit > 0) items = items.slice(0, args.limit);
  if (items.length === 0) throw new Error('no labelled real/ai rows to evaluate');

  const map = generatorMap();
  // The shipped model's training generators (its split file is committed with it and named in classifier.json's
  // train_split; training/split.tsv before version 3): a generator it never saw cannot be named, so the source floor
  // counts only the others (source_top1_seen).
  const splitTsv = `${repoRoot}/${shippedTrainSplit(`${repoRoot}/public/models/classifier.json`)}`;
  const seen = existsSync(splitTsv) ? trainedGenerators(readSplitFile(splitTsv)) : new Set<string>();
  // --no-metadata scores the pixel model alone (what training/evaluate.py measures); by default the product's
  // answer, in which C2PA / XMP / EXIF evidence moves the score.
  const driver = await startAppDriver({
    files: items.map((i) => i.path),
    backend: args.backend,
    faces: false,
    metadata: args.metadata,
    crops: args.crops,
  });
  const rows: Row[] = [];
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const r = await driver.analyze(i);
      const entry = r.status[0]!;
      const classes = entry.response.output[0]?.classes ?? [];
      const sources = classes
        .filter((c) => c.class !== 'none' && (SOURCE_CLASSES as readonly string[]).includes(c.class))
        .sort((a, b) => b.score - a.score);
      // As training/hive_classes.py's hive_class: a label the table lacks trains other_image_generators.
      const mapped = map[item.generator] ?? (item.generator ? 'other_image_generators' : '');
      rows.push({
        ...item,
        pAi: scoreOf(classes, 'ai_generated'),
        topSource: sources[0]?.class ?? '',
        expected: item.ai && isGeneratorClass(mapped) ? mapped : null,
        error: entry.status.code === '0' ? null : `${entry.status.code} ${entry.status.message}`,
      });
      process.stderr.write(`\r[${i + 1}/${items.length}]`);
    }
  } finally {
    await driver.close();
  }
  process.stderr.write('\n');
  const ok = rows.filter((r) => r.error === null);
  const s = ok.map((r) => r.pAi);
  const y = ok.map((r) => r.ai);
  const named = ok.filter((r) => r.expected !== null);
  const namedSeen = named.filter((r) => seen.has(r.generator));
  const top1 = (rs: readonly Row[]): number =>
    rs.length ? rs.filter((r) => r.topSource === r.expected).length / rs.length : Number.NaN;
  const abstained = (rs: readonly Row[]): number =>
    rs.length ? rs.filter((r) => r.topSource.startsWith('inconclusive')).length / rs.length : Number.NaN;
  const interval = (rs: readonly Row[], stat: (x: readonly Row[]) => number): Interval =>
    clusterBootstrap(rs, (r) => r.source || r.path, stat, { stratumOf: (r) => (r.ai ? 'ai' : 'real') });
  const report = {
    files: rows.length,
    errors: rows.length - ok.length,
    real: ok.filter((r) => !r.ai).length,
    ai: ok.filter((r) => r.ai).length,
    auc: auc(s, y),
    ...confusion(s, y, 0.5),
    ece: ece(s, y),
    source_top1: top1(named),
    source_top1_n: named.length,
    source_top1_seen: top1(namedSeen),
    source_top1_seen_n: namedSeen.length,
    source_abstained_seen: abstained(namedSeen),
    intervals: {
      auc: interval(ok, (rs) =>
        auc(
          rs.map((r) => r.pAi),
          rs.map((r) => r.ai),
        ),
      ),
      fpr: interval(
        ok,
        (rs) =>
          confusion(
            rs.map((r) => r.pAi),
            rs.map((r) => r.ai),
          ).fpr,
      ),
      tpr: interval(
        ok,
        (rs) =>
          confusion(
            rs.map((r) => r.pAi),
            rs.map((r) => r.ai),
          ).tpr,
      ),
      source_top1_seen: interval(namedSeen, top1),
    },
    per_source: Object.fromEntries(
      [...group(ok, (r) => r.source)].map(([k, v]) => [
        k,
        {
          n: v.length,
          ...confusion(
            v.map((r) => r.pAi),
            v.map((r) => r.ai),
          ),
          auc: auc(
            v.map((r) => r.pAi),
            v.map((r) => r.ai),
          ),
        },
      ]),
    ),
    per_generator: Object.fromEntries(
      [
        ...group(
          ok.filter((r) => r.ai),
          (r) => r.generator,
        ),
      ].map(([k, v]) => [
        k,
        {
          n: v.length,
          detected: v.filter((r) => r.pAi > 0.5).length / v.length,
          source_top1: v.filter((r) => r.expected !== null && r.topSource === r.expected).length / v.length,
        },
      ]),
    ),
    error_files: rows.filter((r) => r.error).map((r) => `${r.path}: ${r.error}`),
  };
  if (args.scores !== null) {
    const perFile = rows.map((r) => ({
      path: r.path,
      source: r.source,
      generator: r.generator,
      ai: r.ai,
      p_ai: r.pAi,
      top_source: r.topSource,
      expected: r.expected,
      error: r.error,
    }));
    writeFileSync(args.scores, `${JSON.stringify(perFile)}\n`);
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const f = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  const ci = (i: Interval): string => `[${f(i.lo)}, ${f(i.hi)}]`;
  const iv = report.intervals;
  console.log(
    `files ${report.files} (real ${report.real}, ai ${report.ai}, errors ${report.errors}); intervals: 95% bootstrap over sources`,
  );
  console.log(
    `AUC ${f(report.auc)} ${ci(iv.auc)}  accuracy ${f(report.accuracy)}  FPR(real) ${f(report.fpr)} ${ci(iv.fpr)}  TPR(ai) ${f(report.tpr)} ${ci(iv.tpr)}  ECE ${f(report.ece)}`,
  );
  console.log(
    `source top-1 ${f(report.source_top1)} on ${report.source_top1_n} AI files whose generator has a Hive class`,
  );
  console.log(
    `source top-1 ${f(report.source_top1_seen)} ${ci(iv.source_top1_seen)} on the ${report.source_top1_seen_n} of them whose generator is in the model's training data (abstained: ${f(report.source_abstained_seen)})`,
  );
  console.log('\nper source                                   n   acc    fpr    tpr');
  for (const [k, v] of Object.entries(report.per_source))
    console.log(`${k.slice(0, 40).padEnd(40)} ${String(v.n).padStart(5)} ${f(v.accuracy)} ${f(v.fpr)} ${f(v.tpr)}`);
  console.log('\nper generator                                n   detected  source top-1');
  for (const [k, v] of Object.entries(report.per_generator))
    console.log(`${k.slice(0, 40).padEnd(40)} ${String(v.n).padStart(5)} ${f(v.detected)}     ${f(v.source_top1)}`);
  for (const e of report.error_files) console.log(`error: ${e}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`eval failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
