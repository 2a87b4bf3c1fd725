/**
 * What the analysis keeps of a decoded VideoFrame: its visible picture as RGBA (for the models) and a 160 px JPEG
 * thumbnail (for the timeline). Made in the frame decoder's worker, so the detector's thread only runs models.
 */
import type { Rgba } from '../../src/core/preprocess';
import { MediaError } from '../../src/media/MediaError';

export const THUMB_WIDTH = 160;

/** The visible picture as RGBA: VideoFrame.copyTo converts (Chromium); a canvas draw is the fallback. */
export async function toRgba(frame: VideoFrame): Promise<Rgba> {
  const { width, height } = frame.visibleRect ?? { width: frame.displayWidth, height: frame.displayHeight };
  try {
    const data = new Uint8ClampedArray(width * height * 4);
    await frame.copyTo(data, { format: 'RGBA', colorSpace: 'srgb' });
    return { width, height, data };
  } catch {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new MediaError(500, 'No 2D canvas is available in the worker to read video frames');
    ctx.drawImage(frame, 0, 0, width, height);
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  }
}

/**
 * `src` shrunk to `w` x `h`: each output pixel is the mean of a 4 x 4 grid of source samples spread over its
 * footprint. Cheap (16 reads per output pixel, ~1 ms for 160 x 90) and plenty for a timeline thumbnail; drawing the
 * VideoFrame into a small canvas instead cost ~20 ms a frame at 1080p (a full-size YUV conversion first).
 */
export function shrinkRgba(src: Rgba, w: number, h: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(w * h * 4);
  const G = 4;
  const sx = src.width / w;
  const sy = src.height / h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < G; j++) {
        const yy = Math.min(src.height - 1, Math.floor((y + (j + 0.5) / G) * sy));
        for (let i = 0; i < G; i++) {
          const xx = Math.min(src.width - 1, Math.floor((x + (i + 0.5) / G) * sx));
          const k = (yy * src.width + xx) * 4;
          r += src.data[k] ?? 0;
          g += src.data[k + 1] ?? 0;
          b += src.data[k + 2] ?? 0;
        }
      }
      const o = (y * w + x) * 4;
      out[o] = r / (G * G);
      out[o + 1] = g / (G * G);
      out[o + 2] = b / (G * G);
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Thumbnails at the frame's display aspect ratio (anamorphic clips: display size, not coded size), as JPEG data URLs. */
export function thumbnailMaker(): (rgba: Rgba, displayWidth: number, displayHeight: number) => Promise<string> {
  let canvas: OffscreenCanvas | null = null;
  return async (rgba, displayWidth, displayHeight) => {
    const h = Math.max(1, Math.round((THUMB_WIDTH * displayHeight) / Math.max(1, displayWidth)));
    if (!canvas || canvas.height !== h) canvas = new OffscreenCanvas(THUMB_WIDTH, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) return '';
    ctx.putImageData(new ImageData(shrinkRgba(rgba, THUMB_WIDTH, h), THUMB_WIDTH, h), 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return `data:image/jpeg;base64,${btoa(bin)}`;
  };
}
