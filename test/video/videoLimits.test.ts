/**
 * Video length limits (duration, frames in the index): 413 with both the clip's figure and the limit, unambiguous
 * when they round alike, and nothing said for clips within them or of unknown length.
 */
import { describe, expect, it } from 'vitest';
import { checkVideoLength, clock, DEFAULT_VIDEO_LIMITS } from '../../src/core/video/videoLimits';

describe('video length limits', () => {
  it('defaults: 3 hours, 1,000,000 frames', () => {
    expect(DEFAULT_VIDEO_LIMITS).toEqual({ maxVideoSeconds: 10_800, maxVideoFrames: 1_000_000 });
  });

  it('within the limits, or of unknown length: no error', () => {
    expect(checkVideoLength(60, 1800)).toBeNull();
    expect(checkVideoLength(10_800, 1_000_000)).toBeNull();
    expect(checkVideoLength(Number.NaN, null)).toBeNull();
    expect(checkVideoLength(Number.POSITIVE_INFINITY, null)).toBeNull(); // live-style WebM declares no duration
  });

  it('too long: 413 naming the duration and the limit', () => {
    expect(checkVideoLength(11_000, 110)).toEqual({
      code: 413,
      message: 'Video lasts 3:03:20 (11000 s); the limit is 3:00:00 (10800 s)',
    });
    // Just over: fractions shown so that the two figures differ.
    expect(checkVideoLength(10_800.25, null)?.message).toBe(
      'Video lasts 3:00:00.250 (10800.25 s); the limit is 3:00:00 (10800 s)',
    );
    expect(checkVideoLength(90, null, { maxVideoSeconds: 60 })?.message).toBe(
      'Video lasts 0:01:30 (90 s); the limit is 0:01:00 (60 s)',
    );
  });

  it('too many frames: 413 naming the count and the limit', () => {
    expect(checkVideoLength(3600, 1_200_000)).toEqual({
      code: 413,
      message: 'Video has 1,200,000 frames; the limit is 1,000,000 frames',
    });
    expect(checkVideoLength(10, 301, { maxVideoFrames: 300 })?.message).toBe(
      'Video has 301 frames; the limit is 300 frames',
    );
    expect(checkVideoLength(10, null, { maxVideoFrames: 1 })).toBeNull();
  });

  it('clock', () => {
    expect(clock(0)).toBe('0:00:00');
    expect(clock(3599)).toBe('0:59:59');
    expect(clock(36_000.5, 1)).toBe('10:00:00.5');
  });
});
