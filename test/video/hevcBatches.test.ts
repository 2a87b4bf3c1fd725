/**
 * The HEVC fast path of the fallback decoder (hevcBatches.ts + hevcNal.ts) against the definition of a sampled
 * frame: the frame on screen at each planned instant (the last frame whose presentation time is <= the instant),
 * from a full decode of the clip. The batches are decoded with Debian's ffmpeg and the same arguments the ffmpeg.wasm
 * worker uses (hevcFrames.ts), and every instant's frame is compared by MD5, for the stream shapes phones and
 * encoders make: open GOPs with B-frame pyramids (leading pictures), closed GOPs, temporal sub-layers, no B-frames,
 * MOV, sampled at 1 and 30 frames per second (30: every frame, groups cut by the batch limit).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSchedule } from '../../src/core/video/decodeSchedule';
import { samplingPlan } from '../../src/core/video/samplingPlan';
import { hevcBatches } from '../../src/media/video/hevcBatches';
import { asBrokenLink, isDroppableHevcSample, parseHvcC } from '../../src/media/video/hevcNal';
import { probeMp4Video, type Mp4VideoTrack } from '../../src/media/video/mp4Demux';
import { inCi } from '../helpers/browser';
import { ffmpegPath, makeClip, rotate90 } from '../helpers/clips';
import { rotationFilters } from '../../workers/video/ffmpeg/hevcFrames';

const skip = !ffmpegPath && !inCi;

function ffmpeg(args: string[]): string {
  const r = spawnSync(ffmpegPath!, ['-hide_banner', '-v', 'error', ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** framemd5 lines as [pts in seconds, md5]. */
function framesOf(out: string): [number, string][] {
  const tb = /#tb 0: (\d+)\/(\d+)/.exec(out);
  const scale = tb ? Number(tb[1]) / Number(tb[2]) : 1;
  return out
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const f = l.split(',').map((x) => x.trim());
      return [Number(f[2]) * scale, f[5] ?? ''];
    });
}

async function track(
  path: string,
): Promise<{ track: Mp4VideoTrack; read: (a: number, n: number) => Promise<Uint8Array> }> {
  const bytes = new Uint8Array(readFileSync(path));
  const read = (a: number, n: number): Promise<Uint8Array> => Promise.resolve(bytes.slice(a, a + n));
  const probe = await probeMp4Video(bytes.length, (a, b) => read(a, b - a));
  if (probe.kind !== 'video') throw new Error('fragmented');
  return { track: probe.track, read };
}

const x265 = (params: string, preset = 'fast'): string[] => [
  '-c:v',
  'libx265',
  '-preset',
  preset,
  '-x265-params',
  `log-level=error:${params}`,
  '-pix_fmt',
  'yuv420p',
  '-tag:v',
  'hvc1',
];
const src = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30,noise=alls=8:allf=t', '-t', '3'];

describe.skipIf(skip)(
  `HEVC sampled-frame batches against a full decode${skip ? ' (skipped: ffmpeg not installed; CI runs these)' : ''}`,
  { timeout: 120_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-hevc-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.for([
      ['open GOP, B-pyramid (x265 ultrafast)', 'a.mp4', x265('keyint=40', 'ultrafast'), true],
      ['open GOP, 4 B-frames (x265 medium)', 'b.mp4', x265('keyint=45', 'medium'), true],
      ['closed GOP', 'c.mp4', x265('keyint=30:open-gop=0'), true],
      ['two temporal sub-layers', 'd.mp4', x265('keyint=45:temporal-layers=1'), true],
      // Every P-frame is a reference: nothing can be left out, the batches still cut the runs.
      ['no B-frames, MOV', 'e.mov', x265('keyint=30:bframes=0'), false],
    ] as const)('%s: every instant gets the frame on screen', async ([, name, codec, leavesOut]) => {
      const clip = makeClip(dir, name, [...src, ...codec]);
      const shown = framesOf(ffmpeg(['-i', clip, '-fps_mode', 'passthrough', '-f', 'framemd5', '-']));
      const { track: t, read } = await track(clip);
      const config = parseHvcC(t.description);
      expect(config).not.toBeNull();
      let dropped = 0;
      for (const fps of [1, 30]) {
        const times = samplingPlan(t.duration, { fps, maxFrames: 300 });
        const got = new Map<number, string>();
        for await (const batch of hevcBatches(t, config!, decodeSchedule(t, times).picks, read, {
          maxPicks: 4,
          firstPicks: 2,
          fileSize: statSync(clip).size,
        })) {
          dropped += batch.skipped;
          const stream = join(dir, 'batch.hevc');
          writeFileSync(stream, batch.bytes);
          const select = `select=${batch.picks.map((p) => `eq(n\\,${p.output})`).join('+')}`;
          const out = framesOf(
            ffmpeg(['-f', 'hevc', '-i', stream, '-vf', select, '-fps_mode', 'passthrough', '-f', 'framemd5', '-']),
          );
          expect(out.length).toBe(batch.picks.length);
          batch.picks.forEach((p, k) => p.targets.forEach((i) => got.set(i, out[k]![1])));
        }
        const expected = times.map(
          (time) => [...shown].reverse().find(([pts]) => pts <= time + 1e-6)?.[1] ?? shown[0]![1],
        );
        expect(times.map((_, i) => got.get(i))).toEqual(expected);
      }
      // Non-reference frames and leading pictures were left out (or the test would not test that).
      expect(dropped > 0).toBe(leavesOut);
    });

    it('sparse instants (gaps past half the picture-order-count range) still come out in order', async () => {
      // x265 counts pictures modulo 256: across a gap of 200 frames a decoder that is not told a new sequence
      // starts (hevcNal.asBrokenLink) derives a smaller count for the next keyframe and outputs frames out of order.
      const clip = makeClip(dir, 'sparse.mp4', [
        ...['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30', '-t', '14'],
        ...x265('keyint=30', 'ultrafast'),
      ]);
      const shown = framesOf(ffmpeg(['-i', clip, '-fps_mode', 'passthrough', '-f', 'framemd5', '-']));
      const { track: t, read } = await track(clip);
      const times = [1.9, 1.9 + 200 / 30, 1.9 + 400 / 30];
      const got: string[] = [];
      for await (const batch of hevcBatches(t, parseHvcC(t.description)!, decodeSchedule(t, times).picks, read, {
        maxPicks: 8,
        fileSize: statSync(clip).size,
      })) {
        const stream = join(dir, 'sparse.hevc');
        writeFileSync(stream, batch.bytes);
        const out = framesOf(ffmpeg(['-f', 'hevc', '-i', stream, '-fps_mode', 'passthrough', '-f', 'framemd5', '-']));
        for (const p of batch.picks) got.push(out[p.output]![1]);
      }
      const index = (md5: string): number => shown.findIndex(([, m]) => m === md5);
      expect(got.map(index)).toEqual([57, 257, 419]);
    });

    it("a phone clip with a display matrix: the same upright frames as ffmpeg's autorotation", async () => {
      const plain = makeClip(dir, 'upright.mov', [...src, ...x265('keyint=30')]);
      const clip = join(dir, 'rotated.mov');
      writeFileSync(clip, rotate90(readFileSync(plain)));
      const probe = JSON.parse(
        spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream_side_data=rotation', '-of', 'json', clip], {
          encoding: 'utf8',
        }).stdout,
      ) as { streams?: { side_data_list?: { rotation?: number }[] }[] };
      const rotation = probe.streams?.[0]?.side_data_list?.[0]?.rotation ?? 0;
      expect(Math.abs(rotation)).toBe(90);
      const shown = framesOf(ffmpeg(['-i', clip, '-fps_mode', 'passthrough', '-f', 'framemd5', '-']));
      const { track: t, read } = await track(clip);
      const times = samplingPlan(t.duration);
      const got = new Map<number, string>();
      for await (const batch of hevcBatches(t, parseHvcC(t.description)!, decodeSchedule(t, times).picks, read, {
        maxPicks: 8,
        fileSize: statSync(clip).size,
      })) {
        const stream = join(dir, 'rotated.hevc');
        writeFileSync(stream, batch.bytes);
        const vf = [`select=${batch.picks.map((p) => `eq(n\\,${p.output})`).join('+')}`, ...rotationFilters(rotation)];
        const out = framesOf(
          ffmpeg(['-f', 'hevc', '-i', stream, '-vf', vf.join(','), '-fps_mode', 'passthrough', '-f', 'framemd5', '-']),
        );
        batch.picks.forEach((p, k) => p.targets.forEach((j) => got.set(j, out[k]![1])));
      }
      const expected = times.map((time) => [...shown].reverse().find(([pts]) => pts <= time + 1e-6)![1]);
      expect(times.map((_, j) => got.get(j))).toEqual(expected);
      expect(rotationFilters(rotation)).toHaveLength(1);
    });

    it('reads the parameter sets and sub-layers; relabels only CRA slices; keeps reference frames', async () => {
      const clip = makeClip(dir, 'f.mp4', [...src, ...x265('keyint=45:temporal-layers=1')]);
      const { track: t, read } = await track(clip);
      const config = parseHvcC(t.description)!;
      // VPS, SPS, PPS (and x265's SEI).
      const types = config.parameterSets.map((u) => ((u[0] ?? 0) >> 1) & 0x3f);
      expect(types.slice(0, 3)).toEqual([32, 33, 34]);
      expect(config.temporalLayers).toBe(2);
      expect(config.lengthSize).toBe(4);
      const key = await read(t.offset[0]!, t.size[0]!);
      expect(isDroppableHevcSample(key, config)).toBe(false);
      expect(isDroppableHevcSample(key, { ...config, temporalLayers: 0 })).toBe(false);
      // A CRA in the middle of the clip becomes a BLA_W_LP (16); everything else is unchanged.
      const cra = Array.from({ length: t.cts.length }, (_, i) => i).find((i) => i > 0 && Boolean(t.isSync[i]));
      expect(cra).toBeDefined();
      const before = await read(t.offset[cra!]!, t.size[cra!]!);
      const after = asBrokenLink(before, 4);
      const diff = [...after.keys()].filter((i) => after[i] !== before[i]);
      expect(diff.length).toBeGreaterThan(0);
      for (const i of diff) {
        expect((before[i]! >> 1) & 0x3f).toBe(21);
        expect((after[i]! >> 1) & 0x3f).toBe(16);
      }
      expect(parseHvcC(new Uint8Array(10))).toBeNull();
      expect(parseHvcC(t.description!.subarray(0, 30))).toBeNull();
    });
  },
);
