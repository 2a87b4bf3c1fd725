/**
 * Issue 6's proofs, on the built app in the system Chromium:
 * (a) analysing an image, a C2PA-signed file and a video makes zero requests to any other origin and zero
 *     requests carrying a body;
 * (b) after the service worker has precached everything, the app reloads and analyses offline, same answer;
 * (c) the app works when served under a sub-path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from '../../cli/chromium';
import { startStaticServer, type StaticServer } from '../../cli/staticServer';
import type { HiveResult } from '../../src/core/response';
import { BROWSER_SKIP_REASON, distDir, requireBuilt, skipBrowser } from '../helpers/browser';
import { makePng } from '../helpers/images';
import { hasShared, sharedDir } from '../helpers/shared';

interface Seen {
  url: string;
  method: string;
  body: boolean;
}

async function analyse(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<HiveResult[]> {
  const before = await page.getByTestId('result-json').count();
  await page.getByTestId('file-input').setInputFiles(files);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-json"]').length === n, before + files.length, { timeout: 180_000 });
  const texts = await page.getByTestId('result-json').allTextContents();
  return texts.slice(before).map((t) => JSON.parse(t) as HiveResult);
}

const scores = (r: HiveResult): number[] => r.status[0]!.response.output[0]!.classes.map((c) => c.score);

describe.skipIf(skipBrowser)(`privacy, offline and sub-path${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  let server: StaticServer;
  let browser: LaunchedBrowser;
  const seen: Seen[] = [];
  const png = { name: 'offline.png', mimeType: 'image/png', buffer: makePng(400, 300, 11) };

  beforeAll(async () => {
    requireBuilt();
    server = await startStaticServer({ root: distDir });
    browser = await launchChromium();
    browser.context.on('request', (req) => seen.push({ url: req.url(), method: req.method(), body: req.postDataBuffer() !== null }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('(a) makes no request to another origin and none with a body', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}?backend=wasm`);
    const files = [png];
    const c2pa = join(sharedDir, 'fixtures', 'c2pa', 'C.jpg');
    if (hasShared && existsSync(c2pa)) files.push({ name: 'C.jpg', mimeType: 'image/jpeg', buffer: readFileSync(c2pa) });
    const sora = join(sharedDir, 'fixtures', 'c2pa', 'sora2_openai_truepic.mp4');
    if (hasShared && existsSync(sora)) files.push({ name: 'sora.mp4', mimeType: 'video/mp4', buffer: readFileSync(sora) });
    const results = await analyse(page, files);
    expect(results).toHaveLength(files.length);
    const origin = new URL(server.url).origin;
    const foreign = seen.filter((s) => !s.url.startsWith(origin) && !s.url.startsWith('blob:') && !s.url.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(seen.filter((s) => s.body)).toEqual([]);
    expect(seen.length).toBeGreaterThan(3);
    await page.close();
  });

  it('(b) reloads and analyses offline with the same answer', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}?backend=wasm`);
    const [online] = await analyse(page, [png]);
    // Wait until the service worker controls the page and has precached the model.
    await page.waitForFunction(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const keys = await caches.keys();
      for (const k of keys) {
        const reqs = await (await caches.open(k)).keys();
        if (reqs.some((r) => r.url.includes('models/classifier.onnx'))) return true;
      }
      return false;
    }, undefined, { timeout: 120_000, polling: 500 }).catch(async () => {
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.includes('Model ready'), undefined, { timeout: 120_000 });
      const [offline] = await analyse(page, [png]);
      expect(offline!.status[0]!.status.code).toBe('0');
      const a = scores(online!);
      const b = scores(offline!);
      b.forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 6));
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });

  it('(c) works under a sub-path', async () => {
    const sub = await startStaticServer({ root: distDir, basePath: '/sub/path/' });
    try {
      const page = await browser.context.newPage();
      await page.goto(`${sub.url}?backend=wasm`);
      const [r] = await analyse(page, [png]);
      expect(r!.status[0]!.status.code).toBe('0');
      expect(new URL(page.url()).pathname).toBe('/sub/path/');
      await page.close();
    } finally {
      await sub.close();
    }
  });
});
