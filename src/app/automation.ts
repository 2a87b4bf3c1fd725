/**
 * A small programmatic door into the page for the CLI and the browser tests: the same worker, model and
 * settings as the UI, without rendering 300 result cards. Files reach it from the page's own origin.
 */
import type { ProgressEvent } from '../core/progress';
import type { HiveResult } from '../core/response';
import type { InitInfo } from '../../workers/detector.worker';
import type { DetectorClient, WorkerFault } from './detectorClient';
import { clientSettings, type Settings } from './settings';

export interface Automation {
  ready: Promise<InitInfo>;
  analyzeFile(file: File): Promise<HiveResult>;
  /** Every fallback-decoder load announced while analysing (the page shows them as progress text). */
  decoderLoads: Extract<ProgressEvent, { kind: 'loading-decoder' }>[];
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
  const decoderLoads: Automation['decoderLoads'] = [];
  window.veritas = {
    ready: client.init(),
    ...(new URL(window.location.href).searchParams.get('testHooks') === '1'
      ? {
          testing: {
            injectFault: (fault) => client.injectFault(fault),
            workersStarted: () => client.workersStarted,
            longestSilenceMs: () => client.longestSilenceMs,
          },
        }
      : {}),
    decoderLoads,
    analyzeFile: (file) =>
      client.analyzeFile(new AbortController().signal, file, clientSettings(settings), (p) => {
        if (p.kind === 'loading-decoder') decoderLoads.push(p);
      }),
  };
}
