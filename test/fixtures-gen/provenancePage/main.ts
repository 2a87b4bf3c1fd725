/**
 * Test page: exposes `window.provenanceTest.read(url, mime, mode, options)`, answered by the worker.
 */
import type { ProvenanceOptions } from '../../../src/provenance/index';
import type { FromWorker, ReadMode, ToWorker } from './protocol';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const pending = new Map<number, (r: FromWorker) => void>();
let next = 0;
worker.onmessage = (e: MessageEvent<FromWorker>) => {
  pending.get(e.data.id)?.(e.data);
  pending.delete(e.data.id);
};

type Request = ToWorker extends infer T ? (T extends ToWorker ? Omit<T, 'id'> : never) : never;

function send(m: Request): Promise<FromWorker> {
  const id = next++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ ...m, id });
  });
}

const api = {
  read: (url: string, mime: string, mode: ReadMode, options: ProvenanceOptions) =>
    send({ kind: 'read', url, mime, mode, options }),
  probe: (url: string) => send({ kind: 'probe', url }),
};

export type ProvenanceTestApi = typeof api;

(window as unknown as { provenanceTest: ProvenanceTestApi }).provenanceTest = api;
document.body.dataset.ready = '1';
