/**
 * Image dimensions from the header alone, so limits are checked before a single pixel is decoded. Every loop is
 * capped and every read bounds-checked: truncated or hostile files give a MediaError, never a hang or a crash.
 */
import { ByteReader } from './ByteReader';
import { MediaError } from './MediaError';
import type { ImageFormat } from './sniff';

export interface ImageHeader {
  format: ImageFormat;
  /** Stored dimensions (before EXIF orientation). */
  width: number;
  height: number;
  /** EXIF orientation 1-8 (JPEG); 1 when absent. */
  orientation: number;
  bitDepth?: number;
  /** JPEG components (3 = YCbCr, 4 = CMYK, 1 = grey); PNG colour type is in `colorType`. */
  components?: number;
  colorType?: number;
}

const MAX_STEPS = 10_000;

function truncated(format: string): never {
  throw new MediaError(400, `The ${format} file is truncated or corrupt: its header could not be read`);
}

/** EXIF orientation from an APP1 "Exif\0\0" payload starting at `at` (TIFF header at at+6). */
function exifOrientation(r: ByteReader, at: number, end: number): number {
  const tiff = at + 6;
  const order = r.ascii(tiff, 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const le = order === 'II';
  const ifd = r.u32(tiff + 4, le);
  if (ifd === undefined) return 1;
  const dir = tiff + ifd;
  const n = r.u16(dir, le);
  if (n === undefined) return 1;
  for (let i = 0; i < Math.min(n, 512); i++) {
    const e = dir + 2 + i * 12;
    if (e + 12 > end) break;
    if (r.u16(e, le) === 0x0112) {
      const v = r.u16(e + 8, le) ?? 1;
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
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
    if (marker === 0xe1 && r.ascii(body, 6) === 'Exif\u0000\u0000') orientation = exifOrientation(r, body, at + 2 + len);
    // SOF0-15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const bitDepth = r.u8(body);
      const height = r.u16(body + 1);
      const width = r.u16(body + 3);
      const components = r.u8(body + 5);
      if (height === undefined || width === undefined || components === undefined || bitDepth === undefined) truncated('JPEG');
      if (width === 0 || height === 0) throw new MediaError(400, 'The JPEG declares an empty image (0 pixels wide or high)');
      return { format: 'jpeg', width, height, orientation, bitDepth, components };
    }
    at += 2 + len;
  }
  throw new MediaError(400, 'The JPEG is truncated or corrupt: no frame header (SOF) was found');
}

function png(r: ByteReader): ImageHeader {
  if (r.ascii(12, 4) !== 'IHDR') truncated('PNG');
  const width = r.u32(16);
  const height = r.u32(20);
  const bitDepth = r.u8(24);
  const colorType = r.u8(25);
  if (width === undefined || height === undefined || bitDepth === undefined || colorType === undefined) truncated('PNG');
  if (width === 0 || height === 0) throw new MediaError(400, 'The PNG declares an empty image (0 pixels wide or high)');
  return { format: 'png', width, height, orientation: 1, bitDepth, colorType };
}

function webp(r: ByteReader): ImageHeader {
  const chunk = r.ascii(12, 4);
  if (chunk === 'VP8 ') {
    // Lossy: frame tag (3 bytes) + start code 9d 01 2a + 14-bit width/height.
    if (r.u8(23) !== 0x9d || r.u8(24) !== 0x01 || r.u8(25) !== 0x2a) truncated('WebP');
    const w = r.u16(26, true);
    const h = r.u16(28, true);
    if (w === undefined || h === undefined) truncated('WebP');
    return { format: 'webp', width: w & 0x3fff, height: h & 0x3fff, orientation: 1 };
  }
  if (chunk === 'VP8L') {
    if (r.u8(20) !== 0x2f) truncated('WebP');
    const bits = r.u32(21, true);
    if (bits === undefined) truncated('WebP');
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, orientation: 1 };
  }
  if (chunk === 'VP8X') {
    const w = r.u24le(24);
    const h = r.u24le(27);
    if (w === undefined || h === undefined) truncated('WebP');
    return { format: 'webp', width: w + 1, height: h + 1, orientation: 1 };
  }
  truncated('WebP');
}

/** AVIF/HEIC: the largest `ispe` (image spatial extent) inside meta > iprp > ipco. */
function heif(r: ByteReader, format: ImageFormat): ImageHeader {
  let best: { w: number; h: number } | null = null;
  let steps = 0;
  const walk = (start: number, end: number, depth: number): void => {
    let at = start;
    while (at + 8 <= end && steps++ < MAX_STEPS) {
      let size = r.u32(at);
      const type = r.ascii(at + 4, 4);
      if (size === undefined) return;
      let header = 8;
      if (size === 1) {
        const hi = r.u32(at + 8);
        const lo = r.u32(at + 12);
        if (hi === undefined || lo === undefined || hi > 0) return; // > 4 GB box in an image: refuse
        size = lo;
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return;
      if (type === 'ispe') {
        const w = r.u32(at + header + 4);
        const h = r.u32(at + header + 8);
        if (w !== undefined && h !== undefined && (!best || w * h > best.w * best.h)) best = { w, h };
      } else if (depth < 6 && (type === 'meta' || type === 'iprp' || type === 'ipco')) {
        walk(at + header + (type === 'meta' ? 4 : 0), at + size, depth + 1);
      }
      at += size;
    }
  };
  walk(0, r.length, 0);
  const found = best as { w: number; h: number } | null;
  if (!found || found.w === 0 || found.h === 0) throw new MediaError(400, `The ${format.toUpperCase()} file is truncated or corrupt: no image size (ispe) was found`);
  return { format, width: found.w, height: found.h, orientation: 1 };
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
    const width = r.u16(18, true);
    const height = r.u16(20, true);
    if (width === undefined || height === undefined) truncated('BMP');
    return { format: 'bmp', width, height, orientation: 1 };
  }
  const width = r.i32le(18);
  const height = r.i32le(22);
  if (width === undefined || height === undefined) truncated('BMP');
  // A negative height means top-down rows.
  if (width <= 0 || height === 0) throw new MediaError(400, 'The BMP declares an invalid image size');
  return { format: 'bmp', width, height: Math.abs(height), orientation: 1 };
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
