/** bench.html: hands the benchmark worker to the Node bench driver as `window.veritasBench`. */
import * as Comlink from 'comlink';
import type { BenchApi } from '../../workers/bench.worker';

declare global {
  interface Window {
    veritasBench?: Comlink.Remote<BenchApi>;
  }
}

window.veritasBench = Comlink.wrap<BenchApi>(
  new Worker(new URL('../../workers/bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' }),
);
document.body.dataset.ready = 'true';
