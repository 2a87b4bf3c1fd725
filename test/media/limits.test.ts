import { describe, expect, it } from 'vitest';
import {
  checkImageBytes,
  checkImageLimits,
  checkImagePixels,
  checkVideoBytes,
  DEFAULT_LIMITS,
  MAX_CANVAS_SIDE,
} from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';

const MB = 1024 * 1024;

describe('DEFAULT_LIMITS', () => {
  it('are 100 MB per image, 2 GB per video, 100 megapixels, and cannot be changed by accident', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxImageBytes: 100 * MB, maxVideoBytes: 2 * 1024 * MB, maxPixels: 100_000_000 });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
  });
});

describe('checkImageLimits: a typed answer, from the header alone', () => {
  it('null when within every limit, including exactly at them', () => {
    expect(checkImageLimits(5 * MB, { width: 4000, height: 3000 })).toBeNull();
    expect(checkImageLimits(100 * MB, { width: 10_000, height: 10_000 })).toBeNull();
    expect(checkImageLimits(1, { width: MAX_CANVAS_SIDE, height: 1 })).toBeNull();
  });

  it('413 naming the pixel limit', () => {
    expect(checkImageLimits(1000, { width: 50_000, height: 50_000 })).toEqual({
      code: 413,
      message: 'Image is 50000 x 50000 = 2500 megapixels; the limit is 100 megapixels',
    });
  });

  it('never shows a breach as equal to its limit', () => {
    expect(checkImageLimits(1000, { width: 10_001, height: 10_000 })?.message).toBe(
      'Image is 10001 x 10000 = 100.01 megapixels; the limit is 100 megapixels',
    );
    expect(checkImageLimits(1000, { width: 100_000_001, height: 1 }, { ...DEFAULT_LIMITS })?.message).toMatch(
      /= 100000001 pixels; the limit is 100000000 pixels/,
    );
    expect(checkImageLimits(100 * MB + 1, { width: 1, height: 1 })?.message).toBe(
      'Image is 104857601 bytes; the limit is 104857600 bytes',
    );
    expect(checkImageLimits(101 * MB, { width: 1, height: 1 })?.message).toBe('Image is 101 MB; the limit is 100 MB');
    expect(checkImageLimits(100.4 * MB, { width: 1, height: 1 })?.message).toBe(
      'Image is 100.4 MB; the limit is 100 MB',
    );
  });

  it('413 naming the byte limit, checked before the pixels', () => {
    expect(checkImageLimits(250 * MB, { width: 50_000, height: 50_000 })).toEqual({
      code: 413,
      message: 'Image is 250 MB; the limit is 100 MB',
    });
  });

  it('honours custom limits', () => {
    const limits = { ...DEFAULT_LIMITS, maxPixels: 1_000_000, maxImageBytes: 2 * MB };
    expect(checkImageLimits(MB, { width: 1001, height: 1000 }, limits)).toMatchObject({
      code: 413,
      message: expect.stringMatching(/1\.001 megapixels; the limit is 1 megapixels/),
    });
    expect(checkImageLimits(3 * MB, { width: 10, height: 10 }, limits)).toMatchObject({
      code: 413,
      message: 'Image is 3 MB; the limit is 2 MB',
    });
  });

  it('413 for a side no browser canvas can hold, even under the pixel limit', () => {
    expect(checkImageLimits(1000, { width: 40_000, height: 100 })).toEqual({
      code: 413,
      message: `Image is 40000 x 100; browsers cannot draw an image wider or taller than ${MAX_CANVAS_SIDE} pixels`,
    });
  });

  it('400 for an empty file', () => {
    expect(checkImageLimits(0, { width: 1, height: 1 })).toEqual({ code: 400, message: 'The file is empty (0 bytes)' });
  });
});

describe('throwing forms', () => {
  const thrown = (f: () => void): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    return null;
  };

  it('throw a MediaError carrying the same code and message', () => {
    const e = thrown(() => checkImagePixels({ width: 50_000, height: 50_000 }, DEFAULT_LIMITS));
    expect(e).toBeInstanceOf(MediaError);
    expect(e).toMatchObject({
      code: 413,
      name: 'MediaError',
      message: 'Image is 50000 x 50000 = 2500 megapixels; the limit is 100 megapixels',
    });
    expect(thrown(() => checkImageBytes(0, DEFAULT_LIMITS))).toMatchObject({ code: 400 });
    expect(thrown(() => checkVideoBytes(3 * 1024 * MB, DEFAULT_LIMITS))).toMatchObject({
      code: 413,
      message: 'Video is 3072 MB; the limit is 2048 MB',
    });
    expect(thrown(() => checkVideoBytes(1024 * MB, DEFAULT_LIMITS))).toBeNull();
  });
});
