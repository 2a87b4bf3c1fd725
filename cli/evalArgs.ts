/**
 * Command-line parsing for `npm run eval`. Kept apart from eval.ts so it can be tested: a boolean flag once
 * swallowed the positional after it, and an unknown flag was silently ignored (a typo then measured the wrong thing).
 */
import { UsageError } from './args';

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
  const out: EvalArgs = { manifest: '', root: '', splitFile: null, split: null, backend: 'wasm', crops: null, metadata: true, limit: 0, json: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    const is = (name: string): boolean => a === name || a.startsWith(`${name}=`);
    if (a === '--') continue;
    else if (is('--split-file')) out.splitFile = value();
    else if (is('--split')) out.split = value();
    else if (is('--backend')) {
      const b = value();
      if (b !== 'wasm' && b !== 'webgpu' && b !== 'auto') throw new UsageError(`--backend must be wasm, webgpu or auto, not "${b}"`);
      out.backend = b;
    } else if (is('--crops')) {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1 && n <= 5)) throw new UsageError('--crops must be an integer from 1 to 5');
      out.crops = n;
    } else if (is('--limit')) {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 0)) throw new UsageError('--limit must be a whole number');
      out.limit = n;
    } else if (a === '--no-metadata') out.metadata = false;
    else if (a === '--json') out.json = true;
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 2) throw new UsageError('expected <manifest.tsv> and <root>');
  if ((out.splitFile === null) !== (out.split === null)) throw new UsageError('--split-file and --split go together');
  [out.manifest, out.root] = positional as [string, string];
  return out;
}
