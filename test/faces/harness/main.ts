import * as Comlink from 'comlink';
import type { FaceHarnessApi } from '../../../workers/faces/harness.worker';

const worker = new Worker(new URL('../../../workers/faces/harness.worker.ts', import.meta.url), { type: 'module' });
(window as unknown as { faces: Comlink.Remote<FaceHarnessApi> }).faces = Comlink.wrap<FaceHarnessApi>(worker);
document.body.dataset.ready = '1';
