import { describe, expect, it } from 'vitest';
import { boxIou, mergeDetections, MIN_TILE_SIDE, planFaceTiles } from '../../src/core/faces/faceTiles';

describe('planFaceTiles', () => {
  it('covers a tall phone frame with overlapping tiles of half its short side', () => {
    const tiles = planFaceTiles(1080, 1920);
    expect(new Set(tiles.map((t) => t.side))).toEqual(new Set([540]));
    // every pixel lies in some tile
    for (const [px, py] of [
      [0, 0],
      [1079, 1919],
      [540, 960],
      [1079, 0],
    ] as const)
      expect(tiles.some((t) => px >= t.x && px < t.x + t.side && py >= t.y && py < t.y + t.side)).toBe(true);
    // tiles stay inside the picture
    for (const t of tiles) {
      expect(t.x + t.side).toBeLessThanOrEqual(1080);
      expect(t.y + t.side).toBeLessThanOrEqual(1920);
    }
    expect(tiles.length).toBeLessThanOrEqual(15);
  });

  it('gives no tiles where they would be smaller than the detector can use', () => {
    expect(planFaceTiles(2 * MIN_TILE_SIDE - 2, 4000)).toEqual([]);
    const side = 2 * MIN_TILE_SIDE;
    // two tiles would only touch; a face on the middle line needs a third, overlapping both
    expect(planFaceTiles(side, side).map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [96, 0],
      [192, 0],
      [0, 96],
      [96, 96],
      [192, 96],
      [0, 192],
      [96, 192],
      [192, 192],
    ]);
  });
});

describe('mergeDetections', () => {
  const face = (x: number, y: number, w: number, s: number) => ({
    box: { x, y, width: w, height: w },
    detection_score: s,
  });

  it('keeps the most confident of overlapping detections and both of separate ones', () => {
    const merged = mergeDetections([face(100, 100, 50, 0.7), face(105, 102, 50, 0.9), face(400, 100, 50, 0.6)]);
    expect(merged.map((f) => f.detection_score)).toEqual([0.9, 0.6]);
  });

  it('drops a face cut by a tile border when the whole face was found in the next tile', () => {
    // the cut one is mostly inside the whole one but their IoU is low
    const whole = face(100, 100, 80, 0.8);
    const cut = { box: { x: 100, y: 100, width: 30, height: 80 }, detection_score: 0.85 };
    expect(boxIou(whole.box, cut.box)).toBeLessThan(0.4);
    expect(mergeDetections([whole, cut])).toHaveLength(1);
  });
});
