/**
 * XMP in a GIF: an application extension with identifier "XMP DataXMP" (XMP spec part 3). The packet is written
 * raw where the data sub-blocks would be, followed by a 258-byte "magic trailer" that makes the bytes parse as
 * valid sub-blocks, so walking the blocks the GIF way finds its end. exifr does not read GIF at all. Only the proper
 * block structure is walked, never a substring search of the file; bounded everywhere.
 */
import { ByteReader } from '../media/ByteReader';

const MAX_XMP = 1024 * 1024;
const MAX_BLOCKS = 100_000;
const XMP_APP = 'XMP DataXMP';

/** Skips a chain of data sub-blocks starting at `at`; returns the offset after its terminator, or -1. */
function skipSubBlocks(r: ByteReader, at: number): number {
  for (let n = 0; n < MAX_BLOCKS; n++) {
    const size = r.u8(at);
    if (size === undefined) return -1;
    at += 1 + size;
    if (size === 0) return at;
  }
  return -1;
}

export function gifXmp(bytes: Uint8Array): Uint8Array | null {
  const r = new ByteReader(bytes);
  if (r.ascii(0, 3) !== 'GIF') return null;
  const flags = r.u8(10);
  if (flags === undefined) return null;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  for (let n = 0; n < MAX_BLOCKS && at < bytes.length; n++) {
    const intro = r.u8(at);
    if (intro === 0x21) {
      const label = r.u8(at + 1);
      if (label === 0xff && r.u8(at + 2) === 11 && r.ascii(at + 3, 11) === XMP_APP) {
        const start = at + 14;
        const end = skipSubBlocks(r, start);
        if (end < 0) return null;
        // The packet ends where the magic trailer (0x01 0xFF 0xFE ... 0x01 0x00 0x00) begins.
        let stop = end - 1;
        while (stop > start && !(bytes[stop] === 0x01 && bytes[stop + 1] === 0xff && bytes[stop + 2] === 0xfe)) stop--;
        const body = bytes.subarray(start, stop);
        return body.length > 0 && body.length <= MAX_XMP ? body : null;
      }
      const next = skipSubBlocks(r, at + 2);
      if (next < 0) return null;
      at = next;
    } else if (intro === 0x2c) {
      const local = r.u8(at + 9);
      if (local === undefined) return null;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1; // descriptor, local table, LZW code size
      const next = skipSubBlocks(r, at);
      if (next < 0) return null;
      at = next;
    } else {
      return null; // 0x3b trailer, or not a GIF block
    }
  }
  return null;
}
