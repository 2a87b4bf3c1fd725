/**
 * Test worker: runs the real provenance reader (c2pa-web included) in a module worker, as the app does.
 */
import { readProvenance } from '../../../src/provenance/index';
import { readVideoProvenance } from '../../../src/provenance/videoProvenance';
import type { FromWorker, ToWorker } from './protocol';

// Typed by hand: this file is type-checked with the node config (DOM lib), not the WebWorker lib.
interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(m: FromWorker): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e: MessageEvent<ToWorker>) => void handle(e);

async function handle(e: MessageEvent<ToWorker>): Promise<void> {
  const m = e.data;
  const t0 = performance.now();
  const reply = (r: Omit<FromWorker, 'id' | 'ms'>): void =>
    scope.postMessage({ id: m.id, ms: performance.now() - t0, ...r } satisfies FromWorker);
  try {
    if (m.kind === 'probe') {
      await fetch(m.url).catch(() => undefined);
      reply({ report: null, error: null });
      return;
    }
    const bytes = new Uint8Array(await (await fetch(m.url)).arrayBuffer());
    const report =
      m.mode === 'videoBlob'
        ? await readVideoProvenance(new Blob([bytes], { type: m.mime }), m.mime, m.options)
        : await readProvenance(bytes, m.mime, m.options);
    reply({ report, error: null });
  } catch (err) {
    // readProvenance must never throw: the test asserts error === null.
    reply({ report: null, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
}
