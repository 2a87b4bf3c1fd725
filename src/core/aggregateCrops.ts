/**
 * Per-crop head outputs -> one verdict per image. Calibrated probabilities are averaged (not logits: one
 * over-confident crop must not dominate), and strong disagreement between crops is reported as instability,
 * which the fusion turns into an `inconclusive` source and the page into an "unsure" note.
 */
import type { ModelHeads } from './fuse';

export interface CropOutput {
  ai: number;
  source: Record<string, number>;
}

/** Crops disagree when at least one is confidently AI and another confidently real. */
export const UNSTABLE_HIGH = 0.8;
export const UNSTABLE_LOW = 0.2;

export function aggregateCrops(crops: readonly CropOutput[]): ModelHeads & { perCrop: number[] } {
  if (crops.length === 0) throw new RangeError('aggregateCrops needs at least one crop');
  const n = crops.length;
  const ai = crops.reduce((a, c) => a + c.ai, 0) / n;
  const source: Record<string, number> = {};
  for (const c of crops) for (const [k, v] of Object.entries(c.source)) source[k] = (source[k] ?? 0) + v / n;
  const perCrop = crops.map((c) => c.ai);
  const unstable = perCrop.some((p) => p >= UNSTABLE_HIGH) && perCrop.some((p) => p <= UNSTABLE_LOW);
  return { ai, source, unstable, perCrop };
}
