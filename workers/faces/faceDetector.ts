/**
 * MediaPipe FaceDetector (BlazeFace short range) in the worker. Pinned to @mediapipe/tasks-vision 0.10.35: 1.x
 * sends usage telemetry (PITFALLS.md). The wasm loader and binary are imported with `?url`, so Vite emits them as
 * hashed assets on our own origin: no CDN. In a module worker only the `vision_wasm_module_internal` loader works
 * (the classic one ends in "ModuleFactory not set").
 */
import { FaceDetector } from '@mediapipe/tasks-vision';
import wasmLoaderUrl from '@mediapipe/tasks-vision/vision_wasm_module_internal.js?url';
import wasmBinaryUrl from '@mediapipe/tasks-vision/vision_wasm_module_internal.wasm?url';
import type { FaceKeypoint } from '../../src/core/response';

export interface RawFace {
  box: { x: number; y: number; width: number; height: number };
  keypoints: FaceKeypoint[];
  detection_score: number;
}

export interface FaceDetectorManifest {
  file: string;
  sha256: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sameOrigin(url: URL): URL {
  if (url.origin !== self.location.origin) throw new Error(`Refusing to load from another origin: ${url.href}`);
  return url;
}

async function fetchJson(url: URL): Promise<unknown> {
  const res = await fetch(sameOrigin(url));
  if (!res.ok) throw new Error(`Could not load ${url.pathname}: HTTP ${res.status}`);
  return res.json();
}

export async function createFaceDetector(modelsBase: URL, minDetectionConfidence = 0.5): Promise<FaceDetector> {
  const manifestUrl = new URL('face_detector.json', modelsBase);
  const manifest = (await fetchJson(manifestUrl)) as FaceDetectorManifest;
  const modelUrl = sameOrigin(new URL(manifest.file, manifestUrl));
  const res = await fetch(modelUrl);
  if (!res.ok) throw new Error(`Could not load ${modelUrl.pathname}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const digest = await sha256Hex(bytes);
  if (digest !== manifest.sha256)
    throw new Error(`face_detector.tflite is corrupt or stale: sha256 ${digest} does not match its manifest`);
  return createFaceDetectorFromBuffer(bytes, minDetectionConfidence);
}

/** Also used by the tests to run the reference model (never shipped) through the same code. */
let instances = 0;

export function createFaceDetectorFromBuffer(bytes: Uint8Array, minDetectionConfidence = 0.5): Promise<FaceDetector> {
  // The module loader registers its factory when it is first evaluated; a second task in the same worker would
  // get the cached module and fail with "ModuleFactory not set". A distinct query makes import() evaluate it anew.
  const loader = sameOrigin(new URL(wasmLoaderUrl, self.location.href));
  if (instances++ > 0) loader.searchParams.set('instance', String(instances));
  const fileset = {
    wasmLoaderPath: loader.href,
    wasmBinaryPath: sameOrigin(new URL(wasmBinaryUrl, self.location.href)).href,
  };
  return FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: bytes, delegate: 'CPU' },
    runningMode: 'IMAGE',
    minDetectionConfidence,
  });
}

/** Boxes come back in pixels, keypoints normalised: both are returned in source pixels. */
export function runFaceDetector(detector: FaceDetector, image: ImageData): RawFace[] {
  const result = detector.detect(image);
  const faces: RawFace[] = [];
  for (const d of result.detections) {
    const b = d.boundingBox;
    if (!b) continue;
    faces.push({
      box: { x: b.originX, y: b.originY, width: b.width, height: b.height },
      keypoints: d.keypoints.map((k) => ({ x: k.x * image.width, y: k.y * image.height })),
      detection_score: d.categories[0]?.score ?? 0,
    });
  }
  return faces.sort((a, b) => b.detection_score - a.detection_score);
}
