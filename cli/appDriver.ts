/**
 * Drives the BUILT app in one headless Chromium for a whole run: one browser, one page, files fed one after
 * another through the page's own automation hook (src/app/automation.ts). If the page dies, the file it was
 * on gets a 500 line and a fresh page takes over.
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
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.avif': 'image/avif',
  '.gif': 'image/gif', '.bmp': 'image/bmp', '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime',
  '.webm': 'video/webm', '.mkv': 'video/x-matroska', '.heic': 'image/heic', '.heif': 'image/heif', '.avi': 'video/x-msvideo',
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
}

export interface AppDriver {
  analyze(index: number): Promise<HiveResult>;
  page(): Page;
  close(): Promise<void>;
  backend: string;
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
  const server: StaticServer = await startStaticServer({ root: dir, inputs: options.files });
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
  const open = async (): Promise<{ page: Page; backend: string }> => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}?${query.toString()}`);
    await page.waitForFunction(() => window.veritas !== undefined, undefined, { timeout: 60_000 });
    const info = await page.evaluate(() => window.veritas!.ready);
    return { page, backend: info.backend };
  };
  let current = await open();
  const timeoutMs = options.timeoutMs ?? 300_000;

  const analyze = async (index: number): Promise<HiveResult> => {
    const path = options.files[index] ?? '';
    const filename = basename(path);
    const mimetype = mimeFromName(path);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) return buildErrorResponse({ code: '400', message: `No such file: ${path}`, filename, mimetype });
    try {
      const result = await Promise.race([
        current.page.evaluate(
          async ({ url, name, type }) => {
            const blob = await (await fetch(url)).blob();
            return window.veritas!.analyzeFile(new File([blob], name, { type }));
          },
          { url: `/__cli/input/${index}`, name: filename, type: mimetype },
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs)),
      ]);
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      await current.page.close().catch(() => undefined);
      current = await open();
      return buildErrorResponse({ code: '500', message: `Internal failure while analysing this file: ${message}`, filename, mimetype });
    }
  };

  return {
    analyze,
    page: () => current.page,
    backend: current.backend,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
