/**
 * Command-line parsing for `npm run eval` (the grammar is readOptions', shared with `npm run detect`). Kept apart from
 * eval.ts so it can be tested: a boolean flag once swallowed the positional after it, and an unknown flag was
 * silently ignored (a typo then measured the wrong thing).
 */
import { parseBackend, parseCrops } from './args';
import { readOptions, UsageError } from './readOptions';

/** One labelled set: a manifest and the folder its paths are relative to. */
export interface LabelledSource {
  manifest: string;
  root: string;
}

export interface EvalArgs {
  /** One or more sets (the validation split spans ../shared/data's manifest and data-extra's extra.tsv). */
  sets: LabelledSource[];
  splitFile: string | null;
  split: string | null;
  backend: 'auto' | 'wasm' | 'webgpu';
  crops: number | null;
  /** false: score the pixel model alone, as training/evaluate.py does. */
  metadata: boolean;
  limit: number;
  json: boolean;
  /** Where to write every file's scores (JSON), so two models can be compared file by file without a rerun. */
  scores: string | null;
}

export const EVAL_USAGE =
  'usage: npm run eval -- <manifest.tsv> <root> [<manifest2.tsv> <root2> ...] [--split-file F --split val] [--backend wasm|webgpu] [--crops 1-5] [--no-metadata] [--limit N] [--json] [--scores FILE]';

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const o = readOptions(argv, {
    valued: ['--split-file', '--split', '--backend', '--crops', '--limit', '--scores'],
    flags: ['--no-metadata', '--json'],
  });
  const v = (name: string): string | null => o.values.get(name) ?? null;
  const backend = v('--backend');
  const crops = v('--crops');
  const limit = Number(v('--limit') ?? 0);
  if (!(Number.isInteger(limit) && limit >= 0)) throw new UsageError('--limit must be a whole number');
  const pos = o.positionals;
  if (pos.length < 2 || pos.length % 2 !== 0) throw new UsageError('expected pairs of <manifest.tsv> <root>');
  const sets: LabelledSource[] = [];
  for (let i = 0; i < pos.length; i += 2) sets.push({ manifest: pos[i]!, root: pos[i + 1]! });
  const out: EvalArgs = {
    sets,
    splitFile: v('--split-file'),
    split: v('--split'),
    backend: backend === null ? 'wasm' : parseBackend(backend),
    crops: crops === null ? null : parseCrops(crops),
    metadata: !o.flags.has('--no-metadata'),
    limit,
    json: o.flags.has('--json'),
    scores: v('--scores'),
  };
  if ((out.splitFile === null) !== (out.split === null)) throw new UsageError('--split-file and --split go together');
  return out;
}
