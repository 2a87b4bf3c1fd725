import { describe, expect, it } from 'vitest';
import { planCrops } from '../../src/core/cropPlan';

describe('planCrops', () => {
  it('takes centre and four corners at native resolution for a large image', () => {
    const p = planCrops(4000, 3000, 224, 5);
    expect(p.scale).toBe(1);
    expect(p.crops).toEqual([
      { x: 1888, y: 1388 },
      { x: 0, y: 0 },
      { x: 3776, y: 2776 },
      { x: 3776, y: 0 },
      { x: 0, y: 2776 },
    ]);
  });

  it('cut to 3 crops, still spans the picture: centre and two opposite corners', () => {
    expect(planCrops(4000, 3000, 224, 3).crops).toEqual([
      { x: 1888, y: 1388 },
      { x: 0, y: 0 },
      { x: 3776, y: 2776 },
    ]);
  });

  it('never resizes an image whose short side is at least the crop size', () => {
    expect(planCrops(224, 5000, 224, 5).scale).toBe(1);
    expect(planCrops(1024, 1024, 224, 5).crops).toHaveLength(5);
  });

  it('upscales a small image only up to the crop size and drops duplicate crops', () => {
    const p = planCrops(128, 128, 224, 5);
    expect(p.scale).toBeCloseTo(1.75, 9);
    expect(p.width).toBe(224);
    expect(p.crops).toEqual([{ x: 0, y: 0 }]);
    const wide = planCrops(100, 200, 224, 5);
    expect(wide.width).toBe(224);
    expect(wide.height).toBe(448);
    expect(wide.crops).toHaveLength(3);
  });

  it('keeps every crop inside the (scaled) image and honours maxCrops', () => {
    for (const [w, h] of [
      [225, 300],
      [1000, 224],
      [3, 7],
      [4096, 17],
    ] as const) {
      const p = planCrops(w, h, 224, 3);
      expect(p.crops.length).toBeLessThanOrEqual(3);
      for (const c of p.crops) {
        expect(c.x).toBeGreaterThanOrEqual(0);
        expect(c.y).toBeGreaterThanOrEqual(0);
        expect(c.x + 224).toBeLessThanOrEqual(p.width);
        expect(c.y + 224).toBeLessThanOrEqual(p.height);
      }
    }
  });

  it('rejects empty images', () => {
    expect(() => planCrops(0, 10, 224, 5)).toThrow(RangeError);
  });
});
