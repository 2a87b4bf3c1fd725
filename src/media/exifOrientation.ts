import type { ByteReader } from './ByteReader';

/**
 * EXIF orientation (tag 0x0112 in IFD0) from a TIFF structure spanning [tiff, end): the payload of a JPEG APP1
 * after "Exif\0\0", or of a PNG eXIf chunk. Anything malformed reads as 1 (as stored): orientation only changes how
 * the pixels are shown, so a broken EXIF block is no reason to refuse the image.
 */
export function exifOrientation(r: ByteReader, tiff: number, end: number): number {
  const order = r.ascii(tiff, 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const le = order === 'II';
  const ifd = r.u32(tiff + 4, le);
  if (ifd === undefined || ifd < 8) return 1;
  const dir = tiff + ifd;
  const n = r.u16(dir, le);
  if (n === undefined || dir + 2 > end) return 1;
  // IFD0 is small (a few dozen tags); a count beyond what fits in the block is corrupt, so stop at the block's end.
  for (let i = 0; i < n; i++) {
    const e = dir + 2 + i * 12;
    if (e + 12 > end) break;
    if (r.u16(e, le) === 0x0112) {
      const v = r.u16(e + 8, le) ?? 1;
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}
