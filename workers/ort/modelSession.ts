/**
 * Owns onnxruntime-web: configures it once, creates sessions lazily, and serialises runs (a session is not
 * re-entrant, and two concurrent runs on 2 cores only slow each other down).
 */
import * as ort from 'onnxruntime-web';
import { pickBackend, probeCapabilities, type Backend, type BackendChoice } from './backends';

let configured = false;

function configure(threads: number): void {
  if (configured) return;
  configured = true;
  // Without cross-origin isolation there are no wasm threads; with it, more than 4 rarely helps a small CNN.
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
}

export interface LoadedModel {
  session: ort.InferenceSession;
  backend: Backend;
  createMs: number;
  run(feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType>;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches a model from our own origin only, checks its digest, and creates the session. */
export async function loadModel(url: URL, expectedSha256: string, choice: BackendChoice): Promise<LoadedModel> {
  if (url.origin !== self.location.origin) throw new Error(`Refusing to load a model from another origin: ${url.href}`);
  const caps = await probeCapabilities();
  configure(caps.crossOriginIsolated ? Math.min(4, caps.hardwareConcurrency) : 1);
  const backend = pickBackend(choice, caps);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the model ${url.pathname}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const digest = await sha256Hex(bytes);
  if (expectedSha256 && digest !== expectedSha256) {
    throw new Error(`Model ${url.pathname} is corrupt or stale: sha256 ${digest} does not match its manifest`);
  }
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  const createMs = performance.now() - t0;
  let queue: Promise<unknown> = Promise.resolve();
  const run = (feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> => {
    const next = queue.then(() => session.run(feeds));
    queue = next.catch(() => undefined);
    return next;
  };
  return { session, backend, createMs, run };
}

export { ort };
