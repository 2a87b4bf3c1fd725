import { ByteReader } from '../media/ByteReader';

/** WebP keeps EXIF and XMP in RIFF chunks (`EXIF`, `XMP `), which exifr 7 does not read: we find them here. */
export function webpMetadataChunks(bytes: Uint8Array): { exif: Uint8Array | null; xmp: Uint8Array | null } {
  const r = new ByteReader(bytes);
  let exif: Uint8Array | null = null;
  let xmp: Uint8Array | null = null;
  let at = 12;
  for (let n = 0; n < 10_000 && at + 8 <= bytes.length; n++) {
    const type = r.ascii(at, 4);
    const size = r.u32(at + 4, true);
    if (size === undefined || at + 8 + size > bytes.length) break;
    const body = bytes.subarray(at + 8, at + 8 + size);
    if (type === 'EXIF') exif = body;
    if (type === 'XMP ') xmp = body;
    at += 8 + size + (size & 1);
  }
  return { exif, xmp };
}
