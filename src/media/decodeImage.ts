/**
 * Bytes -> RGBA pixels, inside the worker. Order matters: sniff the real format, read the header, check bytes and
 * pixels against the limits, and only then decode. EXIF orientation is applied by the browser's decoder.
 *
 * Only APIs present in both the DOM and WebWorker libs are used (createImageBitmap, OffscreenCanvas, Blob), so this
 * file type-checks under tsconfig.app.json and tsconfig.worker.json alike.
 */
import { displaySize, readImageHeader, type ImageHeader } from './imageHeader';
import { checkImageBytes, checkImagePixels, type Limits } from './limits';
import { MediaError } from './MediaError';
import { describeUnknown, sniff, type ImageFormat } from './sniff';
import type { FallbackListener } from './fallback/fallbackAsset';

export interface DecodedImage {
  /** Size as displayed: after EXIF orientation (5-8 swap the stored width and height). */
  width: number;
  height: number;
  format: ImageFormat;
  /** The sniffed MIME type, never the one the browser or the file name claimed. */
  mime: string;
  /** EXIF-style orientation (1-8) the file declared; the pixels already have it applied. */
  orientation: number;
  header: ImageHeader;
  /**
   * RGBA, row-major, not premultiplied; alpha left as decoded (see `toRgb` to flatten it). Read back from the canvas
   * on first access and then kept: callers that need only a few crops should use `region` and never touch this.
   * Animated GIF / WebP / PNG: the first frame.
   */
  readonly data: Uint8ClampedArray;
  /** RGBA of one region, read back from the decoded canvas on demand. */
  region(x: number, y: number, w: number, h: number): Uint8ClampedArray;
  /**
   * The whole image with its longer side at most `maxSide` (never enlarged), resampled by the canvas: for consumers
   * that look at the whole picture at a modest size (the face detector), so a 100-megapixel photo is never read back
   * whole. `scale` is this copy's size over the source's.
   */
  scaled(maxSide: number): ScaledImage;
}

export interface ScaledImage {
  width: number;
  height: number;
  scale: number;
  data: Uint8ClampedArray;
}

/** What can be known without decoding; throws MediaError (400/413) for anything that must not be decoded. */
export function inspectImage(
  bytes: Uint8Array,
  limits: Limits,
): { format: ImageFormat; mime: string; header: ImageHeader } {
  checkImageBytes(bytes.length, limits);
  const s = sniff(bytes);
  if (!s) throw new MediaError(400, describeUnknown(bytes));
  if (s.kind !== 'image') throw new MediaError(400, `This is a ${s.format.toUpperCase()} video, not an image`);
  const header = readImageHeader(bytes, s.format);
  checkImagePixels(header, limits);
  return { format: s.format, mime: s.mime, header };
}

/** A Blob part must be backed by a plain ArrayBuffer; copy the (rare) SharedArrayBuffer-backed view. */
function blobPart(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes.slice();
}

export interface DecodeOptions {
  /** Told when a fallback decoder (HEIF) is fetched, so the page can say so (first use: from the network). */
  onFallbackFetch?: FallbackListener;
}

/**
 * HEIC goes through libheif (WebAssembly, loaded on first use) in every browser, Safari included, so the answer
 * does not depend on which browser decoded it; everything else through the browser's own decoder.
 */
async function decodePixels(
  bytes: Uint8Array,
  format: ImageFormat,
  mime: string,
  options: DecodeOptions,
): Promise<CanvasImageSource & { width: number; height: number; close?: () => void }> {
  if (format === 'heic') {
    const { decodeHeif } = await import('./heif/decodeHeif');
    const px = await decodeHeif(bytes, options.onFallbackFetch);
    const canvas = new OffscreenCanvas(px.width, px.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new MediaError(500, 'No 2D canvas is available to hold the decoded pixels');
    ctx.putImageData(new ImageData(px.data, px.width, px.height), 0, 0);
    return canvas;
  }
  try {
    // premultiplyAlpha stays at its default: the bitmap is drawn onto a 2D canvas, which stores premultiplied
    // pixels whatever the bitmap holds, so 'none' bought no precision (getImageData gave identical pixels on opaque
    // JPEG / WebP and on a PNG with an alpha gradient) and cost Chromium a slower decode path: 12-megapixel JPEG
    // decode + draw 500-570 ms with it, 310-370 ms without (2026-12-06, this machine).
    // colorSpaceConversion 'none': the pixels as stored, no ICC conversion to sRGB. The classifier learnt from
    // Pillow's decode, which keeps them so (training/common.py load_rgb); with 'default', a phone's Display P3 JPEG
    // reached the model with every pixel moved (mean 1-1.7 levels, up to 61, on two P3 photos of the data), and the
    // product and training/evaluate.py disagreed about it. With 'none', Chromium's decode equals Pillow's bit for bit
    // on the JPEG (P3 and untagged) and WebP files compared (2026-12-06).
    return await createImageBitmap(new Blob([blobPart(bytes)], { type: mime }), {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'none',
    });
  } catch {
    throw new MediaError(
      400,
      `The ${format.toUpperCase()} image could not be decoded: the file is corrupt or truncated`,
    );
  }
}

export async function decodeImage(
  bytes: Uint8Array,
  limits: Limits,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  const { format, mime, header } = inspectImage(bytes, limits);
  const bitmap = await decodePixels(bytes, format, mime, options);
  try {
    const shown = displaySize(header);
    // The decoder is the authority on the final size (it applied orientation); the header only guarded limits.
    const w = bitmap.width || shown.width;
    const h = bitmap.height || shown.height;
    // A header that understated the size (a GIF whose frames overflow its logical screen) is caught here, before
    // the canvas and its read-back are allocated.
    checkImagePixels({ width: w, height: h }, limits);
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new MediaError(500, 'No 2D canvas is available to read the decoded pixels');
    ctx.drawImage(bitmap, 0, 0);
    let data: Uint8ClampedArray | undefined;
    const all = (): Uint8ClampedArray => (data ??= ctx.getImageData(0, 0, w, h).data);
    return {
      width: w,
      height: h,
      format,
      mime,
      orientation: header.orientation,
      header,
      get data(): Uint8ClampedArray {
        return all();
      },
      region: (x, y, rw, rh) => ctx.getImageData(x, y, rw, rh).data,
      scaled(maxSide: number): ScaledImage {
        const scale = Math.min(1, maxSide / Math.max(w, h));
        if (scale === 1) return { width: w, height: h, scale, data: all() };
        const sw = Math.max(1, Math.round(w * scale));
        const sh = Math.max(1, Math.round(h * scale));
        const small = new OffscreenCanvas(sw, sh).getContext('2d', { willReadFrequently: true });
        if (!small) throw new MediaError(500, 'No 2D canvas is available to resample the decoded pixels');
        small.imageSmoothingQuality = 'high';
        small.drawImage(canvas, 0, 0, sw, sh);
        return { width: sw, height: sh, scale: sw / w, data: small.getImageData(0, 0, sw, sh).data };
      },
    };
  } finally {
    bitmap.close?.();
  }
}
