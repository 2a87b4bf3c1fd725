/**
 * Face alignment: a similarity transform from the detector's box and eye keypoints to a square crop, and the
 * bilinear warp that applies it. Pure TypeScript; training/deepfake/faces.py implements the same transform, so the
 * deepfake head sees crops framed exactly as it was trained on.
 */
import type { FaceKeypoint } from '../response';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Order of BlazeFace keypoints (MediaPipe): the subject's right eye first (image left on a frontal face). */
export const KEYPOINT_NAMES = ['right_eye', 'left_eye', 'nose_tip', 'mouth', 'right_ear', 'left_ear'] as const;

/** Crop side relative to the larger box side: the detector's box is tight (brows to chin), the blend boundary
 * that face swaps leave lies at its edge, so the crop keeps a margin of context around it. */
export const DEFAULT_MARGIN = 0.25;

/** Faces whose box is smaller than this (source pixels, shorter side) are listed but not scored: at that size
 * the crop is upsampled several times and the head only sees interpolation. */
export const MIN_FACE_PX = 40;

export function isTooSmall(box: FaceBox, minPx = MIN_FACE_PX): boolean {
  return Math.min(box.width, box.height) < minPx;
}

/**
 * Affine map from crop pixel centres to source pixel coordinates: src = [a b c; d e f] * [u v 1].
 * Rotation levels the eye line; centre is the box centre; side is max(w, h) * (1 + 2 * margin).
 */
export type Affine = [number, number, number, number, number, number];

export function alignmentTransform(
  box: FaceBox,
  keypoints: readonly FaceKeypoint[],
  size: number,
  margin = DEFAULT_MARGIN,
): Affine {
  const re = keypoints[0];
  const le = keypoints[1];
  const angle = re && le ? Math.atan2(le.y - re.y, le.x - re.x) : 0;
  const side = Math.max(box.width, box.height) * (1 + 2 * margin);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const s = side / size;
  const cos = Math.cos(angle) * s;
  const sin = Math.sin(angle) * s;
  // u, v are pixel indices; their centres sit at u + 0.5. Offset from the crop centre, rotate, scale, translate.
  const h = size / 2;
  return [cos, -sin, cx - cos * (h - 0.5) + sin * (h - 0.5), sin, cos, cy - sin * (h - 0.5) - cos * (h - 0.5)];
}

export function applyAffine(m: Affine, u: number, v: number): { x: number; y: number } {
  return { x: m[0] * u + m[1] * v + m[2], y: m[3] * u + m[4] * v + m[5] };
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * Samples a size x size RGB crop (bilinear, clamped at the borders: pixels outside repeat the edge) into
 * `out` in CHW order, normalised as (v / 255 - mean) / std.
 */
export function warpToTensor(
  img: RgbaImage,
  m: Affine,
  size: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
  out: Float32Array = new Float32Array(3 * size * size),
  offset = 0,
): Float32Array {
  const { width: w, height: h, data } = img;
  const plane = size * size;
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      // Source pixel centres are at integer + 0.5.
      const sx = Math.min(Math.max(m[0] * u + m[1] * v + m[2] - 0.5, 0), w - 1);
      const sy = Math.min(Math.max(m[3] * u + m[4] * v + m[5] - 0.5, 0), h - 1);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, w - 1);
      const y1 = Math.min(y0 + 1, h - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * w + x0) * 4;
      const i01 = (y0 * w + x1) * 4;
      const i10 = (y1 * w + x0) * 4;
      const i11 = (y1 * w + x1) * 4;
      const o = offset + v * size + u;
      for (let c = 0; c < 3; c++) {
        const top = (data[i00 + c] ?? 0) * (1 - fx) + (data[i01 + c] ?? 0) * fx;
        const bottom = (data[i10 + c] ?? 0) * (1 - fx) + (data[i11 + c] ?? 0) * fx;
        const val = top * (1 - fy) + bottom * fy;
        out[o + c * plane] = (val / 255 - (mean[c] ?? 0)) / (std[c] ?? 1);
      }
    }
  }
  return out;
}

/** Writes the left-right mirror of a CHW tensor at `from` into `to` (flip test-time augmentation). */
export function mirrorChw(t: Float32Array, size: number, from: number, to: number): void {
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < size; v++) {
      const row = c * size * size + v * size;
      for (let u = 0; u < size; u++) t[to + row + u] = t[from + row + size - 1 - u] ?? 0;
    }
  }
}
