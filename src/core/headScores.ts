/**
 * Turns head probabilities into Hive's full `classes` list: every class, Hive's order, each head summing to 1.
 */
import { ALL_CLASSES, GENERATOR_CLASSES, type GeneratorClass, type HiveClass } from './classes';
import type { ClassScore } from './response';

export interface HeadProbabilities {
  /** P(ai_generated) in [0, 1]. */
  ai: number;
  /**
   * Distribution over named generators given that the media is AI-generated (need not be normalised;
   * missing classes are 0). Ignored when `inconclusive` is set.
   */
  generators: Partial<Record<GeneratorClass, number>>;
  /** AI-generated but no generator can be named: mass goes to `inconclusive` (or `inconclusive_video`). */
  inconclusive: boolean;
  video: boolean;
  /** Highest per-face deepfake score; 0 when there is no face. */
  deepfake: number;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Generator weights are relative: any finite non-negative value counts, anything else is 0. */
function weight(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : 0;
}

export function toClassScores(p: HeadProbabilities): ClassScore[] {
  const ai = clamp01(p.ai);
  const scores = new Map<HiveClass, number>(ALL_CLASSES.map((c) => [c, 0]));
  scores.set('not_ai_generated', 1 - ai);
  scores.set('ai_generated', ai);
  scores.set('none', 1 - ai);

  let total = 0;
  for (const g of GENERATOR_CLASSES) total += weight(p.generators[g]);
  const unnamed = p.video ? 'inconclusive_video' : 'inconclusive';
  if (p.inconclusive || total <= 0) {
    scores.set(unnamed, ai);
  } else {
    for (const g of GENERATOR_CLASSES) scores.set(g, (ai * weight(p.generators[g])) / total);
  }
  scores.set('deepfake', clamp01(p.deepfake));
  return ALL_CLASSES.map((c) => ({ class: c, score: scores.get(c) ?? 0 }));
}

/** Score of one class in a `classes` list (0 when absent). */
export function scoreOf(classes: readonly ClassScore[], name: HiveClass): number {
  return classes.find((c) => c.class === name)?.score ?? 0;
}
