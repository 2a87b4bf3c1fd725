/**
 * The real page in the system Chromium: load it, drop a PNG and a JPEG made here into the file input, and read
 * the answers through the real worker and the shipped model.
 */
import { describe, expect, it } from 'vitest';
import type { HiveResult } from '../../src/core/response';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { useAppPage } from '../helpers/useAppPage';

describe.skipIf(skipBrowser)(`page in Chromium${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  // Not waiting for the worker: loading the model is what the first test checks, through the page.
  const app = useAppPage({ query: 'backend=wasm', waitReady: false });

  it('shows the privacy note and loads the model on WASM', async () => {
    await expect(app.page.getByTestId('privacy-note').textContent()).resolves.toMatch(/never uploaded/);
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.textContent?.includes('Model ready'),
      undefined,
      { timeout: 120_000 },
    );
  });

  it('analyses a PNG and a JPEG dropped into the file input', async () => {
    const png = makePng(640, 480, 7);
    const jpegBytes = await app.page.evaluate(async () => {
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
    await app.page.getByTestId('file-input').setInputFiles([
      { name: 'made.png', mimeType: 'image/png', buffer: png },
      { name: 'made.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpegBytes) },
    ]);
    await app.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="result-json"]').length === 2,
      undefined,
      { timeout: 120_000 },
    );
    const texts = await app.page.getByTestId('result-json').allTextContents();
    const [a, b] = texts.map((t) => JSON.parse(t) as HiveResult);
    expectPhotoContract(a!, 'made.png');
    expectPhotoContract(b!, 'made.jpg');
    expect(a!.status[0]!.response.input.media).toMatchObject({ width: 640, height: 480, mimetype: 'image/png' });
    expect(b!.status[0]!.response.input.media).toMatchObject({ width: 800, height: 600, mimetype: 'image/jpeg' });
    expect(a!.status[0]!.response.timing?.backend).toBe('wasm');
    expect(app.pageErrors).toEqual([]);
  });
});
