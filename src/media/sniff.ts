/**
 * The real format, from magic bytes: the extension and the MIME type a browser guesses are never trusted.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'gif' | 'bmp';
export type VideoFormat = 'mp4' | 'mov' | 'webm';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat; mime: string }
  | { kind: 'video'; format: VideoFormat; mime: string };

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));

const HEIF_IMAGE_BRANDS: Record<string, ImageFormat> = { avif: 'avif', avis: 'avif', heic: 'heic', heix: 'heic', heim: 'heic', heis: 'heic', mif1: 'heic', msf1: 'heic' };

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

export function sniff(b: Uint8Array): Sniffed | null {
  if (b.length < 4) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', format: 'jpeg', mime: 'image/jpeg' };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a) return { kind: 'image', format: 'png', mime: 'image/png' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp', mime: 'image/webp' };
  if (ascii(b, 0, 4) === 'GIF8') return { kind: 'image', format: 'gif', mime: 'image/gif' };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { kind: 'image', format: 'bmp', mime: 'image/bmp' };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return sniffFtyp(b);
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { kind: 'video', format: 'webm', mime: 'video/webm' };
  // QuickTime files without ftyp start directly with moov/mdat/wide/free atoms.
  if (b.length >= 8 && ['moov', 'mdat', 'wide', 'free'].includes(ascii(b, 4, 4))) return { kind: 'video', format: 'mov', mime: 'video/quicktime' };
  return null;
}

/** A plain-words guess at what an unsupported file is, for the error message. */
export function describeUnknown(b: Uint8Array): string {
  if (b.length === 0) return 'The file is empty (0 bytes)';
  const head = ascii(b, 0, 8);
  if (head.startsWith('%PDF')) return 'This file is a PDF, not an image or video';
  if (head.startsWith('PK')) return 'This file is a ZIP archive (or an Office document), not an image or video';
  if (head.startsWith('II*') || head.startsWith('MM\u0000*')) return 'TIFF images are not supported: convert to JPEG or PNG';
  if (/^\s*</.test(head)) return 'This file is text (HTML, XML or SVG), not a supported image or video';
  return 'This file is not a supported image or video (JPEG, PNG, WebP, AVIF, GIF, BMP, MP4, MOV, WebM)';
}
