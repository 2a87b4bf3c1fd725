import { describe, expect, it } from 'vitest';
import { fuse, type ModelHeads } from '../../src/core/fuse';
import type { Evidence } from '../../src/core/response';

const doubtful: ModelHeads = { ai: 0.3, source: { none: 0.7, flux: 0.2, stablediffusion: 0.1 }, unstable: false };

describe('fuse', () => {
  it('leaves the model alone when there is no metadata', () => {
    const f = fuse(doubtful, []);
    expect(f.ai).toBeCloseTo(0.3, 9);
    expect(f.generators.flux).toBeCloseTo(2 / 3, 9);
    expect(f.inconclusive).toBe(false);
  });

  it('ignores model-kind and zero-weight evidence', () => {
    const ev: Evidence[] = [
      { kind: 'model', detail: 'pixels', weight: 0.9 },
      { kind: 'c2pa', detail: 'invalid manifest', weight: 0 },
    ];
    expect(fuse(doubtful, ev).ai).toBeCloseTo(0.3, 9);
  });

  it('a signed AI declaration naming a generator gives ai >= 0.9 and that source, even against a confident model', () => {
    const ev: Evidence[] = [{ kind: 'c2pa', detail: 'trainedAlgorithmicMedia, Sora', weight: 0.9, source: 'sora' }];
    for (const ai of [0.001, 0.3, 0.99]) {
      const f = fuse({ ...doubtful, ai }, ev);
      expect(f.ai).toBeGreaterThanOrEqual(0.9);
      const top = Object.entries(f.generators).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
      expect(top?.[0]).toBe('sora');
      expect(f.inconclusive).toBe(false);
    }
  });

  it('camera EXIF nudges toward real but does not overrule the pixels', () => {
    const ev: Evidence[] = [{ kind: 'exif', detail: 'Make: Canon', weight: -0.1 }];
    const f = fuse({ ...doubtful, ai: 0.95 }, ev);
    expect(f.ai).toBeLessThan(0.95);
    expect(f.ai).toBeGreaterThan(0.8);
  });

  it('is inconclusive when the two best generators are equal, not merely because crops disagree about AI vs real', () => {
    expect(fuse({ ...doubtful, unstable: true }, []).inconclusive).toBe(false);
    const flat: ModelHeads = { ai: 0.9, source: { flux: 0.3, sora: 0.3, gan: 0.3, none: 0.1 }, unstable: false };
    expect(fuse(flat, []).inconclusive).toBe(true);
    expect(fuse({ ai: 0.9, source: { none: 1 }, unstable: false }, []).inconclusive).toBe(true);
  });

  it('names a low but clear leader instead of abstaining (its low score says how sure it is)', () => {
    const f = fuse(
      { ai: 0.9, source: { flux: 0.2, sora: 0.1, gan: 0.1, midjourney: 0.1, none: 0.5 }, unstable: false },
      [],
    );
    expect(f.inconclusive).toBe(false);
    expect(f.generators.flux).toBeCloseTo(0.4, 9);
  });
});
