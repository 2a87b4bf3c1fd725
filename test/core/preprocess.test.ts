import { describe, expect, it } from 'vitest';
import { planCrops } from '../../src/core/cropPlan';
import { cropsToTensor, resizeBilinear, softmax } from '../../src/core/preprocess';

const norm = { mean: [0.5, 0.25, 0] as const, std: [0.5, 0.25, 1] as const };

function image(width: number, height: number, f: (x: number, y: number, c: number) => number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = f(x, y, c);
  return { width, height, data };
}

describe('cropsToTensor', () => {
  it('lays out NCHW planes, normalised, from the planned crop positions', () => {
    const img = image(300, 260, (x, y, c) => (c === 0 ? x % 256 : c === 1 ? y % 256 : c === 2 ? 255 : 0));
    const plan = planCrops(300, 260, 224, 2);
    const t = cropsToTensor(img, plan, norm);
    expect(t).toHaveLength(2 * 3 * 224 * 224);
    const plane = 224 * 224;
    const c0 = plan.crops[0]!;
    // First crop, pixel (0,0): R = x, G = y, B = 255.
    expect(t[0]).toBeCloseTo((c0.x / 255 - 0.5) / 0.5, 5);
    expect(t[plane]).toBeCloseTo((c0.y / 255 - 0.25) / 0.25, 5);
    expect(t[2 * plane]).toBeCloseTo(1, 5);
    // Second crop starts at the top-left corner.
    expect(t[3 * plane + 5]).toBeCloseTo((5 / 255 - 0.5) / 0.5, 5);
  });

  it('ignores alpha (as the training code does)', () => {
    const opaque = image(224, 224, (_x, _y, c) => (c === 3 ? 255 : 100));
    const clear = image(224, 224, (_x, _y, c) => (c === 3 ? 0 : 100));
    const plan = planCrops(224, 224, 224, 1);
    expect(cropsToTensor(clear, plan, norm)).toEqual(cropsToTensor(opaque, plan, norm));
  });
});

describe('resizeBilinear', () => {
  it('keeps a constant image constant and interpolates a ramp monotonically', () => {
    const flat = resizeBilinear(
      image(10, 10, () => 77),
      25,
      25,
    );
    expect(new Set(flat.data).size).toBe(1);
    const ramp = resizeBilinear(
      image(4, 1, (x) => x * 80),
      8,
      1,
    );
    const reds = Array.from({ length: 8 }, (_, i) => ramp.data[i * 4]!);
    for (let i = 1; i < 8; i++) expect(reds[i]!).toBeGreaterThanOrEqual(reds[i - 1]!);
    expect(reds[0]).toBe(0);
    expect(reds[7]).toBe(240);
  });
});

describe('softmax', () => {
  it('sums to one, is shift-invariant, and softens with temperature', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmax([1001, 1002, 1003])).toEqual(p.map((v) => expect.closeTo(v, 12)));
    expect(softmax([0, 4], 2)[1]!).toBeLessThan(softmax([0, 4], 1)[1]!);
  });
});
