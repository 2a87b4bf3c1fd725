/**
 * The one place that knows onnxruntime-web's execution providers. Probed once, in priority order; the user's
 * choice (`?backend=`, CLI `--backend`) wins when it is available and fails loudly, naming the choices, when not.
 */
export const BACKENDS = Object.freeze(['webgpu', 'wasm'] as const);
export type Backend = (typeof BACKENDS)[number];
export type BackendChoice = Backend | 'auto';

export function parseBackendChoice(value: string | null | undefined): BackendChoice {
  if (value === null || value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKENDS as readonly string[]).includes(value)) return value as Backend;
  throw new Error(`Unknown backend "${value}": choose one of auto, ${BACKENDS.join(', ')}`);
}

export interface Capabilities {
  webgpu: boolean;
  /** A software (fallback) adapter such as SwiftShader: 10-40x slower than WASM here (PITFALLS.md). */
  webgpuFallbackAdapter: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

let probed: Promise<Readonly<Capabilities>> | undefined;

/** Capabilities are detected once per worker into a frozen object. */
export function probeCapabilities(): Promise<Readonly<Capabilities>> {
  probed ??= (async () => {
    const gpu = (navigator as { gpu?: GpuLike }).gpu;
    let adapter: GpuAdapterLike | null;
    try {
      adapter = gpu ? await gpu.requestAdapter() : null;
    } catch {
      adapter = null;
    }
    return Object.freeze({
      webgpu: adapter !== null,
      webgpuFallbackAdapter:
        adapter !== null && (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
      crossOriginIsolated: globalThis.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency || 1,
    });
  })();
  return probed;
}

/**
 * Auto picks WebGPU only on a real (non-fallback) adapter: on small CNNs WASM wins otherwise, and the bench
 * (`npm run bench`) keeps that rule honest.
 */
export function pickBackend(choice: BackendChoice, caps: Capabilities): Backend {
  if (choice === 'wasm') return 'wasm';
  if (choice === 'webgpu') {
    if (!caps.webgpu)
      throw new Error('Backend "webgpu" was requested but this browser has no WebGPU adapter; use "wasm" or "auto"');
    return 'webgpu';
  }
  return caps.webgpu && !caps.webgpuFallbackAdapter ? 'webgpu' : 'wasm';
}
