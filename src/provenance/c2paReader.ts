/**
 * C2PA through @contentauth/c2pa-web, entirely local:
 * - its wasm comes from our own origin (Vite `?url` emits `c2pa_bg-<hash>.wasm` as an asset; the page refuses to
 *   load it from anywhere else);
 * - remote manifest fetching, OCSP and time-stamp trust look-ups are off, and CAWG identity assertions are not
 *   decoded (their validation can resolve DIDs over the network);
 * - trust anchors: the C2PA Trust List shipped with the app (./trustList/, see ./trustListInfo.ts) as c2pa-rs's
 *   "system" anchors, and the PEM certificates the user added as its "user" anchors, so a Trusted result says which
 *   list vouched. c2pa-web *fetches* a trust setting that starts with "http" (or any array entry), so each is one
 *   string built from certificate blocks alone.
 * Runs in the detector worker; c2pa-web starts its own nested worker from a blob: URL (CSP `worker-src blob:`).
 */
import { createC2pa, type C2paSdk, type Settings } from '@contentauth/c2pa-web';
import wasmSrc from '@contentauth/c2pa-web/resources/c2pa.wasm?url';
import { anchorPem } from './anchors';
import c2paTrustListPem from './trustList/C2PA-TRUST-LIST.pem?raw';

/**
 * c2pa-web converts these keys to snake_case and hands them to c2pa-rs, which ignores keys it does not know, so
 * settings beyond c2pa-web's TypeScript type reach the Rust side too. Only scalars: its conversion turns an array
 * into a map, which c2pa-rs rejects ("invalid type: map, expected a sequence"), so `core.allowed_network_hosts`
 * cannot be set through it.
 */
interface LocalSettings extends Settings {
  verify: NonNullable<Settings['verify']> & {
    remoteManifestFetch: boolean;
    ocspFetch: boolean;
    verifyTimestampTrust: boolean;
  };
  core: { decodeIdentityAssertions: boolean };
}

/** The shipped list, sanitised like any anchor text (it is data, not code). */
const SYSTEM_ANCHORS = anchorPem([c2paTrustListPem]);

export function localSettings(trustAnchorsPem: readonly string[]): Settings {
  const settings: LocalSettings = {
    verify: {
      verifyTrust: true,
      verifyAfterReading: true,
      remoteManifestFetch: false,
      ocspFetch: false,
      verifyTimestampTrust: false,
    },
    cawgTrust: { verifyTrustList: false },
    core: { decodeIdentityAssertions: false },
  };
  const user = anchorPem(trustAnchorsPem);
  settings.trust = { trustAnchors: SYSTEM_ANCHORS, ...(user !== '' ? { userAnchors: user } : {}) };
  return settings;
}

let sdk: Promise<C2paSdk> | undefined;

export interface C2paRead {
  /** The manifest store (JSON), null when the file has none. */
  store: unknown;
  error: string | null;
}

export function readC2pa(bytes: Uint8Array, mime: string, trustAnchorsPem: readonly string[]): Promise<C2paRead> {
  return readC2paBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), mime, trustAnchorsPem);
}

/** Reads the manifest store of `blob`; never throws. A file without a manifest gives `{ store: null, error: null }`. */
export async function readC2paBlob(blob: Blob, mime: string, trustAnchorsPem: readonly string[]): Promise<C2paRead> {
  try {
    const wasm = new URL(wasmSrc, self.location.href);
    if (wasm.origin !== self.location.origin)
      return { store: null, error: `C2PA reader refused: its wasm (${wasm.origin}) is not on this origin` };
    sdk ??= createC2pa({ wasmSrc: wasm.href, settings: localSettings([]) }).catch((e: unknown) => {
      sdk = undefined; // let a later file try again
      throw e;
    });
    const c2pa = await sdk;
    const reader = await c2pa.reader.fromBlob(mime, blob, localSettings(trustAnchorsPem));
    if (!reader) return { store: null, error: null };
    try {
      const store: unknown = await reader.manifestStore();
      return { store: jsonSafe(store), error: null };
    } finally {
      await reader.free().catch(() => undefined);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // c2pa-web answers null for JumbfNotFound; other "no manifest" phrasings are not errors either.
    if (/JumbfNotFound|ManifestNotFound|no manifest|ProvenanceMissing/i.test(message))
      return { store: null, error: null };
    if (/UnsupportedFormat/i.test(e instanceof Error ? e.name : '')) return { store: null, error: null };
    return { store: null, error: `C2PA manifest could not be read: ${message.slice(0, 300)}` };
  }
}

/** The store goes into `response.provenance` and through postMessage: keep it plain JSON, bounded. */
function jsonSafe(v: unknown): unknown {
  const text = JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? `<${x.length} bytes>` : x,
  );
  if (text === undefined) return null;
  if (text.length > 4_000_000)
    return { truncated: true, reason: `manifest store too large to include (${text.length} characters)` };
  return JSON.parse(text) as unknown;
}
