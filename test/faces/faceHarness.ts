/**
 * Node side of the face harness: builds test/faces/harness with Vite's JS API into a temp dir, serves it on
 * loopback with the models (and any extra folders under /files/<name>/), and drives it in the system Chromium.
 * Used by the browser tests, scripts/bench-faces.ts and training/deepfake's face cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, type LaunchedBrowser } from '../../cli/chromium';
import { startStaticServer, type StaticServer } from '../../cli/staticServer';
import type { FaceHarnessApi } from '../../workers/faces/harness.worker';
import { repoRoot } from '../helpers/shared';

export interface FaceHarness {
  url: string;
  page: Page;
  /** Calls one harness API method inside the page. */
  call<K extends keyof FaceHarnessApi>(method: K, ...args: Parameters<FaceHarnessApi[K]>): Promise<Awaited<ReturnType<FaceHarnessApi[K]>>>;
  close(): Promise<void>;
}

export async function buildFaceHarness(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(repoRoot, 'test/faces/harness'),
    base: './',
    publicDir: false,
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 100_000 },
  });
}

export async function startFaceHarness(mounts: Record<string, string> = {}): Promise<FaceHarness> {
  const outDir = mkdtempSync(join(tmpdir(), 'faces-harness-'));
  let server: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  try {
    await buildFaceHarness(outDir);
    const allMounts: Record<string, string> = { '/models/': join(repoRoot, 'public/models') };
    for (const [name, dir] of Object.entries(mounts)) allMounts[`/files/${name}/`] = dir;
    server = await startStaticServer({ root: outDir, mounts: allMounts });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[harness page error]', e.message));
    await page.goto(new URL("index.html", server.url).href);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    const srv = server;
    const br = browser;
    return {
      url: server.url,
      page,
      call: (method, ...args) =>
        page.evaluate(
          async ([m, a]) => {
            const faces = (window as unknown as { faces: Record<string, (...x: unknown[]) => Promise<unknown>> }).faces;
            const fn = faces[m as string];
            if (!fn) throw new Error(`no harness method ${String(m)}`);
            return fn(...(a as unknown[]));
          },
          [method, args] as const,
        ) as never,
      close: async () => {
        await br.close();
        await srv.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}
