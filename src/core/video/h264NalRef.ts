/**
 * H.264 samples that no other picture refers to (every slice has nal_ref_idc = 0: typically the plain B-frames of
 * an x264 or camera stream) can be left out of a decode without changing any other frame. The sampled-frame decoder
 * uses this to skip the unwanted ones: about a third to a half of a GOP's samples with the usual B-frame settings.
 * Samples are in MP4 (AVCC) form: NAL units each prefixed by a big-endian length of `lengthSize` bytes.
 */

/** NAL length-prefix size from an avcC box body (`description`), or null when it is not one. */
export function avcLengthSize(avcC: Uint8Array | undefined): number | null {
  if (!avcC || avcC.length < 7 || avcC[0] !== 1) return null;
  const n = ((avcC[4] ?? 0) & 3) + 1;
  return n === 3 ? null : n; // 3-byte prefixes are not allowed by ISO/IEC 14496-15
}

/**
 * True when the sample holds at least one coded slice (NAL types 1-5) and none of them is a reference
 * (nal_ref_idc = 0). Any malformed length, or a sample without slices, answers false: when in doubt, decode it.
 */
export function isNonReferenceSample(sample: Uint8Array, lengthSize: number): boolean {
  let at = 0;
  let slices = 0;
  while (at + lengthSize < sample.length) {
    let len = 0;
    for (let i = 0; i < lengthSize; i++) len = len * 256 + (sample[at + i] ?? 0);
    at += lengthSize;
    if (len === 0 || at + len > sample.length) return false;
    const header = sample[at] ?? 0;
    const type = header & 0x1f;
    if (type >= 1 && type <= 5) {
      if ((header & 0x60) !== 0 || type === 5) return false;
      slices++;
    }
    at += len;
  }
  return slices > 0 && at === sample.length;
}
