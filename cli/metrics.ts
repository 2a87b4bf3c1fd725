/** Binary-classification metrics for `npm run eval`: the figures the model card quotes. */

/** ROC AUC by the rank-sum (Mann-Whitney) formula, ties counted half. NaN when a class is missing. */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((s, i) => ({ s, y: labels[i] === true })).sort((a, b) => a.s - b.s);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && idx[j]!.s === idx[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (idx[k]!.y) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Confusion {
  accuracy: number;
  /** Share of real items called AI. */
  fpr: number;
  /** Share of AI items called AI. */
  tpr: number;
}

export function confusion(scores: readonly number[], labels: readonly boolean[], threshold = 0.5): Confusion {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  scores.forEach((s, i) => {
    const ai = s > threshold;
    if (labels[i]) {
      if (ai) tp++;
      else fn++;
    } else if (ai) fp++;
    else tn++;
  });
  const n = tp + fp + tn + fn;
  return {
    accuracy: n ? (tp + tn) / n : Number.NaN,
    fpr: fp + tn ? fp / (fp + tn) : Number.NaN,
    tpr: tp + fn ? tp / (tp + fn) : Number.NaN,
  };
}

/** Expected calibration error of P(ai) over equal-width bins. */
export function ece(scores: readonly number[], labels: readonly boolean[], bins = 10): number {
  const sums = Array.from({ length: bins }, () => ({ n: 0, conf: 0, hit: 0 }));
  scores.forEach((s, i) => {
    const b = sums[Math.min(bins - 1, Math.floor(s * bins))]!;
    b.n++;
    b.conf += s;
    b.hit += labels[i] ? 1 : 0;
  });
  const n = scores.length;
  return n
    ? sums.reduce((acc, b) => acc + (b.n ? (b.n / n) * Math.abs(b.conf / b.n - b.hit / b.n) : 0), 0)
    : Number.NaN;
}
