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

const mb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;
const mp = (n: number): string => `${Math.round(n / 1e6)} megapixels`;

export function checkImageBytes(size: number, limits: Limits): void {
  if (size === 0) throw new MediaError(400, 'The file is empty (0 bytes)');
  if (size > limits.maxImageBytes) throw new MediaError(413, `Image is ${mb(size)}; the limit is ${mb(limits.maxImageBytes)}`);
}

export function checkVideoBytes(size: number, limits: Limits): void {
  if (size === 0) throw new MediaError(400, 'The file is empty (0 bytes)');
  if (size > limits.maxVideoBytes) throw new MediaError(413, `Video is ${mb(size)}; the limit is ${mb(limits.maxVideoBytes)}`);
}

export function checkImagePixels(h: Pick<ImageHeader, 'width' | 'height'>, limits: Limits): void {
  const pixels = h.width * h.height;
  if (pixels > limits.maxPixels) {
    throw new MediaError(413, `Image is ${h.width} x ${h.height} = ${mp(pixels)}; the limit is ${mp(limits.maxPixels)}`);
  }
}
