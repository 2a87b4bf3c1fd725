/**
 * The CLI's last line of defence (cli/appDriver.ts): when the page itself dies (a renderer crash, not just the
 * detector worker, which the page replaces on its own), the file in flight gets a 500 line, a fresh page takes over
 * and the next file is answered, all in the same browser. The renderer is crashed for real with CDP's Page.crash.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAppDriver } from '../../cli/appDriver';
import { BROWSER_SKIP_REASON, requireBuilt, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';

describe.skipIf(skipBrowser)(
  `CLI driver when the page crashes${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-deadpage-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('answers the file in flight with a 500, opens a fresh page and answers the next file', async () => {
      requireBuilt();
      const files = ['a.png', 'b.png', 'c.png'].map((name, i) => {
        const path = join(dir, name);
        writeFileSync(path, makePng(200, 150, i + 1));
        return path;
      });
      const driver = await startAppDriver({ files, backend: 'wasm', faces: false });
      try {
        const first = await driver.analyze(0);
        expectPhotoContract(first, 'a.png');
        const crashed = driver.page();
        const cdp = await crashed.context().newCDPSession(crashed);
        const gone = new Promise<void>((resolve) => crashed.once('crash', () => resolve()));
        // Page.crash never answers (the renderer is gone): wait for Playwright's crash event instead.
        void cdp.send('Page.crash').catch(() => undefined);
        await gone;
        const during = await driver.analyze(1);
        expect(during.status[0]!.status.code).toBe('500');
        expect(during.status[0]!.status.message).toMatch(/^Internal failure while analysing this file: /);
        expect(during.status[0]!.response.input.media.filename).toBe('b.png');
        expect(driver.page()).not.toBe(crashed);
        const after = await driver.analyze(2);
        expectPhotoContract(after, 'c.png');
      } finally {
        await driver.close();
      }
    }, 120_000);
  },
);
