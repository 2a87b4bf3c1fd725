/**
 * The decode schedule (pure) and the MP4 demuxer (mp4box, by ranges) in node: the frame shown at each planned
 * instant, runs that start at keyframes and never decode a sample twice, B-frame reordering, truncated and
 * trackless files. The demuxer tests use clips made here by ffmpeg; they skip with a message without it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSchedule, isLeading, presentationTime, type SampleTable } from '../../src/core/video/decodeSchedule';
import { samplingPlan } from '../../src/core/video/samplingPlan';
import { MediaError } from '../../src/media/MediaError';
import { probeMp4Video } from '../../src/media/video/mp4Demux';
import { inCi } from '../helpers/browser';
import { ffmpegPath, makeClip, testSrc } from '../helpers/clips';

/** 30 fps in a 30-tick timescale, I-frame every `gop` frames, no reordering. */
function table(frames: number, gop: number): SampleTable {
  return {
    cts: Array.from({ length: frames }, (_, i) => i),
    isSync: Array.from({ length: frames }, (_, i) => i % gop === 0),
    timescale: 30,
    origin: 0,
  };
}

describe('decodeSchedule', () => {
  it('picks the frame on screen at each instant', () => {
    const t = table(105, 250);
    const s = decodeSchedule(t, samplingPlan(3.5));
    expect(s.picks).toEqual([0, 30, 60, 90, 103]);
    expect(s.picks.map((d) => presentationTime(t, d))).toEqual([0, 1, 2, 3, 103 / 30]);
  });

  it('long GOPs: one pass from a keyframe serves every instant in it; never past the last wanted frame', () => {
    const s = decodeSchedule(table(300, 250), [0, 1, 2, 5, 9]);
    // frames 0, 30, 60, 150 share keyframe 0; frame 270 needs keyframe 250: jump, do not decode 151..249
    expect(s.runs).toEqual([
      { start: 0, end: 150 },
      { start: 250, end: 270 },
    ]);
    expect(s.fed).toBe(151 + 21);
  });

  it('short GOPs: jumps between keyframes and skips samples nobody needs', () => {
    const s = decodeSchedule(table(600, 10), [0, 5, 10, 19.9]);
    // frames 0, 150, 300, 597; keyframes 0, 150, 300, 590
    expect(s.picks).toEqual([0, 150, 300, 597]);
    expect(s.runs).toEqual([
      { start: 0, end: 0 },
      { start: 150, end: 150 },
      { start: 300, end: 300 },
      { start: 590, end: 597 },
    ]);
    expect(s.fed).toBe(11);
  });

  it('B-frames: presentation order differs from decode order', () => {
    // decode order I0 P3 B1 B2 P6 B4 B5 (cts), like x264 with 2 B-frames
    const t: SampleTable = { cts: [0, 3, 1, 2, 6, 4, 5], isSync: [1, 0, 0, 0, 0, 0, 0], timescale: 1, origin: 0 };
    const s = decodeSchedule(t, [2, 4]);
    expect(s.picks).toEqual([3, 5]);
    expect(s.runs).toEqual([{ start: 0, end: 5 }]);
  });

  it('an edit-list origin shifts presentation times', () => {
    const t: SampleTable = { cts: [2, 3, 4, 5], isSync: [1, 0, 0, 0], timescale: 1, origin: 2 };
    expect(decodeSchedule(t, [0, 1.5, 3]).picks).toEqual([0, 1, 3]);
  });

  it('empty table', () => {
    expect(decodeSchedule({ cts: [], isSync: [], timescale: 1, origin: 0 }, [0])).toEqual({
      picks: [],
      runs: [],
      fed: 0,
    });
  });
});

const skipClips = !ffmpegPath && !inCi;
describe.skipIf(skipClips)(
  `MP4 demux by ranges${skipClips ? ' (skipped: ffmpeg not installed; apt-get install -y ffmpeg; CI runs these)' : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-demux-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const reader = (b: Uint8Array) => (a: number, e: number) => Promise.resolve(b.subarray(a, e));

    it('H.264 with B-frames and moov at the end: sample table, edit list, description', async () => {
      const b = readFileSync(
        makeClip(dir, 'a.mp4', [...testSrc('320x240', 3.5), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '45']),
      );
      const p = await probeMp4Video(b.length, reader(b));
      if (p.kind !== 'video') throw new Error('expected a video track');
      const t = p.track;
      expect(t.codec).toMatch(/^avc1\./);
      expect([t.width, t.height]).toEqual([320, 240]);
      expect(t.cts.length).toBe(105);
      expect(t.duration).toBeCloseTo(3.5, 6);
      expect(t.description?.[0]).toBe(1); // avcC configurationVersion
      expect(Array.from(t.isSync).filter(Boolean).length).toBe(3);
      const s = decodeSchedule(t, samplingPlan(t.duration));
      expect(s.picks.map((d) => Math.round(presentationTime(t, d) * 30))).toEqual([0, 30, 60, 90, 103]);
    });

    it('MOV, AV1 in MP4 and faststart layouts demux too', async () => {
      const mov = readFileSync(
        makeClip(dir, 'b.mov', [
          ...testSrc('160x120', 1),
          '-c:v',
          'libx264',
          '-pix_fmt',
          'yuv420p',
          '-movflags',
          '+faststart',
        ]),
      );
      expect((await probeMp4Video(mov.length, reader(mov))).kind).toBe('video');
      const av1 = readFileSync(
        makeClip(dir, 'c.mp4', [...testSrc('160x120', 1), '-c:v', 'libsvtav1', '-pix_fmt', 'yuv420p']),
      );
      const p = await probeMp4Video(av1.length, reader(av1));
      expect(p.kind === 'video' && p.track.codec.startsWith('av01')).toBe(true);
    });

    it('clear errors: no video track, no index (truncated), fragmented goes to the element path', async () => {
      const audio = readFileSync(
        makeClip(dir, 'd.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac']),
      );
      await expect(probeMp4Video(audio.length, reader(audio))).rejects.toThrow(/no video track/);
      const whole = readFileSync(join(dir, 'a.mp4'));
      const cut = whole.subarray(0, Math.floor(whole.length / 2));
      await expect(probeMp4Video(cut.length, reader(cut))).rejects.toThrow(MediaError);
      await expect(probeMp4Video(cut.length, reader(cut))).rejects.toThrow(/truncated/);
      const frag = readFileSync(
        makeClip(dir, 'e.mp4', [
          ...testSrc('160x120', 1),
          '-c:v',
          'libx264',
          '-pix_fmt',
          'yuv420p',
          '-movflags',
          'frag_keyframe+empty_moov',
        ]),
      );
      expect((await probeMp4Video(frag.length, reader(frag))).kind).toBe('fragmented');
      writeFileSync(join(dir, 'junk.mp4'), Buffer.from('not a video at all, just text'));
      const junk = readFileSync(join(dir, 'junk.mp4'));
      await expect(probeMp4Video(junk.length, reader(junk))).rejects.toThrow(/truncated|corrupt/);
    });

    it('survives mutated headers without hanging or throwing anything but a MediaError', async () => {
      const base = readFileSync(
        makeClip(dir, 'f.mp4', [
          ...testSrc('160x120', 1),
          '-c:v',
          'libx264',
          '-pix_fmt',
          'yuv420p',
          '-movflags',
          '+faststart',
        ]),
      );
      let seed = 7;
      const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      for (let k = 0; k < 200; k++) {
        const b = Uint8Array.from(base.subarray(0, 4096 + rand(base.length - 4096)));
        for (let j = 0; j < 4; j++) b[rand(Math.min(b.length, 3000))] = rand(256);
        try {
          await probeMp4Video(b.length, reader(b));
        } catch (e) {
          expect(e).toBeInstanceOf(MediaError);
        }
      }
    });
  },
);

describe('open GOP (issue 21: planned instants lost after a jump to an I-frame with leading pictures)', () => {
  // decode order: I0 P3 B1 B2 | I6(open) B4 B5 P9 B7 B8: B4 and B5 are shown before I6 and refer to P3.
  const t: SampleTable = {
    cts: [0, 3, 1, 2, 6, 4, 5, 9, 7, 8],
    isSync: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    timescale: 1,
    origin: 0,
  };

  it('a leading picture is decoded from the sync sample before its GOP, not from its own', () => {
    const s = decodeSchedule(t, [4]);
    expect(s.picks).toEqual([5]);
    expect(s.runs).toEqual([{ start: 0, end: 5 }]);
  });

  it('a run that starts at an open-GOP I-frame marks its leading pictures (they are not fed)', () => {
    const s = decodeSchedule(t, [7]);
    expect(s.runs).toEqual([{ start: 4, end: 8 }]);
    expect([5, 6, 7, 8].filter((i) => isLeading(t, 4, i))).toEqual([5, 6]);
    expect(isLeading(t, 0, 2)).toBe(false);
  });

  it('dense sampling: the keyframe of an open GOP and its leading pictures share one run from the GOP before', () => {
    // Every frame wanted: I6 (decode index 4) is wanted before its leading pictures B4 and B5 in decode order, and
    // their run from I0 must swallow I6's own run, not be appended to it (a run starting at I6 would feed them
    // without P3).
    const s = decodeSchedule(t, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.runs).toEqual([{ start: 0, end: 9 }]);
    const sparse = decodeSchedule(t, [0, 6, 4]);
    expect(sparse.runs).toEqual([{ start: 0, end: 5 }]);
    for (const d of s.picks) {
      const run = s.runs.find((r) => r.start <= d && d <= r.end)!;
      expect(isLeading(t, run.start, d)).toBe(false);
    }
  });
});

describe.skipIf(!ffmpegPath && !inCi)('open-GOP H.264 from x264: every planned instant has a decodable run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-opengop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('no run starts at a sync sample that shows after a frame the run must produce', async () => {
    const clip = makeClip(dir, 'og.mp4', [
      ...testSrc('160x120', 5),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-bf',
      '3',
      '-x264-params',
      'open-gop=1:keyint=31:min-keyint=31:scenecut=0',
    ]);
    const bytes = readFileSync(clip);
    const probe = await probeMp4Video(bytes.length, (a, b) => Promise.resolve(bytes.subarray(a, b)));
    if (probe.kind !== 'video') throw new Error('expected an indexed MP4');
    const { track } = probe;
    for (const fps of [1, 30]) {
      const s = decodeSchedule(track, samplingPlan(track.duration, { fps, maxFrames: 300 }));
      for (const d of s.picks) {
        const run = s.runs.find((r) => r.start <= d && d <= r.end)!;
        expect(isLeading(track, run.start, d)).toBe(false);
      }
    }
  });
});
