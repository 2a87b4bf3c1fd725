/**
 * Faces through the real page, worker and shipped models: a portrait gets its face boxed and scored, Hive's
 * `deepfake` class is the highest face score, the page draws the box; the same portrait enlarged 2.5x (so the
 * worker finds faces on a reduced copy) reports the face in the large image's own pixels; `?faces=0` turns it off.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { scoreOf } from '../../src/core/headScores';
import type { FaceResult, HiveResult } from '../../src/core/response';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { useAppPage } from '../helpers/useAppPage';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const PORTRAIT = join(sharedDir, 'data', 'real_faces', 'celeba_via_deepfacelive', '000002.jpg');
const skip = skipBrowser || !hasShared;
const reason = skipBrowser ? BROWSER_SKIP_REASON : SHARED_SKIP_REASON;

function hasFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function analyse(page: Page, files: { name: string; buffer: Buffer }[]): Promise<HiveResult[]> {
  const before = await page.getByTestId('result-json').count();
  await page.getByTestId('file-input').setInputFiles(files.map((f) => ({ ...f, mimeType: 'image/jpeg' })));
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="result-json"]').length === n,
    before + files.length,
    { timeout: 120_000 },
  );
  const texts = await page.getByTestId('result-json').allTextContents();
  return texts.slice(before).map((t) => JSON.parse(t) as HiveResult);
}

function faces(r: HiveResult): FaceResult[] {
  const f = r.status[0]?.response.output[0]?.faces;
  if (!f) throw new Error(`no faces list in ${JSON.stringify(r.status[0]?.status)}`);
  return f;
}

describe.skipIf(skip)(`faces in the page${skip ? ` (${reason})` : ''}`, () => {
  // The tests feed the file input and wait for the answers, which wait for the model themselves.
  const app = useAppPage({ query: 'backend=wasm', waitReady: false });
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'faces-page-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('boxes and scores the face of a portrait; deepfake is the highest face score; the page draws the box', async () => {
    const [r] = await analyse(app.page, [{ name: 'portrait.jpg', buffer: readFileSync(PORTRAIT) }]);
    expectPhotoContract(r!, 'portrait.jpg');
    const found = faces(r!);
    expect(found.length).toBe(1);
    const face = found[0]!;
    expect(face.score).not.toBeNull();
    expect(face.score!).toBeGreaterThanOrEqual(0);
    expect(face.score!).toBeLessThanOrEqual(1);
    expect(face.keypoints).toHaveLength(6);
    const { width, height } = r!.status[0]!.response.input.media;
    expect(face.box.x).toBeGreaterThanOrEqual(0);
    expect(face.box.x + face.box.width).toBeLessThanOrEqual(width + 1);
    expect(face.box.y + face.box.height).toBeLessThanOrEqual(height + 1);
    expect(scoreOf(r!.status[0]!.response.output[0]!.classes, 'deepfake')).toBeCloseTo(face.score!, 6);
    expect(r!.status[0]!.response.timing?.faces_ms).toBeGreaterThan(0);
    // The overlay sits on the card's preview, which is made after the answer: wait for it to be drawn.
    await app.page.getByTestId('face-box').first().waitFor({ timeout: 15_000 });
    await expect(app.page.getByTestId('face-box').count()).resolves.toBe(1);
    await expect(app.page.getByTestId('face-box').first().getAttribute('data-score')).resolves.toBe(String(face.score));
  });

  it.skipIf(!hasFfmpeg())('reports faces found on a reduced copy in the source pixels of a large image', async () => {
    const big = join(dir, 'big.jpg');
    // 423x594 -> 2961x4158: above the face path's 2048 px working size, so the worker reduces it.
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      PORTRAIT,
      '-vf',
      'scale=iw*7:ih*7:flags=lanczos',
      '-q:v',
      '3',
      big,
    ]);
    const [small, large] = await analyse(app.page, [
      { name: 'small.jpg', buffer: readFileSync(PORTRAIT) },
      { name: 'large.jpg', buffer: readFileSync(big) },
    ]);
    const a = faces(small!)[0]!;
    const b = faces(large!)[0]!;
    const k = large!.status[0]!.response.input.media.width / small!.status[0]!.response.input.media.width;
    expect(k).toBeGreaterThan(6.9);
    for (const [pa, pb] of [
      [a.box.x + a.box.width / 2, b.box.x + b.box.width / 2],
      [a.box.y + a.box.height / 2, b.box.y + b.box.height / 2],
      [a.box.width, b.box.width],
    ] as const) {
      // Within 5% of the small image's box size, after scaling.
      expect(Math.abs(pb / k - pa)).toBeLessThan(0.05 * a.box.width);
    }
    expect(b.score).not.toBeNull();
  });

  it('?faces=0 leaves faces out and deepfake at 0', async () => {
    const off = await app.browser.context.newPage();
    try {
      await off.goto(`${app.server.url}?backend=wasm&faces=0`);
      const [r] = await analyse(off, [{ name: 'portrait.jpg', buffer: readFileSync(PORTRAIT) }]);
      const out = r!.status[0]!.response.output[0]!;
      expect(out.faces).toBeUndefined();
      expect(scoreOf(out.classes, 'deepfake')).toBe(0);
      // The automation hook (what the CLI and eval drive) honours the same switch as the page's own queue.
      const viaHook = await analyzeViaHook(off, readFileSync(PORTRAIT), 'portrait.jpg', 'image/jpeg');
      expect(viaHook.status[0]!.response.output[0]!.faces).toBeUndefined();
      expect(viaHook.status[0]!.response.timing?.faces_ms ?? 0).toBe(0);
    } finally {
      await off.close();
    }
  });
});
