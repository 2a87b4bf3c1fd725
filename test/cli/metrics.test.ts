import { describe, expect, it } from 'vitest';
import { auc, confusion, ece } from '../../cli/metrics';

describe('metrics', () => {
  it('auc: 1 for perfect ranking, 0.5 for ties, 0 for inverted, NaN with one class', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
    expect(auc([0.9, 0.1], [false, true])).toBe(0);
    expect(auc([0.3, 0.4], [true, true])).toBeNaN();
    // One of four positive/negative pairs misordered.
    expect(auc([0.1, 0.6, 0.5, 0.9], [false, false, true, true])).toBe(0.75);
  });

  it('confusion at a threshold', () => {
    expect(confusion([0.9, 0.4, 0.6, 0.1], [true, true, false, false])).toEqual({ accuracy: 0.5, fpr: 0.5, tpr: 0.5 });
  });

  it('ece: 0 when confidence matches frequency, large when overconfident', () => {
    expect(ece([1, 1, 0, 0], [true, true, false, false])).toBeCloseTo(0, 9);
    expect(ece([0.95, 0.95, 0.95, 0.95], [true, false, false, false])).toBeGreaterThan(0.6);
  });
});
