/**
 * Pixels -> model input. RGBA in, NCHW float32 out. Alpha is ignored (colour channels kept as stored), which is
 * what the training code's PIL `convert('RGB')` does, so the model sees the same numbers here and there.
 */
import type { CropPlan } from './cropPlan';

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

export interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** Bilinear upscale with pixel centres at +0.5 (as PIL's BILINEAR does when enlarging). */
export function resizeBilinear(src: Rgba, width: number, height: number): Rgba {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c] ?? 0;
        const b = src.data[(y0 * src.width + x1) * 4 + c] ?? 0;
        const d = src.data[(y1 * src.width + x0) * 4 + c] ?? 0;
        const e = src.data[(y1 * src.width + x1) * 4 + c] ?? 0;
        out[o + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
    }
  }
  return { width, height, data: out };
}

/**
 * Where pixels come from. A decoded image can hand out just the regions the classifier needs, which spares
 * reading back a whole 12-megapixel canvas to use five 224x224 crops.
 */
export interface PixelSource {
  width: number;
  height: number;
  /** RGBA of the region (x, y, w, h), row-major. */
  region(x: number, y: number, w: number, h: number): Uint8ClampedArray | Uint8Array;
}

export function rgbaSource(image: Rgba): PixelSource {
  return {
    width: image.width,
    height: image.height,
    region: (x, y, w, h) => {
      const out = new Uint8ClampedArray(w * h * 4);
      for (let r = 0; r < h; r++)
        out.set(image.data.subarray(((y + r) * image.width + x) * 4, ((y + r) * image.width + x + w) * 4), r * w * 4);
      return out;
    },
  };
}

/** Builds the [N,3,size,size] batch for the planned crops. */
export function cropsToTensor(image: Rgba | PixelSource, plan: CropPlan, norm: Normalisation): Float32Array {
  const source: PixelSource = 'region' in image ? image : rgbaSource(image);
  // Small images are upscaled whole (they are small); large ones are read crop by crop.
  const scaled =
    plan.scale === 1
      ? source
      : rgbaSource(
          resizeBilinear(
            { width: source.width, height: source.height, data: source.region(0, 0, source.width, source.height) },
            plan.width,
            plan.height,
          ),
        );
  const { size } = plan;
  const plane = size * size;
  const out = new Float32Array(plan.crops.length * 3 * plane);
  const scale = [1 / (255 * norm.std[0]), 1 / (255 * norm.std[1]), 1 / (255 * norm.std[2])];
  const shift = [norm.mean[0] / norm.std[0], norm.mean[1] / norm.std[1], norm.mean[2] / norm.std[2]];
  plan.crops.forEach((crop, n) => {
    const base = n * 3 * plane;
    const data = scaled.region(crop.x, crop.y, size, size);
    for (let y = 0; y < size; y++) {
      const row = y * size * 4;
      for (let x = 0; x < size; x++) {
        const p = row + x * 4;
        const i = y * size + x;
        for (let c = 0; c < 3; c++) {
          out[base + c * plane + i] = (data[p + c] ?? 0) * (scale[c] ?? 0) - (shift[c] ?? 0);
        }
      }
    }
  });
  return out;
}

export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  const t = temperature > 0 ? temperature : 1;
  const xs = Array.from(logits, (v) => v / t);
  const m = Math.max(...xs);
  const es = xs.map((v) => Math.exp(v - m));
  const s = es.reduce((a, b) => a + b, 0);
  return es.map((v) => v / s);
}
