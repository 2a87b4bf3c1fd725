/** Command-line parsing for `npm run detect` (contract: ../shared/DESIGN.md §2). */
import { readOptions, UsageError } from './readOptions';

export interface DetectArgs {
  fps: number | null;
  backend: 'auto' | 'wasm' | 'webgpu';
  metadata: boolean;
  /** Faces and the deepfake head (`--no-faces` skips them: faster when only the generation head matters). */
  faces: boolean;
  /** Classifier crops per image, 1-5 (default: PHOTO_CROPS, 3; see src/core/photoCrops.ts). */
  crops: number | null;
  paths: string[];
}

export const USAGE = `usage: npm run detect -- [--fps N] [--backend wasm|webgpu] [--no-metadata] [--no-faces] [--crops 1-5] <file|dir>...
  Prints one JSON object per file (JSON Lines), in input order; directories are walked recursively.`;

export function parseBackend(b: string): 'auto' | 'wasm' | 'webgpu' {
  if (b !== 'wasm' && b !== 'webgpu' && b !== 'auto') throw new UsageError(`--backend must be wasm, webgpu or auto, not "${b}"`);
  return b;
}

export function parseCrops(v: string): number {
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1 && n <= 5)) throw new UsageError('--crops must be an integer from 1 to 5');
  return n;
}

export function parseDetectArgs(argv: readonly string[]): DetectArgs {
  const o = readOptions(argv, { valued: ['--fps', '--backend', '--crops'], flags: ['--no-metadata', '--no-faces'] });
  const out: DetectArgs = { fps: null, backend: 'auto', metadata: !o.flags.has('--no-metadata'), faces: !o.flags.has('--no-faces'), crops: null, paths: o.positionals };
  const fps = o.values.get('--fps');
  if (fps !== undefined) {
    out.fps = Number(fps);
    if (!(out.fps > 0 && out.fps <= 60)) throw new UsageError('--fps must be a number in (0, 60]');
  }
  const backend = o.values.get('--backend');
  if (backend !== undefined) out.backend = parseBackend(backend);
  const crops = o.values.get('--crops');
  if (crops !== undefined) out.crops = parseCrops(crops);
  if (out.paths.length === 0) throw new UsageError('no input files');
  return out;
}
