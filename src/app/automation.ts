/**
 * A small programmatic door into the page for the CLI and the browser tests: the same worker, model and
 * settings as the UI, without rendering 300 result cards. Files reach it from the page's own origin.
 */
import type { HiveResult } from '../core/response';
import type { InitInfo } from '../../workers/detector.worker';
import type { DetectorClient } from './detectorClient';
import type { Settings } from './settings';

export interface Automation {
  ready: Promise<InitInfo>;
  analyzeFile(file: File): Promise<HiveResult>;
}

declare global {
  interface Window {
    veritas?: Automation;
  }
}

export function installAutomation(client: DetectorClient, settings: Settings): void {
  window.veritas = {
    ready: client.init(),
    analyzeFile: (file) => client.analyzeFile(new AbortController().signal, file, { metadata: settings.metadata, trustAnchorsPem: settings.trustAnchorsPem ?? [], sampling: { fps: settings.fps, maxFrames: settings.maxFrames } }),
  };
}
