/**
 * HEIC / HEIF stills in browsers that have no HEIF decoder (all but Safari): libheif (LGPL-3.0, WebAssembly,
 * libde265 inside) from the npm package libheif-js, loaded by a dynamic import the first time a HEIC file arrives,
 * its wasm served from the app's own origin. libheif applies the primary item's `irot` / `imir` / `clap`, which is
 * how HEIF says orientation; an EXIF Orientation inside a HEIF file is informative only (HEIF spec, and what
 * Safari and libheif do), so it is not applied a second time.
 */
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import type { LibHeif } from 'libheif-js/libheif-wasm/libheif.js';
import { MediaError } from '../MediaError';
import { fetchFallbackAsset, type FallbackListener } from '../fallback/fallbackAsset';

export interface HeifPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

let module: Promise<LibHeif> | undefined;

function load(onFetch?: FallbackListener): Promise<LibHeif> {
  module ??= (async () => {
    const [glue, wasmBinary] = await Promise.all([
      import('libheif-js/libheif-wasm/libheif.js'),
      fetchFallbackAsset(wasmUrl, 'HEIF image decoder', onFetch),
    ]);
    return glue.default({ wasmBinary });
  })();
  module.catch(() => (module = undefined));
  return module;
}

export async function decodeHeif(bytes: Uint8Array, onFetch?: FallbackListener): Promise<HeifPixels> {
  let lib: LibHeif;
  try {
    lib = await load(onFetch);
  } catch (e) {
    throw new MediaError(500, `The HEIF decoder could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  const decoder = new lib.HeifDecoder();
  try {
    const images = decoder.decode(bytes);
    const image = images.find((i) => i.is_primary()) ?? images[0];
    if (!image) throw new MediaError(400, 'The HEIC image could not be decoded: the file is corrupt or truncated');
    try {
      const width = image.get_width();
      const height = image.get_height();
      const target = { data: new Uint8ClampedArray(width * height * 4) };
      const out = await new Promise<{ data: Uint8ClampedArray } | null>((resolve) => image.display(target, resolve));
      if (!out)
        throw new MediaError(400, 'The HEIC image could not be decoded: its coded picture is corrupt or truncated');
      return { width, height, data: target.data };
    } finally {
      for (const i of images) i.free();
    }
  } catch (e) {
    if (e instanceof MediaError) throw e;
    // A wasm abort or out-of-memory leaves the module unusable: the next HEIC file gets a fresh instance.
    module = undefined;
    throw new MediaError(400, `The HEIC decoder failed on this file (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    if (decoder.decoder) lib.heif_context_free(decoder.decoder);
  }
}
