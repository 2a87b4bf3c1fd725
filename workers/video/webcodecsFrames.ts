/**
 * Decodes exactly the samples a decode schedule needs with WebCodecs, inside the worker, and yields the sampled
 * frames one at a time, in presentation order. Frames nobody asked for are closed the moment they come out. At
 * most `MAX_READY` wanted frames wait for the consumer, and the decoder's input queue is capped, so memory stays
 * bounded whatever the clip's length. Sample bytes are read from the Blob a window at a time.
 *
 * Speed (test/video/README-bench.md): H.264 samples that nothing refers to are not fed unless wanted, and the
 * decoder is flushed between runs WITHOUT waiting, so it decodes the next run while the consumer classifies.
 */
import { decodeSchedule, isLeading, presentationTime } from '../../src/core/video/decodeSchedule';
import { avcLengthSize, isNonReferenceSample } from '../../src/core/video/h264NalRef';
import { MediaError } from '../../src/media/MediaError';
import { sampleInFile, type Mp4VideoTrack } from '../../src/media/video/mp4Demux';
import { windowReader } from './windowReader';

/**
 * Chunks queued in the decoder: about two sampled frames' worth of samples (a 2 s GOP at 30 fps sampled at 1 fps
 * needs up to 30 per frame), so it stays busy while the consumer works, and never more than 64. Every wanted frame
 * in the queue can come out while the consumer is busy, so the queue is also what bounds the decoded frames held
 * when sampling is dense (--fps 30: 8 chunks, so at most 8 frames).
 */
const MAX_DECODE_QUEUE = 64;
const MIN_DECODE_QUEUE = 8;
const MAX_READY = 2;

export interface SampledFrame {
  /** Indices into the planned times that this frame answers (two instants can show the same frame). */
  targets: number[];
  /** Presentation time of the decoded frame, seconds. */
  pts: number;
  frame: VideoFrame;
}

export interface FrameSourceStats {
  fed: number;
  /** Samples left out because no other frame refers to them and none was wanted (H.264). */
  skipped: number;
  /** Planned instants whose samples lie beyond the end of a truncated file. */
  missing: number;
  /** Planned instants whose frame the decoder never gave back (it failed: see decodeErrors). */
  undecoded: number;
  decodeErrors: string[];
}

export async function decoderConfig(track: Mp4VideoTrack): Promise<VideoDecoderConfig> {
  const config: VideoDecoderConfig = {
    codec: track.codec,
    codedWidth: track.width,
    codedHeight: track.height,
    ...(track.description ? { description: track.description } : {}),
    optimizeForLatency: false,
  };
  const hevc = ['hvc1', 'hev1', 'dvh1', 'dvhe'].includes(track.fourcc);
  let supported: boolean;
  try {
    supported =
      typeof VideoDecoder !== 'undefined' && (await VideoDecoder.isConfigSupported(config)).supported === true;
  } catch {
    supported = false;
  }
  if (!supported) {
    throw new MediaError(
      400,
      hevc
        ? 'This video uses HEVC (H.265), which this browser cannot decode'
        : `This video uses ${track.codecLabel} (${track.codec}), which this browser cannot decode`,
    );
  }
  return config;
}

export async function* sampledFrames(
  blob: Blob,
  track: Mp4VideoTrack,
  times: readonly number[],
  stats: FrameSourceStats,
): AsyncGenerator<SampledFrame> {
  const config = await decoderConfig(track);
  const schedule = decodeSchedule(track, times);
  const available = (i: number): boolean => sampleInFile(track, i, blob.size);
  // Frame identity through the decoder: the chunk timestamp is the sample's decode index, in microseconds-sized steps.
  const wanted = new Map<number, number[]>();
  const picked = new Set(schedule.picks);
  const nalLength = track.fourcc === 'avc1' || track.fourcc === 'avc3' ? avcLengthSize(track.description) : null;
  let skipped = 0;
  const maxQueue = Math.min(
    MAX_DECODE_QUEUE,
    Math.max(MIN_DECODE_QUEUE, Math.ceil((2 * schedule.fed) / Math.max(1, picked.size))),
  );
  schedule.picks.forEach((d, i) => {
    const list = wanted.get(d) ?? [];
    list.push(i);
    wanted.set(d, list);
  });
  const ready: SampledFrame[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const decoder = new VideoDecoder({
    output: (frame) => {
      const d = frame.timestamp;
      const targets = wanted.get(d);
      if (!targets) {
        frame.close();
        return;
      }
      wanted.delete(d);
      ready.push({ targets, pts: presentationTime(track, d), frame });
      notify();
    },
    error: (e) => {
      failure = e instanceof Error ? e : new Error(String(e));
      stats.decodeErrors.push(failure.message);
      notify();
    },
  });
  const waitFor = (cond: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      if (cond()) {
        resolve();
        return;
      }
      const check = (): void => {
        if (cond() || failure) {
          decoder.removeEventListener('dequeue', check);
          resolve();
        } else wake = check;
      };
      wake = check;
      decoder.addEventListener('dequeue', check);
    });
  const read = windowReader(blob);
  // Flushes are not awaited between runs (the next run starts with a key chunk, which a flushed decoder accepts);
  // each one's failure is recorded here.
  const flushes: Promise<void>[] = [];
  const onFlushError = (e: unknown): void => {
    if (!failure) failure = e instanceof Error ? e : new Error(String(e));
    notify();
  };
  try {
    decoder.configure(config);
    const byPts = (a: SampledFrame, b: SampledFrame): number => a.pts - b.pts;
    for (const run of schedule.runs) {
      let end = run.end;
      while (end >= run.start && !available(end)) end--;
      if (end < run.start) continue;
      for (let d = run.start; d <= end; d++) {
        // Hand out what is ready before feeding more: the consumer's work overlaps the decoder's.
        while (ready.length > 0 && (ready.length >= MAX_READY || decoder.decodeQueueSize >= maxQueue)) {
          ready.sort(byPts);
          yield ready.shift()!;
        }
        if (decoder.decodeQueueSize >= maxQueue) await waitFor(() => decoder.decodeQueueSize < maxQueue);
        if (failure) break;
        // Leading pictures of an open GOP the run starts in refer to frames never decoded here: feeding one makes
        // the decoder fail and close (every later instant would be lost), so they are left out unless wanted.
        if (isLeading(track, run.start, d) && !picked.has(d)) {
          skipped++;
          continue;
        }
        const data = await read(track.offset[d] ?? 0, track.size[d] ?? 0);
        const key = d === run.start || Boolean(track.isSync[d]);
        if (!key && nalLength !== null && !picked.has(d) && isNonReferenceSample(data, nalLength)) {
          skipped++;
          continue;
        }
        decoder.decode(
          new EncodedVideoChunk({
            type: key ? 'key' : 'delta',
            timestamp: d,
            duration: track.durationTicks[d] ?? 0,
            data,
          }),
        );
      }
      if (failure) break;
      flushes.push(decoder.flush().catch(onFlushError));
    }
    // Frames keep coming out while the last flushes complete; hand them out as they do.
    const allFlushed = Promise.all(flushes);
    let flushed = false;
    void allFlushed.then(() => {
      flushed = true;
      notify();
    });
    while (!flushed && !failure) {
      if (ready.length > 0) {
        ready.sort(byPts);
        yield ready.shift()!;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (ready.length > 0 || flushed || failure) notify();
        });
      }
    }
    await allFlushed;
    ready.sort(byPts);
    while (ready.length > 0) yield ready.shift()!;
    stats.fed = schedule.fed - skipped;
    stats.skipped = skipped;
    for (const [d, list] of wanted) {
      if (available(d)) stats.undecoded += list.length;
      else stats.missing += list.length;
    }
    if (failure && stats.missing + stats.undecoded === times.length)
      throw new MediaError(400, `The video could not be decoded (${track.codecLabel}): ${(failure as Error).message}`);
  } finally {
    for (const r of ready) r.frame.close();
    if (decoder.state !== 'closed') decoder.close();
  }
}
