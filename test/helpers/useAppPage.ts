/**
 * A describe block's app page: opened (openAppPage) before its tests, closed after them. Options may be a function,
 * called in beforeAll, for a root made there (a copy of the build). Outside a test or hook the handle throws.
 */
import { afterAll, beforeAll } from 'vitest';
import { openAppPage, type AppPage, type AppPageOptions } from './openAppPage';

export function useAppPage(options: AppPageOptions | (() => AppPageOptions)): AppPage {
  let opened: AppPage | undefined;
  beforeAll(async () => {
    opened = await openAppPage(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await opened?.close();
  });
  const app = (): AppPage => {
    if (!opened) throw new Error('the app page opens in beforeAll: use it in a test or a later hook');
    return opened;
  };
  return {
    get page() {
      return app().page;
    },
    get pageErrors() {
      return app().pageErrors;
    },
    get server() {
      return app().server;
    },
    get browser() {
      return app().browser;
    },
    close: () => app().close(),
  };
}
