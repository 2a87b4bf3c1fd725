/**
 * Shared plumbing of the PWA tests: which build they test, the inputs of issue 6 (an image made here, a clip made
 * with ffmpeg at test time, the C2PA reference fixture C.jpg), and reading answers from the page.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import { distDir, inCi } from '../helpers/browser';
import { ffmpegPath, makeClip, testSrc } from '../helpers/clips';
import { heifEnc, heifEncPath } from '../helpers/heif';
import { makePng } from '../helpers/images';
import { hasShared, sharedDir } from '../helpers/shared';

/** The build under test: dist/ (npm test builds it), or PWA_DIST to test another build without touching dist/. */
export const pwaDist = process.env.PWA_DIST ?? distDir;

export function requirePwaBuild(): void {
  for (const f of ['index.html', 'sw.js', 'manifest.webmanifest']) {
    if (!existsSync(join(pwaDist, f)))
      throw new Error(`${pwaDist}/${f} is missing: the test command builds it first (npm test runs npm run build)`);
  }
}

export interface InputFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export const png: InputFile = { name: 'made.png', mimeType: 'image/png', buffer: makePng(400, 300, 11) };

const c2paPath = join(sharedDir, 'fixtures', 'c2pa', 'C.jpg');
/** C2PA reference fixture; absent outside the team's machines and CI (CI must have it). */
export const c2paFile: InputFile | null =
  hasShared && existsSync(c2paPath) ? { name: 'C.jpg', mimeType: 'image/jpeg', buffer: readFileSync(c2paPath) } : null;
export const C2PA_SKIP = `the C2PA-signed part is skipped: ${c2paPath} is absent (it exists beside the team's checkouts and in CI)`;
if (!c2paFile && inCi) throw new Error(`${c2paPath} is missing in CI`);

/** A 2 s H.264 clip made now (nothing binary is committed). */
export function videoFile(): InputFile | null {
  if (!ffmpegPath) {
    if (inCi) throw new Error('ffmpeg is missing in CI (.ci/run installs it)');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'veritas-pwa-'));
  const clip = makeClip(dir, 'clip.mp4', [...testSrc('320x240', 2, 10), '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  return { name: 'clip.mp4', mimeType: 'video/mp4', buffer: readFileSync(clip) };
}
export const VIDEO_SKIP = 'the video part is skipped: no ffmpeg (apt-get install -y ffmpeg); CI has it';

export async function waitModelReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="status"]')?.textContent?.includes('Model ready'),
    undefined,
    { timeout: 180_000 },
  );
}

/** Feeds files through the page's file input and returns their answers, in order. */
export async function analyse(page: Page, files: InputFile[]): Promise<HiveResult[]> {
  const before = await page.getByTestId('result-json').count();
  await page.getByTestId('file-input').setInputFiles(files);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="result-json"]').length >= n,
    before + files.length,
    { timeout: 240_000 },
  );
  const texts = await page.getByTestId('result-json').allTextContents();
  return texts.slice(before).map((t) => JSON.parse(t) as HiveResult);
}

/** The page's per-class scores (first output frame; a video's clip summary when it has one). */
export function classScores(r: HiveResult): Record<string, number> {
  const response = r.status[0]!.response;
  const classes = response.summary?.classes ?? response.output[0]!.classes;
  return Object.fromEntries(classes.map((c) => [c.class, c.score]));
}

/** Resolves once the active service worker's precache holds every URL ending in one of `suffixes`. */
export async function waitPrecached(page: Page, suffixes: string[]): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(
    async (want) => {
      const urls: string[] = [];
      for (const k of await caches.keys())
        for (const r of await (await caches.open(k)).keys()) urls.push(r.url.split('?')[0]!);
      return want.every((s) => urls.some((u) => u.endsWith(s)));
    },
    suffixes,
    { timeout: 180_000, polling: 500 },
  );
}

/**
 * Files only the fallback decoders read (issue 21): an iPhone-style HEIC (libheif) and an HEVC clip (ffmpeg.wasm),
 * made now with heif-enc and ffmpeg; [] (with FALLBACK_SKIP) where those tools are absent outside CI.
 */
export function fallbackFiles(): InputFile[] {
  if (!ffmpegPath || !heifEncPath) {
    if (inCi) throw new Error('ffmpeg or heif-enc is missing in CI (.ci/run installs them)');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'veritas-pwa-fallback-'));
  const jpeg = makeClip(dir, 'photo.jpg', ['-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1']);
  const heic = heifEnc(jpeg, join(dir, 'IMG_0001.HEIC'));
  const hevc = makeClip(dir, 'hevc.mp4', [
    ...testSrc('320x240', 2, 10),
    '-c:v',
    'libx265',
    '-preset',
    'ultrafast',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
    '-pix_fmt',
    'yuv420p',
  ]);
  return [
    { name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: heic },
    { name: 'hevc.mp4', mimeType: 'video/mp4', buffer: readFileSync(hevc) },
  ];
}
export const FALLBACK_SKIP =
  'the fallback-decoder part is skipped: no ffmpeg or heif-enc (apt-get install -y ffmpeg libheif-examples); CI has them';
