/**
 * Benchmark worker: loads any same-origin ONNX file into the same onnxruntime-web build the app uses and times
 * `session.run`. Used by `npm run bench -- --peers` through bench.html; the app itself never loads it.
 */
import * as Comlink from 'comlink';
import { parseBackendChoice } from './ort/backends';
import { loadModel, ort, type LoadedModel } from './ort/modelSession';

const models = new Map<string, LoadedModel>();

const api = {
  async load(name: string, url: string, backend: string): Promise<{ createMs: number; backend: string }> {
    const m = await loadModel(new URL(url, self.location.href), '', parseBackendChoice(backend));
    models.set(name, m);
    return { createMs: Math.round(m.createMs), backend: m.backend };
  },

  /** Times `runs` calls on a zero input of the given shape; returns milliseconds per call. */
  async time(name: string, shape: number[], runs: number): Promise<number[]> {
    const m = models.get(name);
    if (!m) throw new Error(`bench model ${name} is not loaded`);
    const inputName = m.session.inputNames[0] ?? 'input';
    const size = shape.reduce((a, b) => a * b, 1);
    const feeds = { [inputName]: new ort.Tensor('float32', new Float32Array(size).fill(0.5), shape) };
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await m.run(feeds);
      out.push(performance.now() - t0);
      for (const v of Object.values(r)) v.dispose();
    }
    return out;
  },

  unload(name: string): void {
    void models.get(name)?.session.release();
    models.delete(name);
  },
};

export type BenchApi = typeof api;
Comlink.expose(api);
