/** Pure helpers of the peer benchmark (unit-tested). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface PeerRow {
  name: string;
  input: string;
  bytes: number;
  median_ms: number;
  /** peer median / our median (whole image path); > 1 means we are faster. */
  speedup: number;
  bytes_ratio: number;
}

export function peerRow(
  name: string,
  input: string,
  bytes: number,
  times: readonly number[],
  ourMedian: number,
  ourBytes: number,
): PeerRow {
  const m = median(times);
  return {
    name,
    input,
    bytes,
    median_ms: Math.round(m * 10) / 10,
    speedup: Math.round((m / ourMedian) * 100) / 100,
    bytes_ratio: Math.round((bytes / ourBytes) * 10) / 10,
  };
}

/** Achieved GFLOP/s for `flops` floating-point operations done in `ms`. */
export function gflops(flops: number, ms: number): number {
  return Math.round((flops / (ms / 1000) / 1e9) * 100) / 100;
}
