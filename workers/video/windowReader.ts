const WINDOW = 8 * 1024 * 1024;

/** Reads sample bytes through one sliding window over the Blob (samples of a run are mostly contiguous). */
export function windowReader(blob: Blob): (offset: number, size: number) => Promise<Uint8Array> {
  let start = 0;
  let buf = new Uint8Array(0);
  return async (offset, size) => {
    if (offset < start || offset + size > start + buf.length) {
      start = offset;
      buf = new Uint8Array(
        await blob.slice(offset, Math.min(blob.size, offset + Math.max(WINDOW, size))).arrayBuffer(),
      );
    }
    return buf.subarray(offset - start, offset - start + size);
  };
}
