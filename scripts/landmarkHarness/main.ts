/**
 * Page side of the training-time landmark harness (never shipped: it lives under scripts/, outside src/ and
 * public/). Runs MediaPipe FaceLandmarker on the main thread, where the classic `vision_wasm_internal` loader works;
 * Vite emits the loader and wasm as local assets, so nothing is fetched from another origin.
 */
import { FaceLandmarker } from '@mediapipe/tasks-vision';
import wasmLoaderUrl from '@mediapipe/tasks-vision/vision_wasm_internal.js?url';
import wasmBinaryUrl from '@mediapipe/tasks-vision/vision_wasm_internal.wasm?url';

export interface LandmarkedImage {
  width: number;
  height: number;
  /** Per face, 478 landmarks flattened as pixel x, y pairs. */
  faces: number[][];
}

let landmarker: FaceLandmarker | undefined;

const api = {
  async init(modelUrl: string, numFaces: number): Promise<void> {
    landmarker?.close();
    const res = await fetch(modelUrl);
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${modelUrl}`);
    const model = new Uint8Array(await res.arrayBuffer());
    landmarker = await FaceLandmarker.createFromOptions(
      {
        wasmLoaderPath: new URL(wasmLoaderUrl, location.href).href,
        wasmBinaryPath: new URL(wasmBinaryUrl, location.href).href,
      },
      { baseOptions: { modelAssetBuffer: model, delegate: 'CPU' }, runningMode: 'IMAGE', numFaces },
    );
  },
  async landmark(url: string): Promise<LandmarkedImage | { error: string }> {
    if (!landmarker) throw new Error('init first');
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
      const bitmap = await createImageBitmap(await res.blob());
      const { width, height } = bitmap;
      const result = landmarker.detect(bitmap);
      bitmap.close();
      // Normalised coordinates are fractions of the image width and height; the pixel values are what Python needs.
      const faces = result.faceLandmarks.map((lms) => lms.flatMap((p) => [p.x * width, p.y * height]));
      return { width, height, faces };
    } catch (e) {
      return { error: String(e) };
    }
  },
};

export type LandmarkHarnessApi = typeof api;

(window as unknown as { landmarks: LandmarkHarnessApi }).landmarks = api;
document.body.dataset.ready = '1';
