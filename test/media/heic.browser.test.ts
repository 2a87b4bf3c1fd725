/**
 * HEIC stills decoded in real Chromium by the WebAssembly libheif (Chromium has no HEIF decoder): an iPhone-sized
 * 12-megapixel photo, EXIF read from the HEIF Exif item, `irot` / `imir` applied as libheif's own tool applies them,
 * and the decoder announced to the page the first time it is fetched. Files are made at test time (ffmpeg + heif-enc).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, inCi, skipBrowser } from '../helpers/browser';
import { ffmpegPath, makeClip } from '../helpers/clips';
import { HEIF_SKIP_REASON, heifEnc, heifEncPath, withExif, withTransform } from '../helpers/heif';
import { useAppPage } from '../helpers/useAppPage';

const skip = skipBrowser || ((!ffmpegPath || !heifEncPath) && !inCi);
const reason = skipBrowser
  ? BROWSER_SKIP_REASON
  : !ffmpegPath
    ? 'skipped: ffmpeg not installed; CI runs these'
    : HEIF_SKIP_REASON;

describe.skipIf(skip)(`HEIC in Chromium${skip ? ` (${reason})` : ''}`, () => {
  const app = useAppPage({ query: 'backend=wasm&faces=0' });
  const dir = mkdtempSync(join(tmpdir(), 'veritas-heic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a 12-megapixel HEIC gets status 0 at its full size, and the first fetch of the decoder is announced with its size', async () => {
    const jpeg = makeClip(dir, 'big.jpg', [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=4032x3024',
      '-frames:v',
      '1',
      '-q:v',
      '3',
    ]);
    const heic = heifEnc(jpeg, join(dir, 'big.heic'), 60);
    const r = await analyzeViaHook(app.page, heic, 'IMG_0001.HEIC', 'image/heic');
    const e = r.status[0]!;
    expect(e.status.code, e.status.message).toBe('0');
    expect(e.response.input.media).toMatchObject({ type: 'PHOTO', width: 4032, height: 3024, mimetype: 'image/heic' });
    const loads = await app.page.evaluate(() => window.veritas!.decoderLoads);
    expect(loads[0]).toMatchObject({ kind: 'loading-decoder', name: 'HEIF image decoder', firstUse: true });
    expect(loads[0]!.bytes).toBeGreaterThan(1_000_000);
    // Second file: the decoder is already instantiated, nothing is fetched or announced again.
    const again = await analyzeViaHook(app.page, heic, 'IMG_0002.HEIC', 'image/heic');
    expect(again.status[0]!.status.code).toBe('0');
    console.log(
      `12 MP HEIC decode_ms: first ${e.response.timing?.decode_ms} (includes loading the decoder), warm ${again.status[0]!.response.timing?.decode_ms}`,
    );
    expect(await app.page.evaluate(() => window.veritas!.decoderLoads.length)).toBe(1);
  }, 120_000);

  it("EXIF (Make, Model) is read from the HEIF Exif item; irot turns the answer's size (pixels: heifTransforms.test.ts)", async () => {
    const src = makeClip(dir, 'src.jpg', ['-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1', '-q:v', '2']);
    const exifJpeg = join(dir, 'exif.jpg');
    writeFileSync(exifJpeg, withExif(readFileSync(src), 'Apple', 'iPhone 15 Pro', 6));
    const plain = heifEnc(exifJpeg, join(dir, 'plain.heic'), 80);
    const cases: [string, Buffer, number, number][] = [
      ['plain', plain, 640, 480],
      ['irot1', withTransform(plain, { irot: 1 }), 480, 640],
      ['imir1', withTransform(plain, { imir: 1 }), 640, 480],
      ['irot3imir0', withTransform(plain, { irot: 3, imir: 0 }), 480, 640],
    ];
    for (const [name, bytes, width, height] of cases) {
      const r = await analyzeViaHook(app.page, bytes, `${name}.heic`, 'image/heic');
      const e = r.status[0]!;
      expect(e.status.code, `${name}: ${e.status.message}`).toBe('0');
      expect(e.response.input.media, name).toMatchObject({ width, height });
      expect(
        (e.response.provenance as { exif?: Record<string, unknown> } | null | undefined)?.exif,
        name,
      ).toMatchObject({ Make: 'Apple', Model: 'iPhone 15 Pro' });
    }
  });

  it("the result card shows a preview of the HEIC (the page cannot decode it: the worker's libheif does)", async () => {
    const src = makeClip(dir, 'p.jpg', ['-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1']);
    const heic = heifEnc(src, join(dir, 'p.heic'));
    await app.page
      .getByTestId('file-input')
      .setInputFiles({ name: 'IMG_0003.HEIC', mimeType: 'image/heic', buffer: heic });
    const img = app.page.locator('article.resultcard header img').first();
    await img.waitFor({ timeout: 60_000 });
    const drawn = await img.evaluate(async (el: HTMLImageElement) => {
      await el.decode();
      return { src: el.src, width: el.naturalWidth, height: el.naturalHeight };
    });
    expect(drawn.src).toMatch(/^blob:/);
    expect(drawn).toMatchObject({ width: 640, height: 480 });
  }, 120_000);

  it('a corrupt HEIC fails alone with a clear 400, and the next file is analysed', async () => {
    const src = makeClip(dir, 'c.jpg', ['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1']);
    const heic = heifEnc(src, join(dir, 'c.heic'));
    const cut = heic.subarray(0, Math.floor(heic.length * 0.6));
    const bad = await analyzeViaHook(app.page, cut, 'cut.heic', 'image/heic');
    expect(bad.status[0]!.status.code).toBe('400');
    expect(bad.status[0]!.status.message).toMatch(/HEIC/);
    const good = await analyzeViaHook(app.page, heic, 'c.heic', 'image/heic');
    expect(good.status[0]!.status.code).toBe('0');
  });
});
