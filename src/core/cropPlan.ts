/**
 * Where the classifier looks. Generator traces live in the pixel grid, and resizing smears them, so the model
 * sees native-resolution crops; only images smaller than a crop are upscaled, as little as needed, and the
 * training code (training/) does exactly the same.
 */
export interface Crop {
  x: number;
  y: number;
}

export interface CropPlan {
  /** Scale applied to the whole image first (1 unless the short side is below `size`). */
  scale: number;
  width: number;
  height: number;
  size: number;
  crops: Crop[];
}

/**
 * Centre first, then the four corners: the centre usually holds the subject, the corners hold the flat
 * backgrounds where upsampling artefacts are most visible. Opposite corners come first, so that a plan cut to
 * 2 or 3 crops (video frames, `--crops`) still spans the picture. Duplicates (small images) are dropped.
 */
export function planCrops(width: number, height: number, size: number, maxCrops: number): CropPlan {
  if (!(width > 0 && height > 0 && size > 0)) throw new RangeError(`Cannot plan crops for ${width}x${height}`);
  const short = Math.min(width, height);
  const scale = short < size ? size / short : 1;
  const w = Math.max(size, Math.round(width * scale));
  const h = Math.max(size, Math.round(height * scale));
  const cx = Math.floor((w - size) / 2);
  const cy = Math.floor((h - size) / 2);
  const candidates: Crop[] = [
    { x: cx, y: cy },
    { x: 0, y: 0 },
    { x: w - size, y: h - size },
    { x: w - size, y: 0 },
    { x: 0, y: h - size },
  ];
  const seen = new Set<string>();
  const crops: Crop[] = [];
  for (const c of candidates) {
    const key = `${c.x},${c.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    crops.push(c);
    if (crops.length >= Math.max(1, maxCrops)) break;
  }
  return { scale, width: w, height: h, size, crops };
}
