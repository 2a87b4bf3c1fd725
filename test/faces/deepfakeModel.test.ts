/**
 * The shipped deepfake head: manifest consistent with the file, and onnxruntime-web (wasm, under node) gives the
 * logits torch gave for the same deterministic input (int8 weights round-tripped in both).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { parseDeepfakeManifest } from '../../src/core/faces/deepfakeManifest';
import { repoRoot } from '../helpers/shared';

const manifest = parseDeepfakeManifest(JSON.parse(readFileSync(join(repoRoot, 'public/models/deepfake.json'), 'utf8')));
const golden = JSON.parse(readFileSync(join(repoRoot, 'test/faces/deepfake-golden.json'), 'utf8')) as {
  shape: number[];
  logits: number[];
};

describe('public/models/deepfake.onnx', () => {
  it('matches its manifest (sha256, bytes)', () => {
    const bytes = readFileSync(join(repoRoot, 'public/models', manifest.file));
    expect(bytes.length).toBe(manifest.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
  });

  it('gives the golden logits in onnxruntime-web (wasm)', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(readFileSync(join(repoRoot, 'public/models', manifest.file)), {
      executionProviders: ['wasm'],
    });
    const n = golden.shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
    const out = await session.run({ [manifest.input.name]: new ort.Tensor('float32', data, golden.shape) });
    const logits = Array.from(out[manifest.output.name]!.data as Float32Array);
    golden.logits.forEach((g, i) => expect(logits[i]).toBeCloseTo(g, 2));
    await session.release();
  });
});
