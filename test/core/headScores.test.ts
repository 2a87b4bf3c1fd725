import { describe, expect, it } from 'vitest';
import { ALL_CLASSES, GENERATOR_CLASSES, SOURCE_CLASSES } from '../../src/core/classes';
import { scoreOf, toClassScores, type HeadProbabilities } from '../../src/core/headScores';

const base: HeadProbabilities = {
  ai: 0.8,
  generators: { flux: 3, sora: 1 },
  inconclusive: false,
  video: false,
  deepfake: 0.25,
};

function sum(names: readonly string[], scores: ReturnType<typeof toClassScores>): number {
  return scores.filter((s) => names.includes(s.class)).reduce((a, s) => a + s.score, 0);
}

describe('toClassScores', () => {
  const cases: [string, HeadProbabilities][] = [
    ['named', base],
    ['inconclusive', { ...base, inconclusive: true }],
    ['video inconclusive', { ...base, inconclusive: true, video: true }],
    ['no generators', { ...base, generators: {} }],
    ['real', { ...base, ai: 0 }],
    ['nan input', { ...base, ai: Number.NaN, deepfake: Number.NaN }],
    ['out of range', { ...base, ai: 7, generators: { flux: -2, gan: 1 } }],
  ];

  it.each(cases)('%s: every class once, in order, each head sums to 1', (_name, p) => {
    const scores = toClassScores(p);
    expect(scores.map((s) => s.class)).toEqual([...ALL_CLASSES]);
    for (const s of scores) expect(s.score).toBeGreaterThanOrEqual(0);
    expect(Math.abs(sum(['not_ai_generated', 'ai_generated'], scores) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(sum(SOURCE_CLASSES, scores) - 1)).toBeLessThan(1e-6);
  });

  it('splits the AI mass over generators in proportion', () => {
    const s = toClassScores(base);
    expect(scoreOf(s, 'flux')).toBeCloseTo(0.6, 9);
    expect(scoreOf(s, 'sora')).toBeCloseTo(0.2, 9);
    expect(scoreOf(s, 'none')).toBeCloseTo(0.2, 9);
    expect(scoreOf(s, 'deepfake')).toBe(0.25);
  });

  it('puts unnamed AI mass in inconclusive for photos and inconclusive_video for videos', () => {
    expect(scoreOf(toClassScores({ ...base, inconclusive: true }), 'inconclusive')).toBeCloseTo(0.8, 9);
    const v = toClassScores({ ...base, inconclusive: true, video: true });
    expect(scoreOf(v, 'inconclusive_video')).toBeCloseTo(0.8, 9);
    expect(scoreOf(v, 'inconclusive')).toBe(0);
    expect(GENERATOR_CLASSES.every((g) => scoreOf(v, g) === 0)).toBe(true);
  });
});
