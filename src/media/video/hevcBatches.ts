/**
 * The sampled frames of an HEVC MP4 (`picks`: for each planned instant, the decode-order index of the frame on
 * screen, decodeSchedule's picks) as a few Annex-B streams for ffmpeg.wasm, each holding only what its wanted
 * frames need. Each wanted frame needs the samples from its keyframe to itself (decodeSchedule.neededRuns); those
 * runs are merged as the WebCodecs path merges them (one pass over a GOP serves every instant in it), but a group
 * takes at most `maxPicks` wanted frames, because ffmpeg hands back a batch's frames only when the batch ends.
 * From a group's run, samples nobody wants and no other picture refers to are left out, and so are the leading
 * pictures of its keyframe (they refer to the GOP before, which is not decoded).
 *
 * Each group starts a new coded video sequence (its keyframe relabelled as a broken link, hevcNal.asBrokenLink), so
 * the decoder outputs all of a group's frames before the next group's: frames come out group by group, in
 * presentation order within a group, which is how each wanted frame's position among the decoder's output is known.
 * The worker checks the count it gets back and takes the instants of a batch that does not match one seek at a time.
 */
import { byStart, isLeading, neededRuns, type DecodeRun } from '../../core/video/decodeSchedule';
import { sampleInFile, type Mp4VideoTrack } from './mp4Demux';
import { appendAnnexB, appendParameterSets, asBrokenLink, isDroppableHevcSample, type HevcConfig } from './hevcNal';

export interface HevcBatch {
  /** The Annex-B stream to decode. */
  bytes: Uint8Array;
  /** Wanted frames in output order: decode-order index, position among the frames the decoder outputs, and the
   * planned instants (indices into `picks`) it answers. */
  picks: { sample: number; output: number; targets: number[] }[];
  /** Samples in the stream, and samples of the groups' runs left out. */
  fed: number;
  skipped: number;
}

export interface HevcBatchOptions {
  /** Wanted frames per batch at most: the decoder's output for a batch is held in memory until it ends. */
  maxPicks: number;
  /** A smaller first batch (when groups allow), doubling up to maxPicks, so the models get frames sooner. */
  firstPicks?: number;
  /** File size: samples past it (a truncated file) are not read. */
  fileSize: number;
}

export type SampleReader = (offset: number, size: number) => Promise<Uint8Array>;

interface Group extends DecodeRun {
  picks: Set<number>;
}

/** Runs merged by start as decodeSchedule merges them, a new group whenever one holds `maxPicks` wanted frames. */
function groups(needs: DecodeRun[], maxPicks: number): Group[] {
  const out: Group[] = [];
  for (const need of needs.sort(byStart)) {
    const g = out.at(-1);
    if (g && need.start <= g.end + 1 && g.picks.size < maxPicks) {
      g.end = Math.max(g.end, need.end);
      g.picks.add(need.end);
    } else out.push({ ...need, picks: new Set([need.end]) });
  }
  return out;
}

export async function* hevcBatches(
  track: Mp4VideoTrack,
  config: HevcConfig,
  picks: readonly number[],
  read: SampleReader,
  options: HevcBatchOptions,
): AsyncGenerator<HevcBatch> {
  const wanted = new Map<number, number[]>();
  picks.forEach((d, i) => {
    if (!sampleInFile(track, d, options.fileSize)) return; // past the end of a truncated file: the worker names these
    const list = wanted.get(d) ?? [];
    list.push(i);
    wanted.set(d, list);
  });
  const maxPicks = Math.max(1, Math.floor(options.maxPicks));
  let parts: Uint8Array[] = [];
  let chosen: HevcBatch['picks'] = [];
  let limit = Math.min(maxPicks, Math.max(1, Math.floor(options.firstPicks ?? maxPicks)));
  let outputs = 0;
  let fed = 0;
  let skipped = 0;
  const flush = (): HevcBatch => {
    const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const batch = { bytes, picks: chosen, fed, skipped };
    parts = [];
    chosen = [];
    outputs = fed = skipped = 0;
    limit = Math.min(maxPicks, limit * 2);
    return batch;
  };
  for (const group of groups(neededRuns(track, [...wanted.keys()]), maxPicks)) {
    if (chosen.length > 0 && chosen.length + group.picks.size > limit) yield flush();
    const here = await feedGroup(track, config, group, read, parts);
    fed += here.fed.length;
    skipped += here.skipped;
    // Output order within a group is presentation order (the next group's broken link empties the decoder).
    const byPts = [...here.fed].sort((a, b) => (track.cts[a] ?? 0) - (track.cts[b] ?? 0));
    byPts.forEach((d, rank) => {
      const targets = group.picks.has(d) ? wanted.get(d) : undefined;
      if (targets) chosen.push({ sample: d, output: outputs + rank, targets });
    });
    outputs += byPts.length;
  }
  if (chosen.length > 0) yield flush();
}

/** Appends one group's samples to `parts`; the decode-order indices fed. */
async function feedGroup(
  track: Mp4VideoTrack,
  config: HevcConfig,
  group: Group,
  read: SampleReader,
  parts: Uint8Array[],
): Promise<{ fed: number[]; skipped: number }> {
  const fed: number[] = [];
  let skipped = 0;
  appendParameterSets(parts, config);
  for (let d = group.start; d <= group.end; d++) {
    const want = group.picks.has(d);
    if (isLeading(track, group.start, d) && !want) {
      skipped++;
      continue;
    }
    const raw = await read(track.offset[d] ?? 0, track.size[d] ?? 0);
    const data = d === group.start ? asBrokenLink(raw, config.lengthSize) : raw;
    const key = d === group.start || Boolean(track.isSync[d]);
    if (!key && !want && isDroppableHevcSample(data, config)) {
      skipped++;
      continue;
    }
    // A sample whose lengths do not add up is left out: the frames after it decode with errors or not at all, and
    // the batch's frame count no longer matches (the worker then takes those instants one seek at a time).
    if (appendAnnexB(parts, data, config.lengthSize)) fed.push(d);
  }
  return { fed, skipped };
}
