import { describe, expect, it } from 'vitest';
import {
  alignmentTransform,
  applyAffine,
  isTooSmall,
  MIN_FACE_PX,
  mirrorChw,
  warpToTensor,
} from '../../src/core/faces/align';
import { deepfakeProbability, parseDeepfakeManifest } from '../../src/core/faces/deepfakeManifest';

const box = { x: 100, y: 50, width: 80, height: 80 };
const level = [
  { x: 120, y: 80 },
  { x: 160, y: 80 },
  { x: 140, y: 100 },
  { x: 140, y: 115 },
  { x: 100, y: 85 },
  { x: 180, y: 85 },
];

describe('alignmentTransform', () => {
  it('maps the crop centre to the box centre and spans the box plus margins', () => {
    const size = 128;
    const m = alignmentTransform(box, level, size, 0.25);
    const c = applyAffine(m, size / 2 - 0.5, size / 2 - 0.5);
    expect(c.x).toBeCloseTo(140, 6);
    expect(c.y).toBeCloseTo(90, 6);
    // Crop side = 80 * 1.5 = 120 source pixels over 128 crop pixels.
    const left = applyAffine(m, -0.5, size / 2 - 0.5);
    const right = applyAffine(m, size - 0.5, size / 2 - 0.5);
    expect(right.x - left.x).toBeCloseTo(120, 6);
  });

  it('levels a tilted eye line: both eyes land on the same crop row', () => {
    const angle = (20 * Math.PI) / 180;
    const rot = (p: { x: number; y: number }) => ({
      x: 140 + (p.x - 140) * Math.cos(angle) - (p.y - 90) * Math.sin(angle),
      y: 90 + (p.x - 140) * Math.sin(angle) + (p.y - 90) * Math.cos(angle),
    });
    const kp = level.map(rot);
    const m = alignmentTransform(box, kp, 128);
    // Invert numerically: the crop row of each eye.
    const det = m[0] * m[4] - m[1] * m[3];
    const toCrop = (p: { x: number; y: number }) => {
      const dx = p.x - m[2];
      const dy = p.y - m[5];
      return { u: (m[4] * dx - m[1] * dy) / det, v: (-m[3] * dx + m[0] * dy) / det };
    };
    const [re, le] = [toCrop(kp[0]!), toCrop(kp[1]!)];
    expect(re.v).toBeCloseTo(le.v, 6);
    expect(le.u).toBeGreaterThan(re.u);
  });
});

describe('warpToTensor', () => {
  it('samples a constant image to the constant, normalised, in CHW order', () => {
    const w = 50;
    const h = 40;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([255, 0, 51, 255], i * 4);
    const m = alignmentTransform({ x: 10, y: 10, width: 20, height: 20 }, level, 8);
    const t = warpToTensor({ width: w, height: h, data }, m, 8, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(t.length).toBe(3 * 64);
    expect(t[0]).toBeCloseTo(1, 5);
    expect(t[64]).toBeCloseTo(-1, 5);
    expect(t[128]).toBeCloseTo((0.2 - 0.5) / 0.5, 5);
  });

  it('reproduces a horizontal gradient under the identity framing', () => {
    const w = 16;
    const data = new Uint8ClampedArray(w * w * 4);
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) data.set([x * 10, 0, 0, 255], (y * w + x) * 4);
    // A box that, with margin 0, makes the crop exactly the image: crop pixel (u, v) = source pixel (u, v).
    const m = alignmentTransform(
      { x: 0, y: 0, width: w, height: w },
      [
        { x: 4, y: 8 },
        { x: 12, y: 8 },
      ],
      w,
      0,
    );
    const t = warpToTensor({ width: w, height: w, data }, m, w, [0, 0, 0], [1, 1, 1]);
    for (let u = 0; u < w; u++) expect(t[3 * w + u]! * 255).toBeCloseTo(u * 10, 3);
  });
});

describe('too-small rule and scores', () => {
  it('marks faces under MIN_FACE_PX on the shorter side', () => {
    expect(isTooSmall({ x: 0, y: 0, width: MIN_FACE_PX - 1, height: 200 })).toBe(true);
    expect(isTooSmall({ x: 0, y: 0, width: MIN_FACE_PX, height: MIN_FACE_PX })).toBe(false);
  });

  it('centres the probability on the shipped threshold', () => {
    const m = { temperature: 2, threshold: 0.7 };
    const z = 2 * Math.log(0.7 / 0.3);
    expect(deepfakeProbability(z, m)).toBeCloseTo(0.5, 9);
    expect(deepfakeProbability(z + 1, m)).toBeGreaterThan(0.5);
  });

  it('rejects a malformed manifest with a message naming the fields', () => {
    expect(() => parseDeepfakeManifest({ file: 'x.onnx' })).toThrow(/deepfake.json is malformed/);
  });
});

describe('mirrorChw', () => {
  it('mirrors each row of each channel into the second slot', () => {
    const size = 3;
    const t = new Float32Array(2 * 27);
    for (let i = 0; i < 27; i++) t[i] = i;
    mirrorChw(t, size, 0, 27);
    expect(Array.from(t.subarray(27, 30))).toEqual([2, 1, 0]);
    expect(Array.from(t.subarray(27 + 18 + 6, 27 + 18 + 9))).toEqual([26, 25, 24]);
  });
});
