/**
 * The shipped classifier, run by onnxruntime-web (its WASM backend, under node), must give torch's outputs within
 * 1e-3 on the 20 deterministic inputs whose expected probabilities training/export.py wrote to golden.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { parseClassifierManifest } from '../../src/core/modelManifest';
import { softmax } from '../../src/core/preprocess';
import { repoRoot } from '../helpers/shared';

const manifestPath = join(repoRoot, 'public', 'models', 'classifier.json');
const goldenPath = join(repoRoot, 'training', 'golden.json');
const ready = existsSync(manifestPath) && existsSync(goldenPath);

interface Golden {
  generation_softmax: number[][];
  source_softmax: number[][];
}

function goldenInputs(n: number, size: number): Float32Array {
  const out = new Float32Array(n * 3 * size * size);
  let i = 0;
  for (let a = 0; a < n; a++)
    for (let c = 0; c < 3; c++)
      for (let h = 0; h < size; h++)
        for (let w = 0; w < size; w++) out[i++] = 2 * Math.sin(0.7 * a + 1.3 * c + 0.05 * h + 0.031 * w);
  return out;
}

describe.skipIf(!ready)('shipped classifier vs torch golden outputs', () => {
  it('matches within 1e-3 on 20 inputs', async () => {
    ort.env.wasm.numThreads = 1;
    const manifest = parseClassifierManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const golden = JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden;
    const session = await ort.InferenceSession.create(readFileSync(join(repoRoot, 'public', 'models', manifest.file)), {
      executionProviders: ['wasm'],
    });
    const n = golden.generation_softmax.length;
    expect(n).toBe(20);
    const size = manifest.input.size;
    const out = await session.run({
      [manifest.input.name]: new ort.Tensor('float32', goldenInputs(n, size), [n, 3, size, size]),
    });
    const gen = out[manifest.outputs.generation]!.data as Float32Array;
    const src = out[manifest.outputs.source]!.data as Float32Array;
    const k = manifest.source_labels.length;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const g = softmax(gen.subarray(i * 2, i * 2 + 2));
      const s = softmax(src.subarray(i * k, (i + 1) * k));
      g.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - golden.generation_softmax[i]![j]!))));
      s.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - golden.source_softmax[i]![j]!))));
    }
    expect(worst).toBeLessThan(1e-3);
  }, 120_000);
});
