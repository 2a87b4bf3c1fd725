/**
 * Test and tooling harness (not part of the app bundle): exposes the face pipeline over comlink so node scripts
 * can drive it in headless Chromium: the detector/reference comparison test, the bench, and the training-time
 * face cache (training/deepfake uses the app's own detector, so training crops match what the app sees).
 */
import * as Comlink from 'comlink';
import type { FaceDetector } from '@mediapipe/tasks-vision';
import type { BackendChoice } from '../ort/backends';
import { createFaceDetector, createFaceDetectorFromBuffer, runFaceDetector, type RawFace } from './faceDetector';
import { detectFaces, loadFaces, type FaceEngine } from './faces';
import type { FaceResult } from '../../src/core/response';

let detector: FaceDetector | undefined;
let engine: FaceEngine | undefined;

async function decode(url: string): Promise<ImageData> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  const bitmap = await createImageBitmap(await res.blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D context');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

const api = {
  async initDetector(modelsBase: string, referenceUrl?: string, minConfidence = 0.5): Promise<void> {
    detector?.close();
    if (referenceUrl) {
      const res = await fetch(referenceUrl);
      detector = await createFaceDetectorFromBuffer(new Uint8Array(await res.arrayBuffer()), minConfidence);
    } else {
      detector = await createFaceDetector(new URL(modelsBase, self.location.href), minConfidence);
    }
  },
  async detectRaw(url: string): Promise<{ width: number; height: number; faces: RawFace[] } | { error: string }> {
    if (!detector) throw new Error('initDetector first');
    try {
      const img = await decode(url);
      return { width: img.width, height: img.height, faces: runFaceDetector(detector, img) };
    } catch (e) {
      return { error: String(e) };
    }
  },
  async initFaces(modelsBase: string, backend: BackendChoice): Promise<number> {
    const t0 = performance.now();
    engine = await loadFaces(new URL(modelsBase, self.location.href), backend);
    return performance.now() - t0;
  },
  async detectFaces(url: string): Promise<FaceResult[]> {
    if (!engine) throw new Error('initFaces first');
    return detectFaces(engine, await decode(url));
  },
  /** Median ms of faces + deepfake head per image (decode excluded), after one warm-up run. */
  /** Whole face path per run, and the detector alone (the rest is alignment + the deepfake head). */
  async bench(
    url: string,
    runs: number,
  ): Promise<{ median: number; times: number[]; detectMedian: number; faces: FaceResult[] }> {
    if (!engine) throw new Error('initFaces first');
    const img = await decode(url);
    let faces = await detectFaces(engine, img);
    const times: number[] = [];
    const detectTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      faces = await detectFaces(engine, img);
      const t1 = performance.now();
      runFaceDetector(engine.detector, img);
      detectTimes.push(performance.now() - t1);
      times.push(t1 - t0);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return { median: median(times), times, detectMedian: median(detectTimes), faces };
  },
};

export type FaceHarnessApi = typeof api;
Comlink.expose(api);
