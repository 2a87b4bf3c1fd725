/**
 * The real page in the system Chromium: load it, drop a PNG and a JPEG made here into the file input, and read
 * the answers through the real worker and the shipped model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { openAppPage, type AppPage } from '../helpers/openAppPage';

describe.skipIf(skipBrowser)(`page in Chromium${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    // Not waiting for the worker: loading the model is what the first test checks, through the page.
    app = await openAppPage({ query: 'backend=wasm', waitReady: false });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the privacy note and loads the model on WASM', async () => {
    await expect(page.getByTestId('privacy-note').textContent()).resolves.toMatch(/never uploaded/);
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.includes('Model ready'), undefined, { timeout: 120_000 });
  });

  it('analyses a PNG and a JPEG dropped into the file input', async () => {
    const png = makePng(640, 480, 7);
    const jpegBytes = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(800, 600);
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, 800, 600);
      g.addColorStop(0, '#335');
      g.addColorStop(1, '#db8');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 800, 600);
      for (let i = 0; i < 400; i++) {
        ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
        ctx.fillRect((i * 97) % 800, (i * 53) % 600, 12, 9);
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    await page.getByTestId('file-input').setInputFiles([
      { name: 'made.png', mimeType: 'image/png', buffer: png },
      { name: 'made.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegBytes) },
    ]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-json"]').length === 2, undefined, { timeout: 120_000 });
    const texts = await page.getByTestId('result-json').allTextContents();
    const [a, b] = texts.map((t) => JSON.parse(t) as HiveResult);
    expectPhotoContract(a!, 'made.png');
    expectPhotoContract(b!, 'made.jpg');
    expect(a!.status[0]!.response.input.media).toMatchObject({ width: 640, height: 480, mimetype: 'image/png' });
    expect(b!.status[0]!.response.input.media).toMatchObject({ width: 800, height: 600, mimetype: 'image/jpeg' });
    expect(a!.status[0]!.response.timing?.backend).toBe('wasm');
    expect(app.pageErrors).toEqual([]);
  });
});
