/**
 * The built app in the system Chromium, as every browser test and bench of it starts: a build (dist/ unless another
 * is named) on a loopback server, one page on the app with a query, its uncaught errors collected, and (unless
 * asked not to) its worker initialised. The start-up itself is openPage's; useAppPage wraps this in a describe
 * block's hooks.
 */
import type { StaticServerOptions } from '../../cli/staticServer';
import { distDir, requireBuilt } from './browser';
import { openPage, type OpenedPage, type PageOptions } from './openPage';
// Brings the page's window.veritas declaration into the Node-side type check.
import type {} from '../../src/app/automation';

export interface AppPageOptions extends Pick<PageOptions, 'launch' | 'onRequest' | 'onPage' | 'initScript'> {
  /** The page's query string, without '?': e.g. 'backend=wasm&faces=0&crops=1'. None by default. */
  query?: string;
  /** The build to serve: dist/ by default; a copy of it, PWA_DIST or a bench's --dist otherwise. */
  root?: string;
  /** How to serve it beyond the root (cli/staticServer): a sub-path, headers, a request hook. */
  server?: Omit<StaticServerOptions, 'root'>;
  /**
   * Wait for `window.veritas.ready` (the worker initialised and its model loaded) before returning. Default true;
   * false for a test whose subject is the loading itself, or that waits on the page in its own way.
   */
  waitReady?: boolean;
}

export type AppPage = OpenedPage;

export function openAppPage(options: AppPageOptions = {}): Promise<AppPage> {
  const { query, root = distDir, server, waitReady = true, ...hooks } = options;
  requireBuilt(root);
  return openPage({
    ...hooks,
    server: { ...server, root },
    path: query ? `?${query}` : '',
    ...(waitReady ? { ready: workerReady } : {}),
  });
}

async function workerReady(page: OpenedPage['page']): Promise<void> {
  await page.waitForFunction(() => window.veritas !== undefined, undefined, { timeout: 60_000 });
  await page.evaluate(() => window.veritas!.ready);
}
