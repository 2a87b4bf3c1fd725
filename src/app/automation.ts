/**
 * A small programmatic door into the page for the CLI and the browser tests: the same worker, model and
 * settings as the UI, without rendering 300 result cards. Files reach it from the page's own origin.
 */
import type { HiveResult } from '../core/response';
import type { InitInfo } from '../../workers/detector.worker';
import type { DetectorClient, WorkerFault } from './detectorClient';
import { clientSettings, type Settings } from './settings';

export interface Automation {
  ready: Promise<InitInfo>;
  analyzeFile(file: File): Promise<HiveResult>;
  /** Only with `?testHooks=1`: lets the reliability tests crash the real worker and watch it come back. */
  testing?: {
    /** The next file sent to the worker is followed by a real uncaught error in the worker, or by killing it. */
    injectFault(fault: WorkerFault): void;
    workersStarted(): number;
    longestSilenceMs(): number;
  };
}

declare global {
  interface Window {
    veritas?: Automation;
  }
}

export function installAutomation(client: DetectorClient, settings: Settings): void {
  window.veritas = {
    ready: client.init(),
    ...(new URL(window.location.href).searchParams.get('testHooks') === '1'
      ? { testing: { injectFault: (fault) => client.injectFault(fault), workersStarted: () => client.workersStarted, longestSilenceMs: () => client.longestSilenceMs } }
      : {}),
    analyzeFile: (file) => client.analyzeFile(new AbortController().signal, file, clientSettings(settings)),
  };
}
