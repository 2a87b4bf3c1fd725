/**
 * Benchmark worker: loads any same-origin ONNX file into the same onnxruntime-web build the app uses and times
 * `session.run`. Used by `npm run bench -- --peers` through bench.html; the app itself never loads it.
 */
import * as Comlink from 'comlink';
import { parseBackendChoice } from './ort/backends';
import { loadModel, ort, type LoadedModel } from './ort/modelSession';
import { detectFaces, loadFaces, type FaceEngine } from './faces/faces';
import { runFaceDetector } from './faces/faceDetector';

const models = new Map<string, LoadedModel>();
/** The app's face path (MediaPipe detector + deepfake head) and one decoded picture to time it on. */
let facePath: { engine: FaceEngine; image: ImageData } | undefined;

async function decodeUrl(url: string): Promise<ImageData> {
  const res = await fetch(new URL(url, self.location.href));
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  const bitmap = await createImageBitmap(await res.blob());
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
  if (!ctx) throw new Error('No 2D canvas');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);
}

async function timed(runs: number, step: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await step();
    out.push(performance.now() - t0);
  }
  return out;
}

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

  /** Loads the app's face path exactly as the detector worker does; returns how many faces the picture has. */
  async loadFacePath(
    modelsBase: string,
    imageUrl: string,
    backend: string,
  ): Promise<{ faces: number; scored: number }> {
    const engine = await loadFaces(new URL(modelsBase, self.location.href), parseBackendChoice(backend));
    const image = await decodeUrl(imageUrl);
    facePath = { engine, image };
    const faces = await detectFaces(engine, image);
    return { faces: faces.length, scored: faces.filter((f) => f.score !== null).length };
  },

  /** The whole face path per picture (detect, align, deepfake head with its mirror view). */
  timeFacePath(runs: number): Promise<number[]> {
    const f = facePath;
    if (!f) throw new Error('loadFacePath first');
    return timed(runs, () => detectFaces(f.engine, f.image));
  },

  /** The MediaPipe detector alone, to split the face path's time. */
  timeFaceDetector(runs: number): Promise<number[]> {
    const f = facePath;
    if (!f) throw new Error('loadFacePath first');
    return timed(runs, () => runFaceDetector(f.engine.detector, f.image));
  },

  unload(name: string): void {
    void models.get(name)?.session.release();
    models.delete(name);
  },
};

export type BenchApi = typeof api;
Comlink.expose(api);
