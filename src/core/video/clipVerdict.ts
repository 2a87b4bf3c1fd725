/**
 * The clip's verdict from its frames, robust to a few odd frames:
 * - P(ai) is the trimmed mean of per-frame P(ai) (the lowest and highest 10% dropped, at least one each when there
 *   are 5 frames or more), so one or two outlier frames cannot flip a clip;
 * - the source distribution is the mean over frames that look generated (P(ai) > 0.5), or over all frames if none;
 * - deepfake is the 90th percentile of per-frame deepfake scores: a face swap can cover only part of a clip, but a
 *   single false detection should not decide it.
 * Metadata evidence from the container (C2PA, XMP) is fused afterwards, once, by `fuse`.
 */
import type { ModelHeads } from '../fuse';

export const CLIP_RULE =
  'ai_generated: 10%-trimmed mean of per-frame P(ai); source: mean over frames with P(ai) > 0.5; deepfake: 90th percentile of per-frame scores; container metadata fused once';

export interface FrameHeads extends ModelHeads {
  deepfake: number;
}

export function trimmedMean(values: readonly number[], fraction = 0.1): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const k = sorted.length >= 5 ? Math.max(1, Math.floor(sorted.length * fraction)) : 0;
  const kept = sorted.slice(k, sorted.length - k);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

export function clipVerdict(frames: readonly FrameHeads[]): FrameHeads {
  if (frames.length === 0) return { ai: 0, source: {}, unstable: false, deepfake: 0 };
  const ai = trimmedMean(frames.map((f) => f.ai));
  const aiFrames = frames.filter((f) => f.ai > 0.5);
  const pool = aiFrames.length > 0 ? aiFrames : frames;
  const source: Record<string, number> = {};
  for (const f of pool) for (const [k, v] of Object.entries(f.source)) source[k] = (source[k] ?? 0) + v / pool.length;
  // Unstable when a sizeable share of frames disagrees with the verdict.
  const disagreeing = frames.filter((f) => f.ai > 0.5 !== ai > 0.5).length / frames.length;
  return {
    ai,
    source,
    unstable: disagreeing >= 0.3,
    deepfake: quantile(
      frames.map((f) => f.deepfake),
      0.9,
    ),
  };
}
