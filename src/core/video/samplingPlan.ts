/**
 * Which instants of a clip are analysed. Default 1 frame per second (Hive's examples step about one second), the
 * first and last frames always included, and at most `maxFrames`, spread evenly over the clip beyond that.
 */
export interface SamplingOptions {
  fps: number;
  maxFrames: number;
}

export const DEFAULT_SAMPLING: Readonly<SamplingOptions> = Object.freeze({ fps: 1, maxFrames: 300 });

/** Seeking exactly to `duration` shows nothing in some decoders; the last frame is taken just before the end. */
export const END_MARGIN_S = 0.05;

export function samplingPlan(duration: number, options: SamplingOptions = DEFAULT_SAMPLING): number[] {
  if (!(duration > 0) || !Number.isFinite(duration)) return [0];
  const last = Math.max(0, duration - END_MARGIN_S);
  const step = 1 / Math.max(1e-6, options.fps);
  const max = Math.max(2, Math.floor(options.maxFrames));
  let times: number[] = [];
  for (let t = 0; t < last - 1e-6 && times.length <= max * 4; t += step) times.push(t);
  times.push(last);
  if (times.length > max) {
    // Evenly spread, first and last kept.
    times = Array.from({ length: max }, (_, i) => (i * last) / (max - 1));
  }
  return times.map((t) => Math.round(t * 1000) / 1000);
}
