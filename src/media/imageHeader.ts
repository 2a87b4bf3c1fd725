/**
 * Image dimensions from the header alone, so limits are checked before a single pixel is decoded. Every loop is
 * capped and every read bounds-checked: truncated or hostile files give a MediaError, never a hang or a crash.
 */
import { ByteReader } from './ByteReader';
import { exifOrientation } from './exifOrientation';
import { readHeifSize } from './heifHeader';
import { MediaError } from './MediaError';
import type { ImageFormat } from './sniff';

export interface ImageHeader {
  format: ImageFormat;
  /** Stored dimensions (before EXIF orientation). */
  width: number;
  height: number;
  /**
   * EXIF-style orientation 1-8 the file declares (JPEG APP1 Exif, PNG eXIf, AVIF/HEIC irot + imir); 1 when absent.
   * 5-8 swap width and height on display (`displaySize`).
   */
  orientation: number;
  /** Bits per sample (JPEG precision, PNG bit depth, BMP bits per pixel). */
  bitDepth?: number;
  /** JPEG components (1 = grey, 3 = YCbCr, 4 = CMYK / YCCK); PNG channels implied by its colour type. */
  components?: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType?: number;
  /** Declared transparency (PNG colour type or tRNS, WebP VP8L/VP8X flags); absent when the header cannot tell. */
  hasAlpha?: boolean;
  /** Declared animation (PNG acTL, WebP VP8X flag); only the first frame is decoded. */
  animated?: boolean;
}

const MAX_STEPS = 10_000;

function truncated(format: string): never {
  throw new MediaError(400, `The ${format} file is truncated or corrupt: its header could not be read`);
}

function jpeg(r: ByteReader): ImageHeader {
  let at = 2;
  let orientation = 1;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    // Skip fill bytes between markers.
    while (r.u8(at) === 0xff && r.u8(at + 1) === 0xff) at++;
    if (r.u8(at) !== 0xff) truncated('JPEG');
    const marker = r.u8(at + 1);
    if (marker === undefined) truncated('JPEG');
    if (marker === 0xd9 || marker === 0xda) break; // EOI or start of scan before any frame header
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const len = r.u16(at + 2);
    if (len === undefined || len < 2) truncated('JPEG');
    const body = at + 4;
    if (marker === 0xe1 && r.ascii(body, 6) === 'Exif\u0000\u0000')
      orientation = exifOrientation(r, body + 6, at + 2 + len);
    // SOF0-15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const bitDepth = r.u8(body);
      const height = r.u16(body + 1);
      const width = r.u16(body + 3);
      const components = r.u8(body + 5);
      if (height === undefined || width === undefined || components === undefined || bitDepth === undefined)
        truncated('JPEG');
      if (width === 0 || height === 0)
        throw new MediaError(400, 'The JPEG declares an empty image (0 pixels wide or high)');
      return { format: 'jpeg', width, height, orientation, bitDepth, components };
    }
    at += 2 + len;
  }
  throw new MediaError(400, 'The JPEG is truncated or corrupt: no frame header (SOF) was found');
}

/** Valid PNG bit depths per colour type (PNG spec, table 11.1). */
const PNG_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

function png(r: ByteReader): ImageHeader {
  if (r.ascii(12, 4) !== 'IHDR') truncated('PNG');
  const width = r.u32(16);
  const height = r.u32(20);
  const bitDepth = r.u8(24);
  const colorType = r.u8(25);
  if (width === undefined || height === undefined || bitDepth === undefined || colorType === undefined)
    truncated('PNG');
  if (width === 0 || height === 0) throw new MediaError(400, 'The PNG declares an empty image (0 pixels wide or high)');
  if (!PNG_DEPTHS[colorType]?.includes(bitDepth)) {
    throw new MediaError(
      400,
      `The PNG header is corrupt: colour type ${colorType} with bit depth ${bitDepth} does not exist`,
    );
  }
  // Ancillary chunks before the image data: eXIf (orientation, which browsers apply), tRNS (alpha), acTL (APNG).
  // A chunk that does not fit ends the walk quietly: the decoder will judge the rest.
  let orientation = 1;
  let hasAlpha = colorType === 4 || colorType === 6;
  let animated = false;
  let at = 8;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const len = r.u32(at);
    const type = r.ascii(at + 4, 4);
    if (len === undefined || type === '' || type === 'IDAT' || type === 'IEND' || at + 12 + len > r.length) break;
    if (type === 'eXIf') orientation = exifOrientation(r, at + 8, at + 8 + len);
    else if (type === 'tRNS') hasAlpha = true;
    else if (type === 'acTL') animated = true;
    at += 12 + len;
  }
  return { format: 'png', width, height, orientation, bitDepth, colorType, hasAlpha, animated };
}

function webp(r: ByteReader): ImageHeader {
  const chunk = r.ascii(12, 4);
  if (chunk === 'VP8 ') {
    // Lossy: frame tag (3 bytes) + start code 9d 01 2a + 14-bit width/height (the top 2 bits are upscaling hints).
    if (r.u8(23) !== 0x9d || r.u8(24) !== 0x01 || r.u8(25) !== 0x2a) truncated('WebP');
    const w = r.u16(26, true);
    const h = r.u16(28, true);
    if (w === undefined || h === undefined) truncated('WebP');
    if ((w & 0x3fff) === 0 || (h & 0x3fff) === 0)
      throw new MediaError(400, 'The WebP declares an empty image (0 pixels wide or high)');
    return { format: 'webp', width: w & 0x3fff, height: h & 0x3fff, orientation: 1, hasAlpha: false, animated: false };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then 14-bit width-1, 14-bit height-1, 1 alpha hint bit, 3 version bits (0).
    if (r.u8(20) !== 0x2f) truncated('WebP');
    const bits = r.u32(21, true);
    if (bits === undefined) truncated('WebP');
    return {
      format: 'webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      orientation: 1,
      hasAlpha: ((bits >>> 28) & 1) === 1,
      animated: false,
    };
  }
  if (chunk === 'VP8X') {
    // Extended: flags byte, 3 reserved, 24-bit canvas width-1 and height-1. Animated files report the canvas.
    // Orientation stays 1: Chromium does not apply EXIF orientation to WebP (WebKit does). decodeImage reports the
    // decoded bitmap's size, so the displayed size is right in either engine.
    const flags = r.u8(20);
    const w = r.u24le(24);
    const h = r.u24le(27);
    if (flags === undefined || w === undefined || h === undefined) truncated('WebP');
    return {
      format: 'webp',
      width: w + 1,
      height: h + 1,
      orientation: 1,
      hasAlpha: (flags & 0x10) !== 0,
      animated: (flags & 0x02) !== 0,
    };
  }
  truncated('WebP');
}

function heif(r: ByteReader, format: ImageFormat): ImageHeader {
  return { format, ...readHeifSize(r, format.toUpperCase()) };
}

function gif(r: ByteReader): ImageHeader {
  const width = r.u16(6, true);
  const height = r.u16(8, true);
  if (width === undefined || height === undefined || r.length < 13) truncated('GIF');
  if (width === 0 || height === 0) throw new MediaError(400, 'The GIF declares an empty image (0 pixels wide or high)');
  return { format: 'gif', width, height, orientation: 1 };
}

function bmp(r: ByteReader): ImageHeader {
  const dib = r.u32(14, true);
  if (dib === undefined) truncated('BMP');
  if (dib === 12) {
    // OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes.
    const width = r.u16(18, true);
    const height = r.u16(20, true);
    const bitDepth = r.u16(24, true);
    if (width === undefined || height === undefined || bitDepth === undefined) truncated('BMP');
    if (width === 0 || height === 0)
      throw new MediaError(400, 'The BMP declares an empty image (0 pixels wide or high)');
    return { format: 'bmp', width, height, orientation: 1, bitDepth };
  }
  if (dib < 40)
    throw new MediaError(400, `The BMP header is corrupt or of an unsupported version (${dib}-byte info header)`);
  const width = r.i32le(18);
  const height = r.i32le(22);
  const bitDepth = r.u16(28, true);
  if (width === undefined || height === undefined || bitDepth === undefined) truncated('BMP');
  // A negative height means rows stored top-down; the size is its magnitude. A negative width has no meaning.
  if (width <= 0 || height === 0 || height === -0x80000000)
    throw new MediaError(400, 'The BMP declares an invalid image size');
  return { format: 'bmp', width, height: Math.abs(height), orientation: 1, bitDepth };
}

export function readImageHeader(bytes: Uint8Array, format: ImageFormat): ImageHeader {
  const r = new ByteReader(bytes);
  switch (format) {
    case 'jpeg':
      return jpeg(r);
    case 'png':
      return png(r);
    case 'webp':
      return webp(r);
    case 'avif':
    case 'heic':
      return heif(r, format);
    case 'gif':
      return gif(r);
    case 'bmp':
      return bmp(r);
  }
}

/** Dimensions as displayed: orientations 5-8 swap width and height. */
export function displaySize(h: ImageHeader): { width: number; height: number } {
  return h.orientation >= 5 ? { width: h.height, height: h.width } : { width: h.width, height: h.height };
}
