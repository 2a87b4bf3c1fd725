import { describe, expect, it } from 'vitest';
import { gflops, median, peerRow } from '../../cli/peers/stats';

describe('peer bench statistics', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('speedup is peer median over ours; size ratio likewise', () => {
    const r = peerRow('vit', '1×224²', 90e6, [1000, 1100, 900], 100, 4e6);
    expect(r).toEqual({ name: 'vit', input: '1×224²', bytes: 90e6, median_ms: 1000, speedup: 10, bytes_ratio: 22.5 });
  });

  it('GFLOP/s', () => {
    expect(gflops(2e9, 1000)).toBe(2);
  });
});
