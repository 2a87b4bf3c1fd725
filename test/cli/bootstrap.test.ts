import { describe, expect, it } from 'vitest';
import { clusterBootstrap, seededRandom } from '../../cli/bootstrap';

interface R {
  source: string;
  ai: boolean;
  hit: boolean;
}
const mean = (rs: readonly R[]): number => rs.filter((r) => r.hit).length / rs.length;

describe('clusterBootstrap', () => {
  it('is reproducible and brackets the point estimate', () => {
    const rows: R[] = [];
    for (let s = 0; s < 12; s++)
      for (let i = 0; i < 10; i++) rows.push({ source: `s${s}`, ai: s % 2 === 0, hit: i < (s % 7) + 2 });
    const a = clusterBootstrap(rows, (r) => r.source, mean);
    expect(clusterBootstrap(rows, (r) => r.source, mean)).toEqual(a);
    expect(a.lo).toBeLessThanOrEqual(mean(rows));
    expect(a.hi).toBeGreaterThanOrEqual(mean(rows));
    expect(a.hi - a.lo).toBeGreaterThan(0.05);
  });

  it('resamples whole sources: one big uniform source gives no spread, and strata keep their sizes', () => {
    const one: R[] = Array.from({ length: 50 }, (_, i) => ({ source: 'only', ai: true, hit: i < 20 }));
    expect(clusterBootstrap(one, (r) => r.source, mean)).toEqual({ lo: 0.4, hi: 0.4 });
    const mixed: R[] = [...one, ...Array.from({ length: 5 }, () => ({ source: 'real', ai: false, hit: false }))];
    // Stratified by label: every resample holds the 50 AI rows and the 5 real ones.
    const share = clusterBootstrap(
      mixed,
      (r) => r.source,
      (rs) => rs.filter((r) => r.ai).length / rs.length,
      { stratumOf: (r) => String(r.ai) },
    );
    expect(share).toEqual({ lo: 50 / 55, hi: 50 / 55 });
  });

  it('reports NaN bounds when the statistic is mostly undefined', () => {
    const rows: R[] = [{ source: 'a', ai: true, hit: true }];
    expect(
      clusterBootstrap(
        rows,
        (r) => r.source,
        () => Number.NaN,
      ).lo,
    ).toBeNaN();
  });

  it('draws uniformly enough from its seeded generator', () => {
    const rand = seededRandom(7);
    const draws = Array.from({ length: 10000 }, rand);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
