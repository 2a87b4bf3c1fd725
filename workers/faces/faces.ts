/**
 * Faces and the deepfake head: detect faces (MediaPipe BlazeFace), align a crop per face from its keypoints,
 * score each crop with the project's deepfake model (ONNX, via the shared `loadModel`). Faces too small to judge
 * are listed with `score: null, too_small: true`. The frame's `deepfake` class is `frameDeepfakeScore(faces)`.
 */
import type { FaceDetector } from '@mediapipe/tasks-vision';
import { alignmentTransform, isTooSmall, mirrorChw, warpToTensor } from '../../src/core/faces/align';
import {
  deepfakeProbability,
  parseDeepfakeManifest,
  type DeepfakeManifest,
} from '../../src/core/faces/deepfakeManifest';
import type { FaceResult } from '../../src/core/response';
import type { BackendChoice } from '../ort/backends';
import { loadModel, ort, type LoadedModel } from '../ort/modelSession';
import { createFaceDetector, runFaceDetector } from './faceDetector';

export interface FaceEngine {
  detector: FaceDetector;
  manifest: DeepfakeManifest;
  model: LoadedModel;
}

export interface FaceImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** At most this many faces are scored per frame (largest first); the rest are listed unscored. */
export const MAX_SCORED_FACES = 8;

export async function loadFaces(modelsBase: URL, backend: BackendChoice): Promise<FaceEngine> {
  const manifestUrl = new URL('deepfake.json', modelsBase);
  if (manifestUrl.origin !== self.location.origin)
    throw new Error(`Refusing a cross-origin model manifest: ${manifestUrl.href}`);
  const res = await fetch(manifestUrl);
  if (!res.ok) throw new Error(`Could not load ${manifestUrl.pathname}: HTTP ${res.status}`);
  const manifest = parseDeepfakeManifest(await res.json());
  const [detector, model] = await Promise.all([
    createFaceDetector(modelsBase),
    loadModel(new URL(manifest.file, manifestUrl), manifest.sha256, backend),
  ]);
  return { detector, manifest, model };
}

function toImageData(image: FaceImage): ImageData {
  if (image instanceof ImageData) return image;
  const data =
    image.data instanceof Uint8ClampedArray
      ? image.data
      : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new ImageData(data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height);
}

/** Longest side of the picture the detector and the crops are taken from: BlazeFace sees 128x128 anyway. */
export const FACE_IMAGE_MAX_SIDE = 2048;

/**
 * `image` may be a reduced copy of the source (`scale` = its size over the source's, see DecodedImage.scaled): faces
 * are found and cropped in it, but boxes and keypoints are reported, and judged too small, in source pixels.
 */
export async function detectFaces(engine: FaceEngine, image: FaceImage, scale = 1): Promise<FaceResult[]> {
  const raw = runFaceDetector(engine.detector, toImageData(image));
  const { input } = engine.manifest;
  const minPx = engine.manifest.min_face_px;
  const faces: FaceResult[] = raw.map((f) => ({
    ...f,
    score: null,
    ...(isTooSmall(f.box, minPx * scale) ? { too_small: true } : {}),
  }));
  const toScore = faces
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !f.too_small)
    .sort((a, b) => b.f.box.width * b.f.box.height - a.f.box.width * a.f.box.height)
    .slice(0, MAX_SCORED_FACES);
  if (toScore.length === 0) return faces;
  // Each face is scored on its crop and, when the manifest says so, on the mirror image too (mean logit).
  const views = engine.manifest.tta_flip ? 2 : 1;
  const n = toScore.length * views;
  const plane = 3 * input.size * input.size;
  const data = new Float32Array(n * plane);
  toScore.forEach(({ f }, k) => {
    const m = alignmentTransform(f.box, f.keypoints, input.size, input.margin);
    warpToTensor(image, m, input.size, input.mean, input.std, data, k * views * plane);
    if (views === 2) mirrorChw(data, input.size, k * views * plane, (k * views + 1) * plane);
  });
  const out = await engine.model.run({ [input.name]: new ort.Tensor('float32', data, [n, 3, input.size, input.size]) });
  const logits = out[engine.manifest.output.name];
  if (!logits) throw new Error(`Deepfake model output ${engine.manifest.output.name} is missing`);
  const values = logits.data as Float32Array;
  toScore.forEach(({ i }, k) => {
    const face = faces[i];
    let sum = 0;
    for (let j = 0; j < views; j++) sum += values[k * views + j] ?? 0;
    if (face) face.score = deepfakeProbability(sum / views, engine.manifest);
  });
  logits.dispose();
  return scale === 1 ? faces : faces.map((f) => toSource(f, 1 / scale));
}

function toSource(f: FaceResult, k: number): FaceResult {
  return {
    ...f,
    box: { x: f.box.x * k, y: f.box.y * k, width: f.box.width * k, height: f.box.height * k },
    keypoints: f.keypoints.map((p) => ({ x: p.x * k, y: p.y * k })),
  };
}

/** Hive's `deepfake` class: the highest face score in the frame, 0 when no face could be scored. */
export function frameDeepfakeScore(faces: readonly FaceResult[]): number {
  return faces.reduce((best, f) => (f.score !== null && f.score > best ? f.score : best), 0);
}

export function disposeFaces(engine: FaceEngine): void {
  engine.detector.close();
  void engine.model.session.release();
}
