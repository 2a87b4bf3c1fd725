/**
 * A small Vite page (not the app) built into a temp dir, served on loopback with extra folders mounted, opened in
 * the system Chromium (openPage), and driven through one global object of async methods. The face harness (tests,
 * benches, the face cache), the training-time landmark harness and the provenance reader's are all this, with a
 * different page and global.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { openPage, type OpenedPage, type PageOptions } from './openPage';

type AsyncApi = Record<string, (...args: never[]) => Promise<unknown>>;

export interface PageHarness<Api extends AsyncApi> {
  url: string;
  page: Page;
  /** Calls one method of the page's API object inside the page. */
  call<K extends keyof Api & string>(method: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>>;
  close(): Promise<void>;
}

export interface PageHarnessOptions {
  /** Folder holding the page's index.html. */
  root: string;
  /** Name of the window property the page sets to its API object (and body[data-ready="1"] when ready). */
  global: string;
  /** URL path prefix ('/models/') -> folder. */
  mounts: Record<string, string>;
  /** Prefix of the temp build folder and of logged page errors. */
  label: string;
  /** Chromium's extra flags, and a hook that sees every request of the browser (openPage). */
  launch?: PageOptions['launch'];
  onRequest?: PageOptions['onRequest'];
}

export async function startPageHarness<Api extends AsyncApi>(options: PageHarnessOptions): Promise<PageHarness<Api>> {
  const outDir = mkdtempSync(join(tmpdir(), `${options.label}-`));
  let opened: OpenedPage | undefined;
  const cleanUp = async (): Promise<void> => {
    await opened?.close();
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    await build({
      configFile: false,
      logLevel: 'error',
      root: options.root,
      base: './',
      publicDir: false,
      worker: { format: 'es' },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 100_000 },
    });
    opened = await openPage({
      server: { root: outDir, mounts: options.mounts },
      path: 'index.html',
      launch: options.launch,
      onRequest: options.onRequest,
      onPageError: (message) => console.error(`[${options.label} page error]`, message),
      ready: async (page) => {
        await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
      },
    });
    const { page } = opened;
    return {
      url: opened.server.url,
      page,
      call: (method, ...args) =>
        page.evaluate(
          async ([g, m, a]) => {
            const api = (
              window as unknown as Record<
                string,
                Record<string, ((...x: unknown[]) => Promise<unknown>) | undefined> | undefined
              >
            )[g];
            const fn = api?.[m];
            if (!fn) throw new Error(`no ${g} harness method ${m}`);
            return fn(...(a as unknown[]));
          },
          [options.global, method, args] as const,
        ) as never,
      close: cleanUp,
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
