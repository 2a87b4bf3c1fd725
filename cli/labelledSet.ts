/**
 * Reads a labelled manifest (TSV with a header; columns `path` and `label` required, `generator` and
 * `source_repo` optional: the layout of the training data's manifest.tsv). Labels: `real` or `ai`; other rows
 * (e.g. `deepfake`) are skipped because this evaluates the generation and source heads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledItem {
  path: string;
  ai: boolean;
  generator: string;
  source: string;
}

export function readLabelledSet(manifestPath: string, root: string): LabelledItem[] {
  const lines = readFileSync(manifestPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  const [p, l, g, s] = [col('path'), col('label'), col('generator'), col('source_repo')];
  if (p < 0 || l < 0) throw new Error(`${manifestPath}: needs a header with "path" and "label" columns`);
  const out: LabelledItem[] = [];
  for (const line of lines) {
    const f = line.split('\t');
    const label = f[l];
    if (label !== 'real' && label !== 'ai') continue;
    out.push({
      path: join(root, f[p] ?? ''),
      ai: label === 'ai',
      generator: (g >= 0 ? f[g] : '') ?? '',
      source: (s >= 0 ? f[s] : '') ?? '',
    });
  }
  return out;
}
