/**
 * Fallback decoders (HEIF, ffmpeg) are WebAssembly files served from the app's own origin, fetched only when a
 * file needs one and kept out of the service worker's precache (they are large and most users never need them).
 * The service worker caches them at first use (vite.config.ts, runtime caching), so they work offline afterwards.
 * The page is told before a first fetch, with its size, so a 30 MB download never happens silently.
 */
export interface FallbackFetch {
  /** What is being fetched, for people ("HEIF image decoder"). */
  name: string;
  /** Size from Content-Length; null when the server does not say. */
  bytes: number | null;
  /** True when no cache holds it yet: this is a network fetch from the app's origin, not a cache read. */
  firstUse: boolean;
}

export type FallbackListener = (event: FallbackFetch) => void;

/** The Cache Storage name the service worker keeps fallback decoders in (vite.config.ts uses the same). */
export const DECODER_CACHE = 'veritas-decoders';

async function isCached(url: string): Promise<boolean> {
  try {
    return typeof caches !== 'undefined' && (await caches.match(url)) !== undefined;
  } catch {
    return false;
  }
}

/** Same-origin check (STYLE.md §6): a decoder URL that would leave the app's origin is a build error, not a fetch. */
function assertSameOrigin(url: URL): void {
  if (url.origin !== self.location.origin)
    throw new Error(`Refusing to fetch a decoder from another origin: ${url.href}`);
}

export async function fetchFallbackAsset(url: string, name: string, onFetch?: FallbackListener): Promise<ArrayBuffer> {
  const abs = new URL(url, self.location.href);
  assertSameOrigin(abs);
  const firstUse = !(await isCached(abs.href));
  const response = await fetch(abs.href);
  if (!response.ok) throw new Error(`The ${name} could not be loaded from this site (HTTP ${response.status})`);
  const length = Number(response.headers.get('content-length'));
  onFetch?.({ name, bytes: Number.isFinite(length) && length > 0 ? length : null, firstUse });
  return response.arrayBuffer();
}
