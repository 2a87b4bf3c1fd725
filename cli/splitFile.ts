/**
 * Reads a split file in training/split.tsv's layout: TSV, optional `#` comment lines, a header naming at least
 * `path` and `split` (`label` and `generator` when present). Used by `npm run eval` to keep one split's rows and to
 * know which generators the shipped model was trained on (training/split.tsv is committed with the model).
 */
import { readFileSync } from 'node:fs';

export interface SplitRow {
  path: string;
  split: string;
  label: string;
  generator: string;
}

export function readSplitFile(file: string): SplitRow[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  const [p, s, l, g] = [col('path'), col('split'), col('label'), col('generator')];
  if (p < 0 || s < 0) throw new Error(`${file}: needs a header with "path" and "split" columns`);
  return lines.map((line) => {
    const f = line.split('\t');
    return {
      path: f[p] ?? '',
      split: (f[s] ?? '').trim(),
      label: l >= 0 ? (f[l] ?? '') : '',
      generator: g >= 0 ? (f[g] ?? '') : '',
    };
  });
}

/** Dataset generator labels with at least one AI image in the `train` split: the generators a model trained on
 * this split has seen, the population of issue 2's source top-1 floor. */
export function trainedGenerators(rows: readonly SplitRow[]): Set<string> {
  return new Set(
    rows.filter((r) => r.split === 'train' && r.label === 'ai' && r.generator !== '').map((r) => r.generator),
  );
}

/**
 * The split file a shipped model was trained on, relative to the repository: its manifest's `train_split`
 * (classifier.json since version 3, deepfake.json since v6's split was frozen as split-v6.tsv), or `fallback` for
 * manifests from before, or when it is unreadable.
 */
export function shippedTrainSplit(manifestPath: string, fallback = 'training/split.tsv'): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (typeof manifest === 'object' && manifest !== null && 'train_split' in manifest) {
      const split = manifest.train_split;
      // A repository-relative path under training/, nothing else: the manifest is data, not a path to trust blindly.
      if (typeof split === 'string' && /^training\/(deepfake\/)?[\w.-]+\.tsv$/.test(split)) return split;
    }
  } catch {
    // no manifest: fall through to the old default
  }
  return fallback;
}
