/**
 * C2PA through @contentauth/c2pa-web, entirely local: its wasm comes from our own origin (Vite `?url`), remote
 * manifest fetching and OCSP are off, and trust anchors are only those the user added. Runs in the detector
 * worker (c2pa-web starts its own nested worker from a blob: URL).
 */
import { createC2pa, type C2paSdk, type Settings } from '@contentauth/c2pa-web';
import wasmSrc from '@contentauth/c2pa-web/resources/c2pa.wasm?url';

/**
 * c2pa-web sends these settings to c2pa-rs as snake_case JSON, so keys beyond its TypeScript type reach the Rust
 * settings too: `remote_manifest_fetch` and `ocsp_fetch` off keep every read local.
 */
interface LocalSettings extends Settings {
  verify: NonNullable<Settings['verify']> & { remoteManifestFetch: boolean; ocspFetch: boolean; verifyTimestampTrust: boolean };
}

let sdk: Promise<C2paSdk> | undefined;

function local(trustAnchorsPem: readonly string[]): Settings {
  const settings: LocalSettings = {
    verify: { verifyTrust: true, verifyAfterReading: true, remoteManifestFetch: false, ocspFetch: false, verifyTimestampTrust: false },
    cawgTrust: { verifyTrustList: false },
  };
  // One joined PEM string, never an array: c2pa-web fetches each array entry as a URL.
  if (trustAnchorsPem.length > 0) settings.trust = { trustAnchors: trustAnchorsPem.join('\n') };
  return settings;
}

export interface C2paRead {
  store: unknown | null;
  error: string | null;
}

export function readC2pa(bytes: Uint8Array, mime: string, trustAnchorsPem: readonly string[]): Promise<C2paRead> {
  return readC2paBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), mime, trustAnchorsPem);
}

export async function readC2paBlob(blob: Blob, mime: string, trustAnchorsPem: readonly string[]): Promise<C2paRead> {
  const wasm = new URL(wasmSrc, self.location.href);
  if (wasm.origin !== self.location.origin) return { store: null, error: 'C2PA reader refused: its wasm is not on this origin' };
  try {
    sdk ??= createC2pa({ wasmSrc: wasm.href, settings: local([]) });
    const c2pa = await sdk;
    const reader = await c2pa.reader.fromBlob(mime, blob, local(trustAnchorsPem));
    if (!reader) return { store: null, error: null };
    try {
      return { store: await reader.manifestStore(), error: null };
    } finally {
      await reader.free();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // "no manifest" style answers are not errors.
    if (/JumbfNotFound|ManifestNotFound|no manifest|not found/i.test(message)) return { store: null, error: null };
    return { store: null, error: `C2PA manifest could not be read: ${message.slice(0, 300)}` };
  }
}
