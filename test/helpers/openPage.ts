/**
 * The start-up every real-browser test and bench shares: a loopback static server, the system Chromium, one page
 * with its uncaught errors collected from before its first script, opened on that server and (if asked) waited on
 * until ready. A failed start closes what it opened. openAppPage (the built app) and startPageHarness (a small test
 * page: the face, landmark and provenance-reader harnesses) are this with their own server root and ready check.
 */
import type { Page, Request } from 'playwright-core';
import { launchChromium, type LaunchedBrowser, type LaunchOptions } from '../../cli/chromium';
import { startStaticServer, type StaticServer, type StaticServerOptions } from '../../cli/staticServer';

export interface PageOptions {
  /** What the server serves, and how (cli/staticServer: root, mounts, sub-path, headers, a request hook). */
  server: StaticServerOptions;
  /** Opened relative to the server's URL: '?backend=wasm', 'index.html', '' for the server's root. */
  path: string;
  /** Chromium's extra flags (cli/chromium). */
  launch?: LaunchOptions;
  /** Sees every request of the browser (the page's and its workers'), from the first; `origin` is the server's. */
  onRequest?: (request: Request, origin: string) => void;
  /** Called with the new page before it opens `path`: to listen to it from its first event (console, requests). */
  onPage?: (page: Page) => void;
  /** Runs in the page before its own scripts (page.addInitScript), e.g. to wrap a browser API. */
  initScript?: () => void;
  /** Also told of each uncaught page error as it happens (`pageErrors` collects them regardless). */
  onPageError?: (message: string) => void;
  /** Resolves once the opened page is ready for the caller. */
  ready?: (page: Page) => Promise<void>;
}

export interface OpenedPage {
  page: Page;
  /** Messages of the page's uncaught errors, collected from before its first script. */
  pageErrors: string[];
  server: StaticServer;
  /** For more pages on the same server (`browser.context.newPage()`). */
  browser: LaunchedBrowser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

export async function openPage(options: PageOptions): Promise<OpenedPage> {
  const server = await startStaticServer(options.server);
  let browser: LaunchedBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server.close();
  };
  // A failed setup closes what it opened: the caller has no handle yet.
  try {
    browser = await launchChromium(options.launch);
    const { onRequest } = options;
    if (onRequest) {
      const origin = new URL(server.url).origin;
      browser.context.on('request', (request) => onRequest(request, origin));
    }
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => {
      pageErrors.push(e.message);
      options.onPageError?.(e.message);
    });
    options.onPage?.(page);
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(new URL(options.path, server.url).href);
    await options.ready?.(page);
    return { page, pageErrors, server, browser, close };
  } catch (e) {
    await close();
    throw e;
  }
}
