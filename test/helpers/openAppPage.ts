/**
 * The setup most real-browser tests share: the built app (dist/) on a loopback server, the system Chromium, one page
 * on the app with a query, its uncaught errors collected, and (unless asked not to) its worker initialised. Tests with
 * other needs set up their own: another build or a service-worker flow (test/pwa), a page that is not the app (the
 * face, reader, bench and memory harnesses).
 */
import type { Page, Request } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from '../../cli/chromium';
import { startStaticServer, type StaticServer } from '../../cli/staticServer';
import { distDir, requireBuilt } from './browser';
// Brings the page's window.veritas declaration into the Node-side type check.
import type {} from '../../src/app/automation';

export interface AppPageOptions {
  /** The page's query string, without '?': e.g. 'backend=wasm&faces=0&crops=1'. */
  query: string;
  /** Runs in the page before the app's own scripts (page.addInitScript), e.g. to wrap a browser API. */
  initScript?: () => void;
  /** Sees every request of the browser (the page's and its workers'), from the first; `origin` is the server's. */
  onRequest?: (request: Request, origin: string) => void;
  /**
   * Wait for `window.veritas.ready` (the worker initialised and its model loaded) before returning. Default true;
   * false for a test whose subject is the loading itself.
   */
  waitReady?: boolean;
}

export interface AppPage {
  page: Page;
  /** Messages of the page's uncaught errors, collected from before its first script. */
  pageErrors: string[];
  server: StaticServer;
  /** For more pages on the same server (`browser.context.newPage()`). */
  browser: LaunchedBrowser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

export async function openAppPage(options: AppPageOptions): Promise<AppPage> {
  requireBuilt();
  const server = await startStaticServer({ root: distDir });
  let browser: LaunchedBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server.close();
  };
  // A failed setup closes what it opened: the caller's afterAll has no handle yet.
  try {
    browser = await launchChromium();
    const { onRequest } = options;
    if (onRequest) {
      const origin = new URL(server.url).origin;
      browser.context.on('request', (request) => onRequest(request, origin));
    }
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(`${server.url}?${options.query}`);
    if (options.waitReady ?? true) {
      await page.waitForFunction(() => window.veritas !== undefined, undefined, { timeout: 60_000 });
      await page.evaluate(() => window.veritas!.ready);
    }
    return { page, pageErrors, server, browser, close };
  } catch (e) {
    await close();
    throw e;
  }
}
