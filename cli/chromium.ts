/**
 * Launching the system Chromium (never a downloaded browser). Flags from PITFALLS.md: they let it run as root,
 * headless, and keep it from calling out (background networking, component updates, sync).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export function findChromium(): string | null {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

export interface LaunchOptions {
  /** Adds --enable-unsafe-webgpu so WebGPU works (on a CPU-only machine, through SwiftShader). */
  webgpu?: boolean;
  /** Flags beyond these, e.g. a --host-resolver-rules that lets only the test's own server resolve. */
  args?: readonly string[];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** The fresh profile folder; it is on every Chromium process's command line, so it also names them (bench CPU time). */
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium found: install Debian chromium (apt-get install -y chromium) or set CHROME_PATH');
  const userDataDir = mkdtempSync(join(tmpdir(), 'veritas-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  args.push(...(options.args ?? []));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
