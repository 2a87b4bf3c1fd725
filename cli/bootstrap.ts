/**
 * Cluster bootstrap intervals for `npm run eval`. Files from one source share style, size and processing, so they
 * are not independent draws: resampling whole sources (with replacement) gives an interval that says how much a
 * figure would move on another draw of sources, which is what tells two models apart on a by-source split.
 */

/** Small seeded generator (mulberry32) so an interval is the same on every run of the same rows. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * 95% percentile interval of `stat` over `rounds` resamples of the clusters (`clusterOf` names each row's cluster).
 * Clusters are drawn within strata (`stratumOf`, e.g. the label, so every resample keeps the number of real and of
 * AI sources). Resamples where the statistic is undefined (NaN) are dropped; NaN bounds when too few remain.
 */
export function clusterBootstrap<T>(
  rows: readonly T[],
  clusterOf: (r: T) => string,
  stat: (rs: readonly T[]) => number,
  {
    stratumOf = () => '',
    rounds = 1000,
    seed = 1,
  }: { stratumOf?: (r: T) => string; rounds?: number; seed?: number } = {},
): Interval {
  const strata = new Map<string, Map<string, T[]>>();
  for (const r of rows) {
    const s = stratumOf(r);
    const clusters = strata.get(s) ?? new Map<string, T[]>();
    strata.set(s, clusters);
    const k = clusterOf(r);
    const list = clusters.get(k);
    if (list) list.push(r);
    else clusters.set(k, [r]);
  }
  const groups = [...strata.values()].map((c) => [...c.values()]);
  const rand = seededRandom(seed);
  const values: number[] = [];
  for (let b = 0; b < rounds; b++) {
    const sample: T[] = [];
    for (const g of groups) for (let i = 0; i < g.length; i++) sample.push(...g[Math.floor(rand() * g.length)]!);
    const v = stat(sample);
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length < rounds / 2) return { lo: Number.NaN, hi: Number.NaN };
  values.sort((a, b) => a - b);
  const at = (q: number): number =>
    values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  return { lo: at(0.025), hi: at(0.975) };
}
