/**
 * The pixels of HEIF orientation, in node, through the same libheif WebAssembly build the worker loads
 * (src/media/heif/decodeHeif.ts relies on libheif applying `irot` / `imir` when it decodes): a picture with a
 * blue top-left quadrant on red must come out with the blue quadrant where the transform puts it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LibHeif } from 'libheif-js/libheif-wasm/libheif.js';
import { inCi } from '../helpers/browser';
import { ffmpegPath, makeClip } from '../helpers/clips';
import { HEIF_SKIP_REASON, heifEnc, heifEncPath, withTransform } from '../helpers/heif';

const skip = (!ffmpegPath || !heifEncPath) && !inCi;

async function decode(
  lib: LibHeif,
  bytes: Uint8Array,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = new lib.HeifDecoder().decode(bytes)[0]!;
  const width = image.get_width();
  const height = image.get_height();
  const target = { data: new Uint8ClampedArray(width * height * 4) };
  await new Promise((resolve) => image.display(target, resolve));
  image.free();
  return { width, height, data: target.data };
}

/** Which quadrant is blue: 'tl' | 'tr' | 'bl' | 'br', judged at each quadrant's centre. */
function blueQuadrant(img: { width: number; height: number; data: Uint8ClampedArray }): string {
  const at = (x: number, y: number): number => {
    const k = (Math.floor(y) * img.width + Math.floor(x)) * 4;
    return img.data[k + 2]! - img.data[k]!;
  };
  const q = {
    tl: at(img.width / 4, img.height / 4),
    tr: at((3 * img.width) / 4, img.height / 4),
    bl: at(img.width / 4, (3 * img.height) / 4),
    br: at((3 * img.width) / 4, (3 * img.height) / 4),
  };
  return Object.entries(q).sort((a, b) => b[1] - a[1])[0]![0];
}

describe.skipIf(skip)(`HEIF irot / imir pixels${skip ? ` (${HEIF_SKIP_REASON})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-heif-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('irot turns anticlockwise, imir mirrors, in the order the file lists them', async () => {
    const jpeg = makeClip(dir, 'q.jpg', [
      '-f',
      'lavfi',
      '-i',
      'color=red:size=320x240,drawbox=x=0:y=0:w=160:h=120:color=blue:t=fill',
      '-frames:v',
      '1',
      '-q:v',
      '2',
    ]);
    const plain = heifEnc(jpeg, join(dir, 'q.heic'), 90);
    const require = createRequire(import.meta.url);
    const factory = require('libheif-js/libheif-wasm/libheif.js') as (o: { wasmBinary: Buffer }) => LibHeif;
    const lib = factory({ wasmBinary: readFileSync(require.resolve('libheif-js/libheif-wasm/libheif.wasm')) });
    const cases: [string, Buffer, string, [number, number]][] = [
      ['plain', plain, 'tl', [320, 240]],
      ['irot 1 (90° anticlockwise)', withTransform(plain, { irot: 1 }), 'bl', [240, 320]],
      ['irot 3 (270°)', withTransform(plain, { irot: 3 }), 'tr', [240, 320]],
      // libheif: imir 0 flips top-bottom, 1 left-right (heif_transform_mirror_direction).
      ['imir 0 (top-bottom)', withTransform(plain, { imir: 0 }), 'bl', [320, 240]],
      ['imir 1 (left-right)', withTransform(plain, { imir: 1 }), 'tr', [320, 240]],
      ['irot 1 then imir 0', withTransform(plain, { irot: 1, imir: 0 }), 'tl', [240, 320]],
      ['irot 1 then imir 1', withTransform(plain, { irot: 1, imir: 1 }), 'br', [240, 320]],
    ];
    for (const [name, bytes, quadrant, [w, h]] of cases) {
      const img = await decode(lib, bytes);
      expect([img.width, img.height], name).toEqual([w, h]);
      expect(blueQuadrant(img), name).toBe(quadrant);
    }
  });
});
