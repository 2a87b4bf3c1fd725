/**
 * Node side of the training-time landmark harness: builds scripts/landmarkHarness with Vite's JS API into a temp
 * dir, serves it on loopback with extra folders (model weights, images) under /files/<name>/, and drives it in the
 * system Chromium. Same shape as test/faces/faceHarness.ts, kept separate so the shared test harness and the
 * shipped worker stay free of FaceLandmarker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, type LaunchedBrowser } from '../cli/chromium';
import { startStaticServer, type StaticServer } from '../cli/staticServer';
import type { LandmarkHarnessApi } from './landmarkHarness/main';

export interface LandmarkHarness {
  url: string;
  page: Page;
  call<K extends keyof LandmarkHarnessApi>(method: K, ...args: Parameters<LandmarkHarnessApi[K]>): Promise<Awaited<ReturnType<LandmarkHarnessApi[K]>>>;
  close(): Promise<void>;
}

const pageRoot = join(dirname(fileURLToPath(import.meta.url)), 'landmarkHarness');

export async function startLandmarkHarness(mounts: Record<string, string>): Promise<LandmarkHarness> {
  const outDir = mkdtempSync(join(tmpdir(), 'landmark-harness-'));
  let server: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  try {
    await build({
      configFile: false,
      logLevel: 'error',
      root: pageRoot,
      base: './',
      publicDir: false,
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 100_000 },
    });
    const allMounts: Record<string, string> = {};
    for (const [name, dir] of Object.entries(mounts)) allMounts[`/files/${name}/`] = dir;
    server = await startStaticServer({ root: outDir, mounts: allMounts });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[landmark page error]', e.message));
    await page.goto(new URL('index.html', server.url).href);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
    const srv = server;
    const br = browser;
    return {
      url: server.url,
      page,
      call: (method, ...args) =>
        page.evaluate(
          async ([m, a]) => {
            const api = (window as unknown as { landmarks: Record<string, (...x: unknown[]) => Promise<unknown>> }).landmarks;
            const fn = api[m as string];
            if (!fn) throw new Error(`no landmark harness method ${String(m)}`);
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
