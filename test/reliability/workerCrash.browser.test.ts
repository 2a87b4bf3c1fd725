/**
 * The real built app in Chromium, its real detector worker and model: a worker that throws an uncaught error,
 * or that is killed outright (no event, no answer, ever), costs exactly one file a 500 naming what happened; a
 * fresh worker is started and initialised, and the next file gets a normal answer. `?workerSilence=10` makes the
 * heartbeat give up on a silent worker after 10 s, so the kill is noticed by silence long before the 5-minute
 * per-image deadline. The same recovery code runs against a worker double in detectorClient.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import type { WorkerFault } from '../../src/app/detectorClient';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { useAppPage } from '../helpers/useAppPage';
// Brings the page's window.veritas declaration into the Node-side type check.
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import type {} from '../../src/app/automation';

const SILENCE_S = 10;

/** One image through the page's own automation door (the same client the UI uses), with its wall time. */
async function analyse(page: Page, name: string, seed: number): Promise<{ result: HiveResult; ms: number }> {
  const bytes = makePng(96, 72, seed);
  const t0 = Date.now();
  const result = await analyzeViaHook(page, bytes, name, 'image/png');
  return { result, ms: Date.now() - t0 };
}

function hooks(page: Page): {
  inject(f: WorkerFault): Promise<void>;
  started(): Promise<number>;
  silence(): Promise<number>;
} {
  return {
    inject: (fault) => page.evaluate((f) => window.veritas!.testing!.injectFault(f), fault),
    started: () => page.evaluate(() => window.veritas!.testing!.workersStarted()),
    silence: () => page.evaluate(() => window.veritas!.testing!.longestSilenceMs()),
  };
}

describe.skipIf(skipBrowser)(
  `a crashed or killed worker in Chromium${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`,
  () => {
    // faces=0, crops=1: the recovery path is the subject here, not the model; a lighter file keeps the test fast.
    // workerSilence=10, not 2: a live worker is legitimately silent for seconds at a time. Measured here: a
    // restarted worker creating its model session (about 2.8 s, inside the next file's watch) and the first file
    // with metadata on (the C2PA reader loading, about 2 s) each block the worker's message loop, so with 2 s the
    // file after a restart was itself failed for silence. 10 s still notices a kill 30 times before the 5-minute
    // per-image deadline would.
    const app = useAppPage({ query: `backend=wasm&testHooks=1&workerSilence=${SILENCE_S}&faces=0&crops=1` });

    beforeAll(async () => {
      await app.page.waitForFunction(() => window.veritas?.testing !== undefined, undefined, { timeout: 60_000 });
    });

    it('has the test hooks only with ?testHooks=1', async () => {
      const plain = await app.browser.context.newPage();
      await plain.goto(`${app.server.url}?backend=wasm`);
      await plain.waitForFunction(() => window.veritas !== undefined, undefined, { timeout: 60_000 });
      await expect(plain.evaluate(() => window.veritas!.testing === undefined)).resolves.toBe(true);
      await plain.close();
    });

    it('an uncaught error in the worker: that file gets a 500 naming the crash, the next is answered by a new worker', async () => {
      const h = hooks(app.page);
      const before = await analyse(app.page, 'before.png', 1);
      expectPhotoContract(before.result, 'before.png');
      expect(await h.started()).toBe(1);

      await h.inject('uncaught-error');
      const crashed = await analyse(app.page, 'crashed.png', 2);
      const s = crashed.result.status[0]!;
      expect(s.status.code).toBe('500');
      expect(s.status.message).toMatch(/the detector worker crashed/);
      expect(s.status.message).toMatch(/restarted/);
      expect(s.response.input.media.filename).toBe('crashed.png');
      expect(s.response.output).toEqual([]);

      const after = await analyse(app.page, 'after.png', 3);
      expectPhotoContract(after.result, 'after.png');
      expect(await h.started()).toBe(2);
      const again = await analyse(app.page, 'again.png', 4);
      expectPhotoContract(again.result, 'again.png');
      expect(await h.started()).toBe(2);
      console.log(
        `uncaught-error: ok ${before.ms} ms, crashed file answered (500) in ${crashed.ms} ms, next file on the new worker ${after.ms} ms (model reloaded)`,
      );
    }, 180_000);

    it('a killed worker: noticed by its silence within seconds, not the 5-minute deadline; the next file is answered', async () => {
      const h = hooks(app.page);
      const startedBefore = await h.started();
      const ok = await analyse(app.page, 'ok.png', 5);
      expectPhotoContract(ok.result, 'ok.png');
      expect(await h.started()).toBe(startedBefore);
      // Read before the kill: afterwards the maximum includes the dead worker's silence.
      const liveSilence = await h.silence();

      await h.inject('kill');
      const killed = await analyse(app.page, 'killed.png', 6);
      const s = killed.result.status[0]!;
      expect(s.status.code).toBe('500');
      expect(s.status.message).toMatch(/stopped responding/);
      expect(s.status.message).toMatch(/restarted/);
      expect(s.response.input.media.filename).toBe('killed.png');
      // The heartbeat gives up after SILENCE_S of silence (checked every 2 s); 60 s leaves room for a loaded machine
      // while staying five times under the per-image deadline of 5 minutes.
      expect(killed.ms).toBeGreaterThanOrEqual(SILENCE_S * 1000);
      expect(killed.ms).toBeLessThan(60_000);

      const next = await analyse(app.page, 'next.png', 7);
      expectPhotoContract(next.result, 'next.png');
      expect(await h.started()).toBe(startedBefore + 1);
      console.log(
        `kill: noticed after ${killed.ms} ms; next file on a new worker ${next.ms} ms; longest heartbeat silence of a live worker before it ${Math.round(liveSilence)} ms`,
      );
      expect(app.pageErrors).toEqual([]);
    }, 180_000);
  },
);
