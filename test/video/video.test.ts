/**
 * Video end to end in the real page: per-frame times follow the sampling plan, the clip gets a summary, and
 * broken files give clear errors. Codecs Chromium cannot decode (HEVC...): fallbackDecoder.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ALL_CLASSES } from '../../src/core/classes';
import type { HiveResult } from '../../src/core/response';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, inCi, skipBrowser } from '../helpers/browser';
import { ffmpegPath, makeClip, testSrc } from '../helpers/clips';
import { useAppPage } from '../helpers/useAppPage';

const skip = skipBrowser || (!ffmpegPath && !inCi);
const reason = skipBrowser
  ? BROWSER_SKIP_REASON
  : 'skipped: ffmpeg not installed (apt-get install -y ffmpeg); CI runs these';

function analyse(page: Page, path: string, name: string, type: string): Promise<HiveResult> {
  return analyzeViaHook(page, readFileSync(path), name, type);
}

describe.skipIf(skip)(`video in Chromium${skip ? ` (${reason})` : ''}`, () => {
  const app = useAppPage({ query: 'backend=wasm' });
  const dir = mkdtempSync(join(tmpdir(), 'veritas-video-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('H.264 MP4: one output per sampled second, first and last frames, a summary', async () => {
    const clip = makeClip(dir, 'h264.mp4', [...testSrc('640x360', 3.5), '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
    const r = await analyse(app.page, clip, 'h264.mp4', 'video/mp4');
    const e = r.status[0]!;
    expect(e.status.code, e.status.message).toBe('0');
    expect(e.response.input.media).toMatchObject({
      type: 'VIDEO',
      width: 640,
      height: 360,
      mimetype: 'video/mp4',
      num_frames: 105,
    });
    expect(e.response.input.media.duration).toBeCloseTo(3.5, 1);
    expect(e.response.output.map((o) => o.time)).toEqual([0, 1, 2, 3, 3.45]);
    for (const o of e.response.output) expect(o.classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
    expect(e.response.summary?.classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
    expect(e.response.summary?.rule).toMatch(/trimmed mean/);
  });

  it('short GOPs (a run per sampled instant, flushed without waiting) and B-frames: every instant, in order', async () => {
    const clip = makeClip(dir, 'gop.mp4', [
      ...testSrc('640x360', 3.5),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '12',
      '-bf',
      '3',
    ]);
    const r = await analyse(app.page, clip, 'gop.mp4', 'video/mp4');
    const e = r.status[0]!;
    expect(e.status.code, e.status.message).toBe('0');
    expect(e.response.output.map((o) => o.time)).toEqual([0, 1, 2, 3, 3.45]);
    expect(e.response.summary?.classes.map((c) => c.class)).toEqual([...ALL_CLASSES]);
  });

  it('open-GOP H.264 (leading B-frames after a non-IDR I-frame): every planned instant gets its frame (issue 21)', async () => {
    // Before the fix, the jump to an open-GOP I-frame fed its leading pictures (which refer to the GOP before),
    // the decoder failed and closed, and every later instant was lost with a note blaming a truncated file.
    for (const keyint of [20, 30, 31]) {
      const clip = makeClip(dir, `og${keyint}.mp4`, [
        ...testSrc('320x240', 5),
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        '-bf',
        '3',
        '-x264-params',
        `open-gop=1:keyint=${keyint}:min-keyint=${keyint}:scenecut=0`,
      ]);
      const r = await analyse(app.page, clip, `og${keyint}.mp4`, 'video/mp4');
      const e = r.status[0]!;
      expect(e.status.code, e.status.message).toBe('0');
      expect(
        e.response.output.map((o) => o.time),
        `keyint ${keyint}`,
      ).toEqual([0, 1, 2, 3, 4, 4.95]);
      expect(
        e.response.summary?.evidence?.filter((x) => /not analysed|Decoder error/.test(x.detail)),
        `keyint ${keyint}`,
      ).toEqual([]);
    }
  });

  it('a clip longer than the 3-hour limit gets a 413 naming it, on both decode paths (WebCodecs for MP4, <video> for WebM)', async () => {
    // 110 frames, one every 100 s: 11,000 s long, a few hundred kB.
    const long = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=0.01', '-t', '11000'];
    const mp4 = makeClip(dir, 'long.mp4', [...long, '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
    const webm = makeClip(dir, 'long.webm', [...long, '-c:v', 'libvpx-vp9', '-b:v', '50k']);
    for (const [path, name, type] of [
      [mp4, 'long.mp4', 'video/mp4'],
      [webm, 'long.webm', 'video/webm'],
    ] as const) {
      const r = await analyse(app.page, path, name, type);
      const s = r.status[0]!.status;
      expect(s.code, `${name}: ${s.message}`).toBe('413');
      expect(s.message).toBe('Video lasts 3:03:20 (11000 s); the limit is 3:00:00 (10800 s)');
    }
  });

  it('VP9 WebM decodes too', async () => {
    const clip = makeClip(dir, 'vp9.webm', [...testSrc('320x240', 2), '-c:v', 'libvpx-vp9', '-b:v', '200k']);
    const r = await analyse(app.page, clip, 'vp9.webm', 'video/webm');
    expect(r.status[0]!.status.code, r.status[0]!.status.message).toBe('0');
    expect(r.status[0]!.response.output.length).toBeGreaterThanOrEqual(2);
  });

  it('an MP4 with no video track, a zero-length file and a truncated file give clear errors', async () => {
    const audio = makeClip(dir, 'audio.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac']);
    const a = await analyse(app.page, audio, 'audio.mp4', 'video/mp4');
    expect(a.status[0]!.status.code).toBe('400');
    expect(a.status[0]!.status.message).toMatch(/no video track|cannot be decoded/);

    writeFileSync(join(dir, 'empty.mp4'), Buffer.alloc(0));
    const z = await analyse(app.page, join(dir, 'empty.mp4'), 'empty.mp4', 'video/mp4');
    expect(z.status[0]!.status.code).toBe('400');

    const full = readFileSync(
      makeClip(dir, 'whole.mp4', [...testSrc('320x240', 2), '-c:v', 'libx264', '-pix_fmt', 'yuv420p']),
    );
    writeFileSync(join(dir, 'cut.mp4'), full.subarray(0, Math.floor(full.length / 3)));
    const t = await analyse(app.page, join(dir, 'cut.mp4'), 'cut.mp4', 'video/mp4');
    // ffmpeg writes the index (moov) last, so the first third has frames but no index: undecodable.
    expect(t.status[0]!.status.code).toBe('400');
    expect(t.status[0]!.status.message).toMatch(/truncated/);
  });

  it('cancel stops the work at once, and the next file is analysed', async () => {
    const long = makeClip(dir, 'long.mp4', [
      ...testSrc('640x360', 30),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-preset',
      'ultrafast',
    ]);
    await app.page.getByTestId('file-input').setInputFiles(long);
    await app.page.waitForFunction(() => /Frame \d+ of/.test(document.body.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    await app.page.getByRole('button', { name: 'Cancel' }).click();
    await app.page.waitForFunction(() => document.querySelector('[data-state="cancelled"]') !== null, undefined, {
      timeout: 5_000,
    });
    expect(await app.page.getByTestId('result-json').count()).toBe(0);
    const next = makeClip(dir, 'next.mp4', [...testSrc('320x240', 1), '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
    await app.page.getByTestId('file-input').setInputFiles(next);
    await app.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="result-json"]').length === 1,
      undefined,
      { timeout: 60_000 },
    );
    const r = JSON.parse((await app.page.getByTestId('result-json').textContent()) ?? '{}') as HiveResult;
    expect(r.status[0]!.status.code).toBe('0');
  });
});
