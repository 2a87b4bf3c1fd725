/**
 * Bytes -> RGBA pixels, inside the worker. Order matters: sniff the real format, read the header, check bytes and
 * pixels against the limits, and only then decode. EXIF orientation is applied by the browser's decoder.
 */
import { displaySize, readImageHeader, type ImageHeader } from './imageHeader';
import { checkImageBytes, checkImagePixels, type Limits } from './limits';
import { MediaError } from './MediaError';
import { describeUnknown, sniff, type ImageFormat } from './sniff';

export interface DecodedImage {
  width: number;
  height: number;
  format: ImageFormat;
  mime: string;
  header: ImageHeader;
  /** RGBA of a region, read back from the decoded canvas on demand. */
  region(x: number, y: number, w: number, h: number): Uint8ClampedArray;
}

/** What can be known without decoding; throws MediaError (400/413) for anything that must not be decoded. */
export function inspectImage(bytes: Uint8Array, limits: Limits): { format: ImageFormat; mime: string; header: ImageHeader } {
  checkImageBytes(bytes.length, limits);
  const s = sniff(bytes);
  if (!s) throw new MediaError(400, describeUnknown(bytes));
  if (s.kind !== 'image') throw new MediaError(400, `This is a ${s.format.toUpperCase()} video, not an image`);
  if (s.format === 'heic') throw new MediaError(400, 'HEIC/HEIF images cannot be decoded by this browser: convert to JPEG or AVIF');
  const header = readImageHeader(bytes, s.format);
  checkImagePixels(header, limits);
  return { format: s.format, mime: s.mime, header };
}

export async function decodeImage(bytes: Uint8Array, limits: Limits): Promise<DecodedImage> {
  const { format, mime, header } = inspectImage(bytes, limits);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'default',
    });
  } catch {
    throw new MediaError(400, `The ${format.toUpperCase()} image could not be decoded: the file is corrupt or truncated`);
  }
  try {
    const { width, height } = displaySize(header);
    // The decoder is the authority on the final size (it applied orientation); the header only guarded limits.
    const w = bitmap.width || width;
    const h = bitmap.height || height;
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new MediaError(500, 'No 2D canvas is available to read the decoded pixels');
    ctx.drawImage(bitmap, 0, 0);
    return { width: w, height: h, format, mime, header, region: (x, y, rw, rh) => ctx.getImageData(x, y, rw, rh).data };
  } finally {
    bitmap.close();
  }
}
