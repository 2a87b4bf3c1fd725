/**
 * The face detector's second look. BlazeFace short range sees the whole picture squeezed to 128x128, so a face a
 * tenth of a tall frame's height (a person standing in a phone video, a streamer in a side-by-side comparison) is a
 * few input pixels and is not found: 22 of 426 sampled frames of the deepfake clips we hold, three whole files, had
 * no face although one is plainly there (`npm run eval:deepfake`, v6, 2026-12-06). When the whole picture gives no
 * face, the detector looks again at overlapping square tiles of half the short side, where such a face is four times
 * larger; detections from neighbouring tiles are merged.
 */

export interface Tile {
  x: number;
  y: number;
  side: number;
}

/** Tiles below this side gain nothing: the detector's own input is 128 px. */
export const MIN_TILE_SIDE = 192;
/** Share of a tile that its neighbour repeats, so a face on a tile border is whole in one of them. */
export const TILE_OVERLAP = 0.25;

/** Evenly spaced tile starts from 0 to length - side, neighbours at most `stride` apart. */
function starts(length: number, side: number, stride: number): number[] {
  const n = Math.ceil((length - side) / stride) + 1;
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - side)) / (n - 1)));
}

/** Square tiles of half the short side covering the picture; none when they would be too small to help. */
export function planFaceTiles(width: number, height: number): Tile[] {
  const side = Math.floor(Math.min(width, height) / 2);
  if (side < MIN_TILE_SIDE) return [];
  const stride = Math.max(1, Math.floor(side * (1 - TILE_OVERLAP)));
  const tiles: Tile[] = [];
  for (const y of starts(height, side, stride)) for (const x of starts(width, side, stride)) tiles.push({ x, y, side });
  return tiles;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boxIou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression: the most confident detection of each overlapping group is kept (a face on a tile
 * border is found in two tiles, once whole and once cut; the cut one scores lower or overlaps the whole one).
 */
export function mergeDetections<T extends { box: Box; detection_score: number }>(faces: readonly T[], iou = 0.3): T[] {
  const kept: T[] = [];
  for (const f of [...faces].sort((a, b) => b.detection_score - a.detection_score))
    if (kept.every((k) => boxIou(k.box, f.box) <= iou && !contains(k.box, f.box))) kept.push(f);
  return kept;
}

/** Most of `inner` lies inside `outer`: a part of a face found in one tile beside the whole face found in another. */
function contains(outer: Box, inner: Box): boolean {
  const w = Math.max(0, Math.min(outer.x + outer.width, inner.x + inner.width) - Math.max(outer.x, inner.x));
  const h = Math.max(0, Math.min(outer.y + outer.height, inner.y + inner.height) - Math.max(outer.y, inner.y));
  return inner.width * inner.height > 0 && (w * h) / (inner.width * inner.height) > 0.7;
}
