/**
 * Reads a labelled manifest (TSV with a header; columns `path` and `label` required, `generator` and
 * `source_repo` optional: the layout of the training data's manifest.tsv). `readLabelledSet` keeps `real` and `ai`
 * (the generation and source heads); cli/deepfakeSet.ts reads the same rows for the deepfake head.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledItem {
  path: string;
  ai: boolean;
  generator: string;
  source: string;
}

/** One manifest row, columns read by header name (`generator` and `source_repo` empty when absent). */
export interface ManifestRow {
  /** As the manifest wrote it, relative to its root. */
  relPath: string;
  label: string;
  generator: string;
  source: string;
}

/** Every data row of a manifest; `npm run eval` and `npm run eval:deepfake` each keep the labels they score. */
export function readManifestRows(manifestPath: string): ManifestRow[] {
  const lines = readFileSync(manifestPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  const [p, l, g, s] = [col('path'), col('label'), col('generator'), col('source_repo')];
  if (p < 0 || l < 0) throw new Error(`${manifestPath}: needs a header with "path" and "label" columns`);
  return lines.map((line) => {
    const f = line.split('\t');
    return {
      relPath: f[p] ?? '',
      label: f[l] ?? '',
      generator: (g >= 0 ? f[g] : '') ?? '',
      source: (s >= 0 ? f[s] : '') ?? '',
    };
  });
}

export function readLabelledSet(manifestPath: string, root: string): LabelledItem[] {
  return readManifestRows(manifestPath)
    .filter((r) => r.label === 'real' || r.label === 'ai')
    .map((r) => ({ path: join(root, r.relPath), ai: r.label === 'ai', generator: r.generator, source: r.source }));
}
