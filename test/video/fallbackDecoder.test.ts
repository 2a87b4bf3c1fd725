/**
 * Codecs and containers Chromium cannot decode, through ffmpeg.wasm (served from the app's origin, loaded on first
 * use) in real Chromium: HEVC in MP4 and MOV, MPEG-4 Part 2 in MP4 and AVI, HEVC and MPEG-4 Part 2 in Matroska.
 * Each gets status 0 with a frame at every planned instant (the same instants as a natively decoded clip), a note
 * saying which decoder ran (and for HEVC in MP4 / MOV that only the needed samples were decoded), and the first
 * fetch of the decoder is announced with its size. Clips are made at test time with Debian's ffmpeg.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CLASSES } from '../../src/core/classes';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, inCi, skipBrowser } from '../helpers/browser';
import { ffmpegPath, makeClip, rotate90, testSrc } from '../helpers/clips';
import { useAppPage } from '../helpers/useAppPage';

const skip = skipBrowser || (!ffmpegPath && !inCi);
const reason = skipBrowser
  ? BROWSER_SKIP_REASON
  : 'skipped: ffmpeg not installed (apt-get install -y ffmpeg); CI runs these';

const hevc = ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p'];
const mp4v = ['-c:v', 'mpeg4', '-q:v', '5'];

// The first file fetches and compiles the 32 MB decoder: minutes on a busy 2-core machine.
describe.skipIf(skip)(
  `fallback video decoder (ffmpeg.wasm) in Chromium${skip ? ` (${reason})` : ''}`,
  { timeout: 180_000 },
  () => {
    const app = useAppPage({ query: 'backend=wasm&faces=0' });
    const dir = mkdtempSync(join(tmpdir(), 'veritas-ffmpeg-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.for([
      ['HEVC in MP4', 'hevc.mp4', [...hevc, '-tag:v', 'hvc1'], 'video/mp4', /hevc/, true],
      ['HEVC in MOV (iPhone-style, hvc1)', 'hevc.mov', [...hevc, '-tag:v', 'hvc1'], 'video/quicktime', /hevc/, true],
      ['MPEG-4 Part 2 in MP4', 'mp4v.mp4', mp4v, 'video/mp4', /mpeg4/, false],
      ['MPEG-4 Part 2 in AVI', 'mp4v.avi', mp4v, 'video/x-msvideo', /mpeg4/, false],
      ['HEVC in MKV', 'hevc.mkv', hevc, 'video/x-matroska', /hevc/, false],
      ['MPEG-4 Part 2 in MKV', 'mp4v.mkv', mp4v, 'video/x-matroska', /mpeg4/, false],
    ] as const)(
      '%s: status 0, a frame at every planned instant, the decoder named',
      async ([, name, codec, type, codecName, indexed]) => {
        const clip = makeClip(dir, name, [...testSrc('320x240', 3.5), ...codec]);
        const r = await analyzeViaHook(app.page, readFileSync(clip), name, type);
        const e = r.status[0]!;
        expect(e.status.code, e.status.message).toBe('0');
        expect(e.response.input.media).toMatchObject({ type: 'VIDEO', width: 320, height: 240, mimetype: type });
        expect(e.response.input.media.duration).toBeCloseTo(3.5, 1);
        // The same instants as the native H.264 clip of the same length in video.test.ts.
        expect(e.response.output.map((o) => o.time)).toEqual([0, 1, 2, 3, 3.45]);
        for (const o of e.response.output) expect(o.classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
        const notes = e.response.summary?.evidence?.map((x) => x.detail) ?? [];
        expect(
          notes.some((n) => /Decoded by ffmpeg\.wasm/.test(n) && codecName.test(n)),
          notes.join(' | '),
        ).toBe(true);
        expect(notes.filter((n) => /not analysed/.test(n))).toEqual([]);
        // HEVC in MP4 / MOV decodes only the samples it needs (hevcFrames.ts); other inputs seek per instant.
        expect(notes.some((n) => /read from the MP4 index/.test(n))).toBe(indexed);
      },
    );

    it('the decoder is announced as fetched from this site once, with its size; later files read it from memory or cache', async () => {
      const loads = await app.page.evaluate(() => window.veritas!.decoderLoads);
      const ffmpeg = loads.filter((l) => /ffmpeg/.test(l.name));
      expect(ffmpeg.length).toBeGreaterThan(0);
      expect(ffmpeg[0]).toMatchObject({ firstUse: true });
      expect(ffmpeg[0]!.bytes).toBeGreaterThan(10_000_000);
      expect(ffmpeg.slice(1).every((l) => !l.firstUse)).toBe(true);
    });

    it('a rotated phone clip (display matrix) is analysed upright, at its displayed size', async () => {
      const clip = readFileSync(makeClip(dir, 'rot.mov', [...testSrc('320x240', 1.5), ...hevc, '-tag:v', 'hvc1']));
      const r = await analyzeViaHook(app.page, rotate90(clip), 'rot.mov', 'video/quicktime');
      const e = r.status[0]!;
      expect(e.status.code, e.status.message).toBe('0');
      expect(e.response.input.media).toMatchObject({ width: 240, height: 320 });
      const notes = e.response.summary?.evidence?.map((x) => x.detail) ?? [];
      expect(notes.some((n) => /read from the MP4 index/.test(n))).toBe(true);
    });

    it('a truncated HEVC MP4 (index first, samples cut off): the frames it has, the instants it lacks named', async () => {
      const whole = readFileSync(
        makeClip(dir, 'cut.mp4', [...testSrc('320x240', 4), ...hevc, '-tag:v', 'hvc1', '-movflags', '+faststart']),
      );
      const r = await analyzeViaHook(
        app.page,
        whole.subarray(0, Math.floor(whole.length * 0.6)),
        'cut.mp4',
        'video/mp4',
      );
      const e = r.status[0]!;
      expect(e.status.code, e.status.message).toBe('0');
      const got = e.response.output.map((o) => o.time);
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBeLessThan(5);
      expect(got).toEqual([0, 1, 2, 3, 3.95].slice(0, got.length));
      const notes = e.response.summary?.evidence?.map((x) => x.detail) ?? [];
      expect(
        notes.some((n) => /not analysed.*truncated/.test(n)),
        notes.join(' | '),
      ).toBe(true);
    });

    it('a corrupt AVI fails alone with a clear 400, and the next file is analysed', async () => {
      const good = readFileSync(makeClip(dir, 'ok.avi', [...testSrc('160x120', 1), ...mp4v]));
      const junk = Buffer.concat([good.subarray(0, 64), Buffer.alloc(4096, 0x5a)]);
      const bad = await analyzeViaHook(app.page, junk, 'junk.avi', 'video/x-msvideo');
      expect(bad.status[0]!.status.code).toBe('400');
      const next = await analyzeViaHook(app.page, good, 'ok.avi', 'video/x-msvideo');
      expect(next.status[0]!.status.code, next.status[0]!.status.message).toBe('0');
    });
  },
);
