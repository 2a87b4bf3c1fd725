/** Command-line parsing for `npm run detect` (contract: ../shared/DESIGN.md §2). */
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

export class UsageError extends Error {}

export const USAGE = `usage: npm run detect -- [--fps N] [--backend wasm|webgpu] [--no-metadata] [--no-faces] [--crops 1-5] <file|dir>...
  Prints one JSON object per file (JSON Lines), in input order; directories are walked recursively.`;

export function parseDetectArgs(argv: readonly string[]): DetectArgs {
  const out: DetectArgs = { fps: null, backend: 'auto', metadata: true, faces: true, crops: null, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--fps' || a.startsWith('--fps=')) {
      const fps = Number(value());
      if (!(fps > 0 && fps <= 60)) throw new UsageError('--fps must be a number in (0, 60]');
      out.fps = fps;
    } else if (a === '--backend' || a.startsWith('--backend=')) {
      const b = value();
      if (b !== 'wasm' && b !== 'webgpu' && b !== 'auto') throw new UsageError(`--backend must be wasm, webgpu or auto, not "${b}"`);
      out.backend = b;
    } else if (a === '--crops' || a.startsWith('--crops=')) {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1 && n <= 5)) throw new UsageError('--crops must be an integer from 1 to 5');
      out.crops = n;
    } else if (a === '--no-metadata') out.metadata = false;
    else if (a === '--no-faces') out.faces = false;
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.paths.push(a);
  }
  if (out.paths.length === 0) throw new UsageError('no input files');
  return out;
}
