/**
 * "Update available" is asked, never forced, and the new version's activation removes what the old one cached
 * and the new one no longer lists. A copy of the build plays version 1; editing its sw.js (one precache entry
 * swapped for another) makes version 2, as a redeploy would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { useAppPage } from '../helpers/useAppPage';
import { pwaDist, requirePwaBuild, waitPrecached } from './harness';

describe.skipIf(skipBrowser)(`service-worker update${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  let dir: string;

  // Registered first, so it runs after the page and its server are closed.
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // A copy of the build, so that editing its sw.js leaves dist/ alone.
  const app = useAppPage(() => {
    requirePwaBuild();
    dir = mkdtempSync(join(tmpdir(), 'veritas-update-'));
    cpSync(pwaDist, dir, { recursive: true });
    return { root: dir, waitReady: false };
  });

  it('offers the new version, keeps the running one until the user accepts, then drops stale entries', async () => {
    const { page, pageErrors: errors } = app;
    await waitPrecached(page, ['icons/maskable-512.png', 'models/classifier.onnx']);
    await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });

    // Version 2: maskable-512.png leaves the precache list, v2.txt joins it.
    const swPath = join(dir, 'sw.js');
    const v1 = readFileSync(swPath, 'utf8');
    const v2 = v1.replace(/\{url:"icons\/maskable-512\.png",revision:"[0-9a-f]+"\}/, '{url:"v2.txt",revision:"2"}');
    expect(v2).not.toBe(v1);
    writeFileSync(join(dir, 'v2.txt'), 'version 2\n');
    writeFileSync(swPath, v2);

    // Reloading lets the browser find the new sw.js; it installs and waits.
    await page.reload();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await page.getByTestId('update-available').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('update-available').textContent()).toBe('Update available — reload?');
    // Not forced: give it time to misbehave; the page is the same document and the old worker still serves it.
    await page.waitForTimeout(2000);
    const waiting = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const urls: string[] = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
      return {
        same: (window as unknown as { notReloaded?: boolean }).notReloaded === true,
        hasWaiting: reg?.waiting != null,
        maskable: urls.some((u) => u.includes('maskable-512.png')),
      };
    });
    expect(waiting).toEqual({ same: true, hasWaiting: true, maskable: true });

    // The user accepts: the new worker activates, the page reloads once, the stale entry is gone.
    await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.getByTestId('update-reload').click()]);
    await waitPrecached(page, ['v2.txt']);
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const urls: string[] = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
      return {
        reloaded: (window as unknown as { notReloaded?: boolean }).notReloaded === undefined,
        hasWaiting: reg?.waiting != null,
        controlled: navigator.serviceWorker.controller !== null,
        maskable: urls.some((u) => u.includes('maskable-512.png')),
      };
    });
    expect(after).toEqual({ reloaded: true, hasWaiting: false, controlled: true, maskable: false });
    expect(errors).toEqual([]);
    await page.close();
  });
});
