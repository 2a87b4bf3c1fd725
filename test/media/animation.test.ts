/**
 * Frame timing of animated GIF / WebP from their blocks (src/media/animation.ts): delays as browsers show them,
 * start times, the frame on screen at an instant, and no exception on mutated files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { animationTiming, displayDelay, frameAtTime } from '../../src/media/animation';
import { inCi } from '../helpers/browser';
import { ffmpegPath } from '../helpers/clips';

describe('animation timing', () => {
  it('delays of 10 ms or less are shown for 100 ms, as browsers do', () => {
    expect([0, 10, 20, 100].map(displayDelay)).toEqual([100, 100, 20, 100]);
  });

  it('the frame on screen at an instant is the last one started', () => {
    const t = { delaysMs: [100, 300, 100], starts: [0, 0.1, 0.4], duration: 0.5 };
    expect([0, 0.05, 0.1, 0.39, 0.4, 10].map((s) => frameAtTime(t, s))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  describe.skipIf(!ffmpegPath && !inCi)('files made by ffmpeg', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-anim-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const make = (name: string, args: string[]): Buffer => {
      execFileSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-y',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=64x48:rate=4',
          '-t',
          '2',
          ...args,
          '-loop',
          '0',
          join(dir, name),
        ],
        { stdio: 'pipe', timeout: 30_000 },
      );
      return readFileSync(join(dir, name));
    };

    it('GIF and WebP at 4 fps for 2 s: 8 frames of 250 ms', () => {
      for (const [name, format, args] of [
        ['a.gif', 'gif', []],
        ['a.webp', 'webp', ['-c:v', 'libwebp_anim']],
      ] as const) {
        const t = animationTiming(make(name, [...args]), format);
        expect(t, name).not.toBeNull();
        expect(t!.delaysMs, name).toEqual(Array(8).fill(250));
        expect(t!.duration, name).toBeCloseTo(2, 6);
        expect(t!.starts[4], name).toBeCloseTo(1, 6);
      }
    });

    it('mutated files never throw', () => {
      const seeds = [make('b.gif', []), make('b.webp', ['-c:v', 'libwebp_anim'])];
      let seed = 7;
      const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      for (let i = 0; i < 2000; i++) {
        const src = seeds[i % 2]!;
        const b = Buffer.from(src.subarray(0, rnd(2) ? src.length : rnd(src.length)));
        for (let k = 0; k < 4; k++) if (b.length) b[rnd(b.length)] = rnd(256);
        expect(() => animationTiming(b, i % 2 ? 'webp' : 'gif')).not.toThrow();
      }
    });
  });
});
