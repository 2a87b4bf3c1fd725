import { describe, expect, it } from 'vitest';
import { toRgb } from '../../src/media/toRgb';

describe('toRgb: alpha flattened on black', () => {
  it('keeps opaque pixels, blackens transparent ones, scales partial alpha by a / 255 (rounded)', () => {
    const data = Uint8ClampedArray.from([
      10,
      20,
      30,
      255, // opaque
      200,
      100,
      50,
      0, // transparent (a canvas reads these back as 0,0,0,0 anyway)
      255,
      255,
      255,
      128, // half-transparent white
      255,
      128,
      1,
      1, // almost transparent
    ]);
    expect(Array.from(toRgb({ width: 2, height: 2, data }).data)).toEqual([
      10, 20, 30, 0, 0, 0, 128, 128, 128, 1, 1, 0,
    ]);
  });

  it('is exactly round(c * a / 255) for every c and a', () => {
    const data = new Uint8ClampedArray(256 * 256 * 4);
    for (let c = 0; c < 256; c++) for (let a = 0; a < 256; a++) data.set([c, c, c, a], (c * 256 + a) * 4);
    const rgb = toRgb({ width: 256, height: 256, data }).data;
    for (let c = 0; c < 256; c++)
      for (let a = 0; a < 256; a++) expect(rgb[(c * 256 + a) * 3]).toBe(Math.round((c * a) / 255));
  });

  it('refuses a buffer too short for its size', () => {
    expect(() => toRgb({ width: 2, height: 2, data: new Uint8ClampedArray(15) })).toThrow(RangeError);
  });
});
