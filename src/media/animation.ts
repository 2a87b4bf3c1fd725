/**
 * Frame timing of animated GIF and WebP, from the file's blocks alone (nothing decoded): an animation with more
 * than one frame is analysed as a video (issue 21: a generator's GIF used to be judged on its first frame), with
 * timestamps from the frame delays. Every loop is capped and every read bounds-checked, as in the header readers.
 */
import { ByteReader } from './ByteReader';
import type { ImageFormat } from './sniff';

export interface AnimationTiming {
  /** Display time of each frame, ms, after the browser's clamp (below). */
  delaysMs: number[];
  /** Start of each frame, seconds. */
  starts: number[];
  duration: number;
}

const MAX_FRAMES = 1_000_000;

/**
 * Browsers show a frame declared 10 ms or shorter for 100 ms (Chromium, Firefox and Safari agree: old GIFs said 0
 * meaning "as fast as possible"); the analysis uses the times a viewer sees.
 */
export function displayDelay(ms: number): number {
  return ms <= 10 ? 100 : ms;
}

/** GIF: one Graphic Control Extension (delay in 1/100 s) per image descriptor; sub-blocks skipped by length. */
function gifDelays(r: ByteReader): number[] {
  const flags = r.u8(10);
  if (flags === undefined) return [];
  let at = 13 + ((flags & 0x80) !== 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  const delays: number[] = [];
  let pending = 0;
  const skipSubBlocks = (from: number): number => {
    let p = from;
    for (let n = 0; n < 10_000_000; n++) {
      const len = r.u8(p);
      if (len === undefined) return -1;
      p += 1 + len;
      if (len === 0) return p;
    }
    return -1;
  };
  while (delays.length < MAX_FRAMES) {
    const b = r.u8(at);
    if (b === undefined || b === 0x3b) break; // end of data, or trailer
    if (b === 0x21) {
      const label = r.u8(at + 1);
      if (label === 0xf9) pending = (r.u16(at + 4, true) ?? 0) * 10;
      at = skipSubBlocks(at + 2);
    } else if (b === 0x2c) {
      const local = r.u8(at + 9);
      if (local === undefined) break;
      at += 10 + ((local & 0x80) !== 0 ? 3 * (1 << ((local & 7) + 1)) : 0);
      at = skipSubBlocks(at + 1); // LZW minimum code size, then the image data
      delays.push(pending);
      pending = 0;
    } else break;
    if (at < 0) break;
  }
  return delays;
}

/** Animated WebP: VP8X with the animation flag, one ANMF chunk per frame (24-bit duration at payload offset 12). */
function webpDelays(r: ByteReader): number[] {
  if (r.ascii(12, 4) !== 'VP8X' || ((r.u8(20) ?? 0) & 0x02) === 0) return [];
  const delays: number[] = [];
  let at = 12;
  for (let n = 0; n < MAX_FRAMES + 100 && at + 8 <= r.length; n++) {
    const type = r.ascii(at, 4);
    const size = r.u32(at + 4, true);
    if (size === undefined) break;
    if (type === 'ANMF') {
      const d = r.u24le(at + 8 + 12);
      if (d === undefined) break;
      delays.push(d);
    }
    at += 8 + size + (size & 1);
  }
  return delays;
}

/** Frame timing of an animated GIF / WebP; null for any other format or fewer than two frames. */
export function animationTiming(bytes: Uint8Array, format: ImageFormat): AnimationTiming | null {
  const r = new ByteReader(bytes);
  const raw = format === 'gif' ? gifDelays(r) : format === 'webp' ? webpDelays(r) : [];
  if (raw.length < 2) return null;
  const delaysMs = raw.map(displayDelay);
  const starts: number[] = [];
  let t = 0;
  for (const d of delaysMs) {
    starts.push(t / 1000);
    t += d;
  }
  return { delaysMs, starts, duration: t / 1000 };
}

/** The frame on screen at `time` s: the last one that starts at or before it. */
export function frameAtTime(timing: AnimationTiming, time: number): number {
  let lo = 0;
  let hi = timing.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((timing.starts[mid] ?? 0) <= time + 1e-6) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
