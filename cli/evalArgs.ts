/**
 * Command-line parsing for `npm run eval` (the grammar is readOptions', shared with `npm run detect`). Kept apart from
 * eval.ts so it can be tested: a boolean flag once swallowed the positional after it, and an unknown flag was
 * silently ignored (a typo then measured the wrong thing).
 */
import { parseBackend, parseCrops } from './args';
import { readOptions, UsageError } from './readOptions';

export interface EvalArgs {
  manifest: string;
  root: string;
  splitFile: string | null;
  split: string | null;
  backend: 'auto' | 'wasm' | 'webgpu';
  crops: number | null;
  /** false: score the pixel model alone, as training/evaluate.py does. */
  metadata: boolean;
  limit: number;
  json: boolean;
}

export const EVAL_USAGE =
  'usage: npm run eval -- <manifest.tsv> <root> [--split-file F --split val] [--backend wasm|webgpu] [--crops 1-5] [--no-metadata] [--limit N] [--json]';

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const o = readOptions(argv, { valued: ['--split-file', '--split', '--backend', '--crops', '--limit'], flags: ['--no-metadata', '--json'] });
  const v = (name: string): string | null => o.values.get(name) ?? null;
  const backend = v('--backend');
  const crops = v('--crops');
  const limit = Number(v('--limit') ?? 0);
  if (!(Number.isInteger(limit) && limit >= 0)) throw new UsageError('--limit must be a whole number');
  if (o.positionals.length !== 2) throw new UsageError('expected <manifest.tsv> and <root>');
  const [manifest, root] = o.positionals as [string, string];
  const out: EvalArgs = {
    manifest,
    root,
    splitFile: v('--split-file'),
    split: v('--split'),
    backend: backend === null ? 'wasm' : parseBackend(backend),
    crops: crops === null ? null : parseCrops(crops),
    metadata: !o.flags.has('--no-metadata'),
    limit,
    json: o.flags.has('--json'),
  };
  if ((out.splitFile === null) !== (out.split === null)) throw new UsageError('--split-file and --split go together');
  return out;
}
