/** Command-line parsing for `npm run detect` (contract: ../shared/DESIGN.md §2). */
import { readOptions, UsageError } from './readOptions';
import { parseShard, type Shard } from './shard';

export interface DetectArgs {
  fps: number | null;
  backend: 'auto' | 'wasm' | 'webgpu';
  metadata: boolean;
  /** Faces and the deepfake head (`--no-faces` skips them: faster when only the generation head matters). */
  faces: boolean;
  /** Classifier crops per image, 1-5 (default: PHOTO_CROPS, 3; see src/core/photoCrops.ts). */
  crops: number | null;
  paths: string[];
  /** `--files-from FILE` or `-` (standard input): one path per line, after the positional paths. */
  filesFrom: string | null;
  /** `--jobs N`: pages side by side; null: the default for this machine (cli/parallelism.ts). */
  jobs: number | null;
  /** `--wasm-threads on|off`: COOP/COEP so each page gets WASM threads; null: the default for this machine. */
  wasmThreads: boolean | null;
  /** `--resume OUT.jsonl`: append answers there and skip files it already answers. */
  resume: string | null;
  /** `--shard I/N`: analyse only the files whose path hashes to shard I of N. */
  shard: Shard | null;
}

export const USAGE = `usage: npm run detect -- [--fps N] [--backend wasm|webgpu] [--no-metadata] [--no-faces] [--crops 1-5]
         [--files-from FILE|-] [--jobs N] [--wasm-threads on|off] [--resume OUT.jsonl] [--shard I/N] [<file|dir>...]
  Prints one JSON object per file (JSON Lines), in input order; directories are walked recursively.
  --files-from FILE   read more paths from FILE, one per line (- for standard input)
  --jobs N            analyse N files at once, one page (and detector worker) each; answers stay in input order
                      (default: one per core, within the container's CPU and memory limits)
  --wasm-threads      on: serve the app with COOP/COEP so each page's onnxruntime gets WASM threads (default off)
  --resume OUT.jsonl  append each answer to OUT (not stdout) and skip files OUT already answers; rerun to go on
  --shard I/N         only the files whose path hashes to shard I (0-based) of N: N machines split one list`;

export function parseBackend(b: string): 'auto' | 'wasm' | 'webgpu' {
  if (b !== 'wasm' && b !== 'webgpu' && b !== 'auto')
    throw new UsageError(`--backend must be wasm, webgpu or auto, not "${b}"`);
  return b;
}

export function parseJobs(v: string): number {
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1 && n <= 64)) throw new UsageError('--jobs must be an integer from 1 to 64');
  return n;
}

export function parseCrops(v: string): number {
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1 && n <= 5)) throw new UsageError('--crops must be an integer from 1 to 5');
  return n;
}

export function parseDetectArgs(argv: readonly string[]): DetectArgs {
  const o = readOptions(argv, {
    valued: ['--fps', '--backend', '--crops', '--files-from', '--jobs', '--wasm-threads', '--resume', '--shard'],
    flags: ['--no-metadata', '--no-faces'],
  });
  const out: DetectArgs = {
    fps: null,
    backend: 'auto',
    metadata: !o.flags.has('--no-metadata'),
    faces: !o.flags.has('--no-faces'),
    crops: null,
    paths: o.positionals,
    filesFrom: o.values.get('--files-from') ?? null,
    jobs: null,
    wasmThreads: null,
    resume: o.values.get('--resume') ?? null,
    shard: null,
  };
  const fps = o.values.get('--fps');
  if (fps !== undefined) {
    out.fps = Number(fps);
    if (!(out.fps > 0 && out.fps <= 60)) throw new UsageError('--fps must be a number in (0, 60]');
  }
  const backend = o.values.get('--backend');
  if (backend !== undefined) out.backend = parseBackend(backend);
  const crops = o.values.get('--crops');
  if (crops !== undefined) out.crops = parseCrops(crops);
  const jobs = o.values.get('--jobs');
  if (jobs !== undefined) out.jobs = parseJobs(jobs);
  const threads = o.values.get('--wasm-threads');
  if (threads !== undefined) {
    if (threads !== 'on' && threads !== 'off')
      throw new UsageError(`--wasm-threads must be on or off, not "${threads}"`);
    out.wasmThreads = threads === 'on';
  }
  const shard = o.values.get('--shard');
  if (shard !== undefined) out.shard = parseShard(shard);
  if (out.paths.length === 0 && out.filesFrom === null) throw new UsageError('no input files');
  return out;
}
