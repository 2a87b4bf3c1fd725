/** The timeline thumbnail's downscale (worker code, pure): averages each output pixel's footprint, keeps the layout. */
import { describe, expect, it } from 'vitest';
import { shrinkRgba } from '../../workers/video/frameImages';

function image(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number],
): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  return { width, height, data };
}

describe('shrinkRgba', () => {
  it('keeps a left/right split where it was, opaque', () => {
    const src = image(1920, 1080, (x) => (x < 960 ? [255, 0, 0] : [0, 0, 255]));
    const out = shrinkRgba(src, 160, 90);
    expect(out.length).toBe(160 * 90 * 4);
    const px = (x: number, y: number): number[] => Array.from(out.subarray((y * 160 + x) * 4, (y * 160 + x) * 4 + 4));
    expect(px(0, 0)).toEqual([255, 0, 0, 255]);
    expect(px(79, 45)).toEqual([255, 0, 0, 255]);
    expect(px(80, 45)).toEqual([0, 0, 255, 255]);
    expect(px(159, 89)).toEqual([0, 0, 255, 255]);
  });

  it('averages fine detail instead of picking one pixel (a 1-px checkerboard turns grey)', () => {
    const src = image(640, 360, (x, y) => ((x + y) % 2 === 0 ? [255, 255, 255] : [0, 0, 0]));
    const out = shrinkRgba(src, 160, 90);
    for (let i = 0; i < out.length; i += 4) expect(Math.abs((out[i] ?? 0) - 127.5)).toBeLessThanOrEqual(1);
  });

  it('upscales a tiny frame without reading outside it', () => {
    const out = shrinkRgba(
      image(2, 1, (x) => (x === 0 ? [10, 20, 30] : [40, 50, 60])),
      4,
      2,
    );
    expect(Array.from(out.subarray(0, 4))).toEqual([10, 20, 30, 255]);
    expect(Array.from(out.subarray(12, 16))).toEqual([40, 50, 60, 255]);
  });
});
