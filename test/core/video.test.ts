import { describe, expect, it } from 'vitest';
import { clipVerdict, quantile, trimmedMean, type FrameHeads } from '../../src/core/video/clipVerdict';
import { samplingPlan } from '../../src/core/video/samplingPlan';

describe('samplingPlan', () => {
  it('takes one frame a second, the first and (just before) the last', () => {
    expect(samplingPlan(3.5)).toEqual([0, 1, 2, 3, 3.45]);
    expect(samplingPlan(2.5, { fps: 2, maxFrames: 300 })).toEqual([0, 0.5, 1, 1.5, 2, 2.45]);
  });

  it('caps frames, spread evenly, first and last kept', () => {
    const t = samplingPlan(600, { fps: 1, maxFrames: 300 });
    expect(t).toHaveLength(300);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBe(599.95);
    const gaps = t.slice(1).map((v, i) => v - t[i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(0.01);
  });

  it('handles zero, tiny and unknown durations', () => {
    expect(samplingPlan(0)).toEqual([0]);
    expect(samplingPlan(Number.POSITIVE_INFINITY)).toEqual([0]);
    expect(samplingPlan(0.04)).toEqual([0]);
  });
});

const frame = (ai: number, deepfake = 0, source: Record<string, number> = { sora: 1 }): FrameHeads => ({
  ai,
  source,
  unstable: false,
  deepfake,
});

describe('clipVerdict', () => {
  it('is robust to a few odd frames', () => {
    const frames = [...Array.from({ length: 18 }, () => frame(0.9)), frame(0.01), frame(0.02)];
    expect(clipVerdict(frames).ai).toBeGreaterThan(0.85);
    const real = [...Array.from({ length: 18 }, () => frame(0.05, 0, { none: 1 })), frame(0.99), frame(0.98)];
    expect(clipVerdict(real).ai).toBeLessThan(0.1);
  });

  it('takes the source from generated-looking frames and the deepfake score from the 90th percentile', () => {
    const frames = [
      frame(0.9, 0.1, { kling: 1 }),
      frame(0.9, 0.9, { kling: 1 }),
      frame(0.1, 0.95, { none: 1 }),
      ...Array.from({ length: 7 }, () => frame(0.8, 0.05, { kling: 0.5, sora: 0.5 })),
    ];
    const v = clipVerdict(frames);
    expect(v.source.none ?? 0).toBe(0);
    expect(v.source.kling).toBeGreaterThan(v.source.sora ?? 0);
    expect(v.deepfake).toBeCloseTo(
      quantile(
        frames.map((f) => f.deepfake),
        0.9,
      ),
      12,
    );
    expect(v.deepfake).toBeGreaterThan(0.85);
  });

  it('trimmed mean and quantile basics', () => {
    expect(trimmedMean([1, 2, 3])).toBe(2);
    expect(trimmedMean([0, 10, 10, 10, 10, 10, 10, 10, 10, 100])).toBe(10);
    expect(quantile([0, 1], 0.5)).toBe(0.5);
    expect(clipVerdict([]).ai).toBe(0);
  });
});
