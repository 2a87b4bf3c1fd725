/**
 * Video limits on length, checked from the container's index (MP4 / MOV sample table, or the <video> element's
 * metadata for WebM) before a single frame is decoded. Bytes are checked even earlier (src/media/limits.ts).
 * The frame count bounds the sample table the demuxer holds (tens of bytes per frame); the duration bounds what a
 * user can mean by "a clip": both defaults are far beyond any real upload a person checks in a tab.
 */
import type { LimitError } from '../../media/limits';

export interface VideoLimits {
  /** Longest clip, seconds (default 3 hours). */
  maxVideoSeconds: number;
  /** Most frames in the container's index (default 1,000,000: 3 hours at 90 fps). */
  maxVideoFrames: number;
}

export const DEFAULT_VIDEO_LIMITS: Readonly<VideoLimits> = Object.freeze({
  maxVideoSeconds: 3 * 3600,
  maxVideoFrames: 1_000_000,
});

/** 11000 -> "3:03:20"; fractions only when they tell a breach from the limit (10800.5 vs 10800). */
export function clock(seconds: number, decimals = 0): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const frac = decimals > 0 ? (seconds - whole).toFixed(decimals).slice(1) : '';
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${frac}`;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `null` when the clip may be decoded; otherwise a 413 naming the limit it breaches. `frames` is null when unknown. */
export function checkVideoLength(
  duration: number,
  frames: number | null,
  limits: Partial<VideoLimits> = {},
): LimitError | null {
  const { maxVideoSeconds, maxVideoFrames } = { ...DEFAULT_VIDEO_LIMITS, ...limits };
  if (Number.isFinite(duration) && duration > maxVideoSeconds) {
    // Whole seconds unless rounding would make the clip look as long as the limit it breaches.
    const d = Math.floor(duration) > maxVideoSeconds ? 0 : 3;
    return {
      code: 413,
      message: `Video lasts ${clock(duration, d)} (${+duration.toFixed(d)} s); the limit is ${clock(maxVideoSeconds)} (${maxVideoSeconds} s)`,
    };
  }
  if (frames !== null && frames > maxVideoFrames) {
    return { code: 413, message: `Video has ${count(frames)} frames; the limit is ${count(maxVideoFrames)} frames` };
  }
  return null;
}
