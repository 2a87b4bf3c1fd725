/**
 * The real format, from magic bytes: the extension and the MIME type a browser guesses are never trusted.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'gif' | 'bmp';
export type VideoFormat = 'mp4' | 'mov' | 'webm' | 'mkv' | 'avi';

export type Sniffed =
  { kind: 'image'; format: ImageFormat; mime: string } | { kind: 'video'; format: VideoFormat; mime: string };

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));

const HEIF_IMAGE_BRANDS: Record<string, ImageFormat> = {
  avif: 'avif',
  avis: 'avif',
  heic: 'heic',
  heix: 'heic',
  heim: 'heic',
  heis: 'heic',
  mif1: 'heic',
  msf1: 'heic',
};

/** ISO-BMFF `ftyp`: the major brand, then compatible brands, decide image (AVIF/HEIC) vs video (MP4/MOV). */
function sniffFtyp(b: Uint8Array): Sniffed | null {
  const size = ((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0);
  const end = Math.min(b.length, size >= 16 ? size : 16, 256);
  const brands = [ascii(b, 8, 4)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, 4));
  for (const brand of brands) {
    const image = HEIF_IMAGE_BRANDS[brand];
    // avif is preferred over a generic mif1 listed first.
    if (image === 'avif') return { kind: 'image', format: 'avif', mime: 'image/avif' };
  }
  const major = brands[0] ?? '';
  const image = HEIF_IMAGE_BRANDS[major];
  if (image) return { kind: 'image', format: image, mime: image === 'avif' ? 'image/avif' : 'image/heic' };
  if (major === 'qt  ') return { kind: 'video', format: 'mov', mime: 'video/quicktime' };
  return { kind: 'video', format: 'mp4', mime: 'video/mp4' };
}

/**
 * "BM" alone is too weak a magic (plenty of text starts with it): the DIB header size at offset 14 must also be one
 * of the header versions that exist (OS/2 core, INFO, V2/V3, OS/2 v2, V4, V5).
 */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);
function isBmp(b: Uint8Array): boolean {
  if (b.length < 26 || b[0] !== 0x42 || b[1] !== 0x4d) return false;
  const dib = (b[14] ?? 0) | ((b[15] ?? 0) << 8) | ((b[16] ?? 0) << 16) | ((b[17] ?? 0) << 24);
  return BMP_DIB_SIZES.has(dib);
}

/** Sniffs the first bytes (64 are enough for every format here); `null` when none matches. */
export function sniff(b: Uint8Array): Sniffed | null {
  if (b.length < 4) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', format: 'jpeg', mime: 'image/jpeg' };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a)
    return { kind: 'image', format: 'png', mime: 'image/png' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP')
    return { kind: 'image', format: 'webp', mime: 'image/webp' };
  if (ascii(b, 0, 4) === 'GIF8') return { kind: 'image', format: 'gif', mime: 'image/gif' };
  if (isBmp(b)) return { kind: 'image', format: 'bmp', mime: 'image/bmp' };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return sniffFtyp(b);
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    // EBML: the DocType (element 0x4282, early in the header) tells Matroska from its WebM subset.
    return ascii(b, 0, Math.min(b.length, 64)).includes('matroska')
      ? { kind: 'video', format: 'mkv', mime: 'video/x-matroska' }
      : { kind: 'video', format: 'webm', mime: 'video/webm' };
  }
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'AVI ')
    return { kind: 'video', format: 'avi', mime: 'video/x-msvideo' };
  // QuickTime files without ftyp start directly with moov/mdat/wide/free atoms.
  if (b.length >= 8 && ['moov', 'mdat', 'wide', 'free'].includes(ascii(b, 4, 4)))
    return { kind: 'video', format: 'mov', mime: 'video/quicktime' };
  return null;
}

/** What an unsupported file most likely is, from its first bytes, for the error message; null when unknown. */
function guessUnknown(b: Uint8Array): string | null {
  const head = ascii(b, 0, Math.min(b.length, 16));
  if (head.startsWith('%PDF')) return 'a PDF';
  if (head.startsWith('PK\u0003\u0004')) return 'a ZIP archive or an Office document';
  if (head.startsWith('II*\u0000') || head.startsWith('MM\u0000*'))
    return 'a TIFF or camera RAW image, which browsers cannot decode; convert it to JPEG or PNG';
  if (head.startsWith('\u0000\u0000\u0001\u0000')) return 'a Windows icon (ICO)';
  if (head.startsWith('8BPS')) return 'a Photoshop document (PSD)';
  if (head.startsWith('\u00ff\u000a') || head.startsWith('\u0000\u0000\u0000\u000cJXL '))
    return 'a JPEG XL image, which most browsers cannot decode';
  if (head.startsWith('OggS')) return 'an Ogg audio or video file';
  if (head.startsWith('ID3') || head.startsWith('fLaC')) return 'an audio file';
  if (head.startsWith('RIFF')) return `a RIFF ${JSON.stringify(ascii(b, 8, 4))} file (audio, most likely)`;
  if (head.startsWith('\u001f\u008b')) return 'a gzip archive';
  if (/^\s*</.test(head)) return 'text (HTML, XML or SVG)';
  return null;
}

/** A plain-words reason an unsniffable file is refused, naming what it looks like when that can be told. */
export function describeUnknown(b: Uint8Array): string {
  if (b.length === 0) return 'The file is empty (0 bytes)';
  const guess = guessUnknown(b);
  return guess
    ? `This file is not a supported image or video (it looks like ${guess})`
    : 'This file is not a supported image or video (JPEG, PNG, WebP, AVIF, HEIC, GIF, BMP, MP4, MOV, WebM, MKV, AVI)';
}
