import { describe, expect, it } from 'vitest';
import { aggregateCrops } from '../../src/core/aggregateCrops';

describe('aggregateCrops', () => {
  it('averages probabilities over crops', () => {
    const r = aggregateCrops([
      { ai: 0.6, source: { flux: 0.5, none: 0.5 } },
      { ai: 0.8, source: { flux: 0.7, none: 0.3 } },
    ]);
    expect(r.ai).toBeCloseTo(0.7, 12);
    expect(r.source.flux).toBeCloseTo(0.6, 12);
    expect(r.unstable).toBe(false);
    expect(r.perCrop).toEqual([0.6, 0.8]);
  });

  it('flags confident disagreement between crops as unstable', () => {
    const r = aggregateCrops([
      { ai: 0.95, source: {} },
      { ai: 0.05, source: {} },
      { ai: 0.5, source: {} },
    ]);
    expect(r.unstable).toBe(true);
  });

  it('refuses an empty list', () => {
    expect(() => aggregateCrops([])).toThrow();
  });
});
