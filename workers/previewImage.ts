/**
 * A small WebP of a photo the page cannot draw itself: HEIC, which only the worker's libheif decodes (Chromium has
 * no HEIF decoder). The same header-first limits as an analysis apply before anything is decoded.
 */
import { decodeImage } from '../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../src/media/limits';

export async function previewImage(file: Blob, maxSide: number): Promise<Blob> {
  const image = await decodeImage(new Uint8Array(await file.arrayBuffer()), DEFAULT_LIMITS);
  const small = image.scaled(maxSide);
  const canvas = new OffscreenCanvas(small.width, small.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas is available for the preview');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(small.data), small.width, small.height), 0, 0);
  // WebP keeps alpha, as the page's own previews do (makePreview.ts).
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
}
