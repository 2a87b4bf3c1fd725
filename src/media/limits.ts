/**
 * Limits checked before work is done. Defaults are generous for real photos and clips and small enough that a
 * browser tab survives: a 100-megapixel RGBA buffer is already 400 MB.
 */
import type { ImageHeader } from './imageHeader';
import { MediaError } from './MediaError';

export interface Limits {
  maxImageBytes: number;
  maxVideoBytes: number;
  maxPixels: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxImageBytes: 100 * 1024 * 1024,
  maxVideoBytes: 2 * 1024 * 1024 * 1024,
  maxPixels: 100_000_000,
});

/**
 * Chromium and Firefox refuse canvases wider or taller than this (Skia's limit), whatever the pixel count, so a
 * 40,000 x 100 strip would pass `maxPixels` and still fail at the canvas. Not configurable: it is the browser's.
 */
export const MAX_CANVAS_SIDE = 32_767;

/** A limit breach or unreadable input, as data; the throwing checks below wrap it in a MediaError. */
export interface LimitError {
  code: 400 | 413;
  message: string;
}

/**
 * "Image is 2500 megapixels; the limit is 100 megapixels": whole units when they tell the two apart, more decimals
 * when rounding would make the size look equal to the limit it breaches (100.01 vs 100), exact counts past that.
 */
function sizeAndLimit(n: number, limit: number, unit: number, name: string, exactName: string): [string, string] {
  const fmt = (x: number, d: number): string => (d === 0 ? String(Math.round(x)) : x.toFixed(d));
  for (let d = 0; d <= 3; d++) {
    const a = fmt(n / unit, d);
    const b = fmt(limit / unit, d);
    // The limit is a round number people set: shown without trailing zeros ("100", not "100.00").
    if (a !== b && b !== fmt(0, d)) return [`${a} ${name}`, `${d === 0 ? b : b.replace(/\.?0+$/, '')} ${name}`];
  }
  return [`${n} ${exactName}`, `${limit} ${exactName}`];
}
const MiB = 1024 * 1024;

function bytesError(kind: 'Image' | 'Video', size: number, max: number): LimitError | null {
  if (size === 0) return { code: 400, message: 'The file is empty (0 bytes)' };
  if (size > max) {
    const [got, limit] = sizeAndLimit(size, max, MiB, 'MB', 'bytes');
    return { code: 413, message: `${kind} is ${got}; the limit is ${limit}` };
  }
  return null;
}

function pixelsError(h: Pick<ImageHeader, 'width' | 'height'>, limits: Limits): LimitError | null {
  const pixels = h.width * h.height;
  if (pixels > limits.maxPixels) {
    const [got, limit] = sizeAndLimit(pixels, limits.maxPixels, 1e6, 'megapixels', 'pixels');
    return { code: 413, message: `Image is ${h.width} x ${h.height} = ${got}; the limit is ${limit}` };
  }
  const side = Math.max(h.width, h.height);
  if (side > MAX_CANVAS_SIDE) {
    return {
      code: 413,
      message: `Image is ${h.width} x ${h.height}; browsers cannot draw an image wider or taller than ${MAX_CANVAS_SIDE} pixels`,
    };
  }
  return null;
}

/** Every image limit, from the byte length and the header alone: `null` when the image may be decoded. */
export function checkImageLimits(
  byteLength: number,
  header: Pick<ImageHeader, 'width' | 'height'>,
  limits: Limits = DEFAULT_LIMITS,
): LimitError | null {
  return bytesError('Image', byteLength, limits.maxImageBytes) ?? pixelsError(header, limits);
}

function raise(e: LimitError | null): void {
  if (e) throw new MediaError(e.code, e.message);
}

/** Checked before even sniffing, so a 5 GB file is refused without being read. */
export function checkImageBytes(size: number, limits: Limits): void {
  raise(bytesError('Image', size, limits.maxImageBytes));
}

export function checkVideoBytes(size: number, limits: Limits): void {
  raise(bytesError('Video', size, limits.maxVideoBytes));
}

export function checkImagePixels(h: Pick<ImageHeader, 'width' | 'height'>, limits: Limits): void {
  raise(pixelsError(h, limits));
}
