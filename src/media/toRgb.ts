/**
 * RGBA -> RGB for the classifiers, with alpha flattened onto BLACK.
 *
 * Why black: a 2D canvas stores premultiplied alpha, so where alpha is 0 the browser has already thrown the colour
 * away and `getImageData` gives (0, 0, 0, 0); black is the only background that agrees with those pixels. Flattening
 * on black is also exactly the premultiplied value, so partly transparent pixels need no un-premultiply rounding
 * (which amplifies 8-bit noise at low alpha into colours the generator never produced). For opaque pixels, the
 * vast majority of what is checked, it changes nothing. White would paint bright halos around cut-outs that the
 * model would read as edges. The training side should do the same: composite RGBA onto black before
 * `convert('RGB')` (PIL's convert drops alpha and keeps whatever colour is stored under transparent pixels).
 */
export interface RgbImage {
  width: number;
  height: number;
  /** Interleaved R, G, B; 3 bytes per pixel, row-major. */
  data: Uint8Array;
}

export function toRgb(image: { width: number; height: number; data: Uint8ClampedArray | Uint8Array }): RgbImage {
  const n = image.width * image.height;
  const src = image.data;
  if (src.length < n * 4)
    throw new RangeError(`toRgb: ${image.width} x ${image.height} needs ${n * 4} RGBA bytes, got ${src.length}`);
  const out = new Uint8Array(n * 3);
  for (let i = 0, o = 0; i < n * 4; i += 4, o += 3) {
    const a = src[i + 3]!;
    if (a === 255) {
      out[o] = src[i]!;
      out[o + 1] = src[i + 1]!;
      out[o + 2] = src[i + 2]!;
    } else {
      // round(c * a / 255), exactly, without a division: t = c*a + 128; (t + (t >> 8)) >> 8.
      for (let c = 0; c < 3; c++) {
        const t = src[i + c]! * a + 128;
        out[o + c] = (t + (t >> 8)) >> 8;
      }
    }
  }
  return { width: image.width, height: image.height, data: out };
}
