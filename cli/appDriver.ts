/**
 * Drives the BUILT app in one headless Chromium for a whole run: one browser, `pages` pages (each with its own
 * detector worker), files fed through each page's own automation hook (src/app/automation.ts), one file per page at
 * a time. If a page dies, the file it was on gets a 500 line and a fresh page takes its slot.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildErrorResponse } from '../src/core/buildResponse';
import type { HiveResult } from '../src/core/response';
import { launchChromium, type LaunchedBrowser } from './chromium';
import { startStaticServer, type StaticServer } from './staticServer';
import { repoRoot } from './paths';
// Brings the page's window.veritas declaration into the Node-side type check.
import type {} from '../src/app/automation';

const MIME_BY_EXT: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.avi': 'video/x-msvideo',
};

export function mimeFromName(path: string): string {
  return MIME_BY_EXT[extname(path).toLowerCase()] ?? '';
}

export interface DriverOptions {
  files: readonly string[];
  backend?: string;
  metadata?: boolean;
  faces?: boolean;
  crops?: number | null;
  fps?: number | null;
  distDir?: string;
  /** Per-file time limit. */
  timeoutMs?: number;
  /** Pages analysing files side by side (`--jobs`); default 1. */
  pages?: number;
  /** Serve the app with COOP/COEP: each page is cross-origin isolated and onnxruntime gets WASM threads. */
  isolate?: boolean;
}

export interface AppDriver {
  /** Analyses input `index` on page `slot` (0 <= slot < pages); one call per slot at a time. */
  analyze(index: number, slot?: number): Promise<HiveResult>;
  page(slot?: number): Page;
  close(): Promise<void>;
  backend: string;
  /** Chromium's profile folder (names its processes; see cli/processCpu.ts). */
  userDataDir: string;
}

export function distDir(): string {
  return join(repoRoot, 'dist');
}

export function assertBuilt(dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`No built app in ${dir}: run \`npm run build\` first`);
}

export async function startAppDriver(options: DriverOptions): Promise<AppDriver> {
  const dir = options.distDir ?? distDir();
  assertBuilt(dir);
  const server: StaticServer = await startStaticServer({
    root: dir,
    inputs: options.files,
    isolate: options.isolate === true,
  });
  let browser: LaunchedBrowser | undefined;
  try {
    browser = await launchChromium({ webgpu: options.backend === 'webgpu' });
  } catch (e) {
    await server.close();
    throw e;
  }
  const query = new URLSearchParams({ backend: options.backend ?? 'auto' });
  if (options.metadata === false) query.set('metadata', '0');
  if (options.faces === false) query.set('faces', '0');
  if (options.crops) query.set('crops', String(options.crops));
  if (options.fps) query.set('fps', String(options.fps));
  const openOnce = async (): Promise<{ page: Page; backend: string }> => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}?${query.toString()}`, { timeout: 120_000 });
      await page.waitForFunction(() => window.veritas !== undefined, undefined, { timeout: 120_000 });
      const info = await page.evaluate(() => window.veritas!.ready);
      return { page, backend: info.backend };
    } catch (e) {
      await page.close().catch(() => undefined);
      throw e;
    }
  };
  // A page is reopened after a file kills or stalls it. On a machine short of memory the new page's first load has
  // been seen to take over 30 s, which ended a 765-file evaluation at file 378: wait longer, and try three times.
  const open = async (): Promise<{ page: Page; backend: string }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await openOnce();
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  };
  let slots: { page: Page; backend: string }[];
  try {
    slots = await Promise.all(Array.from({ length: Math.max(1, options.pages ?? 1) }, () => open()));
  } catch (e) {
    await browser.close();
    await server.close();
    throw e;
  }
  const timeoutMs = options.timeoutMs ?? 300_000;

  const analyze = async (index: number, slot = 0): Promise<HiveResult> => {
    const current = slots[slot];
    if (!current) throw new RangeError(`no page slot ${slot}: the driver has ${slots.length}`);
    const path = options.files[index] ?? '';
    const filename = basename(path);
    const mimetype = mimeFromName(path);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) return buildErrorResponse({ code: '400', message: `No such file: ${path}`, filename, mimetype });
    // Cleared in `finally`: a million files must not leave a million pending 5-minute timers behind.
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        current.page.evaluate(
          async ({ url, name, type }) => {
            const blob = await (await fetch(url)).blob();
            return window.veritas!.analyzeFile(new File([blob], name, { type }));
          },
          { url: `/__cli/input/${index}`, name: filename, type: mimetype },
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      await current.page.close().catch(() => undefined);
      slots[slot] = await open();
      return buildErrorResponse({
        code: '500',
        message: `Internal failure while analysing this file: ${message}`,
        filename,
        mimetype,
      });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    analyze,
    page: (slot = 0) => {
      const current = slots[slot];
      if (!current) throw new RangeError(`no page slot ${slot}: the driver has ${slots.length}`);
      return current.page;
    },
    backend: slots[0]?.backend ?? 'unknown',
    userDataDir: browser.userDataDir,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
