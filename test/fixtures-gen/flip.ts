/**
 * Flips one byte of a signed file inside its media data (not its manifest): a window from the middle of the
 * unsigned original is found again in the signed file and a byte inside it is changed.
 */
export function flipMediaByte(unsigned: Uint8Array, signed: Uint8Array): Buffer {
  const u = Buffer.from(unsigned);
  const out = Buffer.from(signed);
  for (const frac of [0.6, 0.5, 0.7, 0.4, 0.8]) {
    const mid = Math.floor(u.length * frac);
    const at = out.indexOf(u.subarray(mid, mid + 24));
    if (at >= 0 && out.indexOf(u.subarray(mid, mid + 24), at + 1) < 0) {
      out[at + 8] = (out[at + 8] ?? 0) ^ 0x55;
      return out;
    }
  }
  throw new Error('no unique media window found to flip');
}
