/**
 * What to decode to show the frames of a sampling plan, from a track's sample table (decode order). A frame can
 * only be decoded from the sync sample (keyframe) before it, so each wanted frame needs the run of samples from
 * that keyframe to it. Runs that touch or overlap are merged and decoded straight through (one pass over a GOP
 * serves every sampled instant in it); between runs the decoder is flushed and jumps to the next keyframe, so
 * samples nobody needs are never decoded.
 */

export interface SampleTable {
  /** Composition (presentation) time of each sample, in decode order, in `timescale` units. */
  cts: ArrayLike<number>;
  isSync: ArrayLike<boolean | number>;
  timescale: number;
  /** Composition time shown at t = 0 (edit list media_time, else the smallest cts). */
  origin: number;
}

export interface DecodeRun {
  /** Decode-order index of a sync sample. */
  start: number;
  /** Decode-order index of the last sample fed before the flush (inclusive). */
  end: number;
}

export interface DecodeSchedule {
  /** For each planned time, the decode-order index of the frame shown at that instant. */
  picks: number[];
  runs: DecodeRun[];
  /** Samples fed in all, over the whole schedule. */
  fed: number;
}

/** Presentation time in seconds of sample `i`. */
export function presentationTime(t: SampleTable, i: number): number {
  return ((t.cts[i] ?? 0) - t.origin) / t.timescale;
}

/** The frame on screen at `time`: the latest presentation time <= time (a 1 microsecond tolerance), else the first. */
export function frameAt(t: SampleTable, byPts: readonly number[], time: number): number {
  let lo = 0;
  let hi = byPts.length - 1;
  let best = byPts[0] ?? 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const idx = byPts[mid] ?? 0;
    if (presentationTime(t, idx) <= time + 1e-6) {
      best = idx;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * Whether sample `i` of a run that starts at sync sample `start` is a leading picture of that GOP (after it in
 * decode order, before it on screen). Unless an earlier GOP was decoded in the same run, such a sample refers to
 * frames the decoder never saw: it must not be fed (webcodecsFrames skips it). Closed-GOP streams have none.
 */
export function isLeading(t: SampleTable, start: number, i: number): boolean {
  return i > start && (t.cts[i] ?? 0) < (t.cts[start] ?? 0);
}

/**
 * For each distinct wanted frame, the run that decodes it alone: from the sync sample before it (the one before
 * that for a leading picture of an open GOP) to the frame itself.
 */
export function neededRuns(t: SampleTable, picks: readonly number[]): DecodeRun[] {
  const n = t.cts.length;
  const lastSync = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (t.isSync[i]) k = i;
    lastSync[i] = k;
  }
  return [...new Set(picks)].map((d): DecodeRun => {
    let start = lastSync[d] ?? 0;
    // Open GOP: a picture that follows its sync sample in decode order but is shown before it (a "leading"
    // picture) refers to the GOP before; decoding it from that sync sample fails (Chromium's decoder errors and
    // closes). Such a frame is decoded from the previous sync sample instead.
    if (start > 0 && isLeading(t, start, d)) start = lastSync[start - 1] ?? 0;
    return { start, end: d };
  });
}

/** Sorts runs by start (then end), as merging needs: see decodeSchedule. */
export function byStart(a: DecodeRun, b: DecodeRun): number {
  return a.start - b.start || a.end - b.end;
}

export function decodeSchedule(t: SampleTable, times: readonly number[]): DecodeSchedule {
  const n = t.cts.length;
  if (n === 0) return { picks: [], runs: [], fed: 0 };
  const byPts = Array.from({ length: n }, (_, i) => i).sort((a, b) => (t.cts[a] ?? 0) - (t.cts[b] ?? 0));
  const picks = times.map((time) => frameAt(t, byPts, time));
  // Merged by start, not by frame: a leading picture's run starts a GOP earlier than the run of the keyframe
  // before it in decode order, and must swallow that run, not be appended to it (its own start would be lost).
  const runs: DecodeRun[] = [];
  for (const need of neededRuns(t, picks).sort(byStart)) {
    const run = runs.at(-1);
    if (run && need.start <= run.end + 1) run.end = Math.max(run.end, need.end);
    else runs.push({ ...need });
  }
  return { picks, runs, fed: runs.reduce((s, r) => s + r.end - r.start + 1, 0) };
}
