/**
 * Bad-input rows that need the real page in Chromium: an animated GIF and an animated WebP (red first frame,
 * blue after) are analysed as videos with timestamps from their frame delays, a single-frame GIF as a photo; 16-bit, greyscale, alpha and CMYK images (made by ffmpeg and
 * PIL) are decoded and answered at their size; a signed JPEG with one byte flipped inside its C2PA manifest
 * (the JUMBF in APP11, not the image data) is still analysed, its manifest is not Valid, and its claims weigh
 * nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import type { C2paSummary } from '../../src/provenance/c2paSummary';
import { inspectImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { useAppPage } from '../helpers/useAppPage';
import { FFMPEG_SKIP_REASON, hasFfmpeg } from '../fixtures-gen/media';
import { canSign, makeChain, signAsset, SIGNING_UNAVAILABLE, TRAINED } from '../fixtures-gen/sign';

const PYTHON = '/usr/bin/python3';
const hasPil = ((): boolean => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import PIL'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

const analyse = analyzeViaHook;

/** The top-left pixel of what createImageBitmap decodes, with the options the worker's decodeImage uses. */
async function firstPixel(page: Page, bytes: Buffer, type: string): Promise<number[]> {
  return page.evaluate(
    async ({ b64, type }) => {
      const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type });
      const bitmap = await createImageBitmap(blob, {
        imageOrientation: 'from-image',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return Array.from(ctx.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data);
    },
    { b64: bytes.toString('base64'), type },
  );
}

const c2paOf = (r: HiveResult): C2paSummary | null =>
  (r.status[0]!.response.provenance as { c2pa: C2paSummary | null } | null)?.c2pa ?? null;

describe.skipIf(skipBrowser)(`bad input in the page${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  const app = useAppPage({ query: 'backend=wasm&faces=0&crops=1' });
  const dir = mkdtempSync(join(tmpdir(), 'veritas-bad-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.skipIf(!hasFfmpeg)(`animated images${hasFfmpeg ? '' : ` (${FFMPEG_SKIP_REASON})`}`, () => {
    /** One red frame (0.2 s), then three blue ones: any frame but the first is blue. */
    function animated(name: string, codec: string[]): Buffer {
      const out = join(dir, name);
      execFileSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-y',
          '-f',
          'lavfi',
          '-i',
          'color=c=red:s=64x48:r=5:d=0.2',
          '-f',
          'lavfi',
          '-i',
          'color=c=blue:s=64x48:r=5:d=0.6',
          '-filter_complex',
          '[0][1]concat=n=2:v=1',
          ...codec,
          '-loop',
          '0',
          out,
        ],
        { stdio: 'pipe', timeout: 30_000 },
      );
      return readFileSync(out);
    }

    it.for([
      ['GIF', 'anim.gif', [], 'image/gif'],
      ['WebP', 'anim.webp', ['-c:v', 'libwebp_anim', '-lossless', '1'], 'image/webp'],
    ] as const)(
      'animated %s: analysed as a video, timestamps from the frame delays (issue 21)',
      async ([, name, codec, type]) => {
        const bytes = animated(name, [...codec]);
        // The control: the file really holds more than one frame.
        if (type === 'image/webp') {
          expect(inspectImage(bytes, DEFAULT_LIMITS).header).toMatchObject({ animated: true });
          expect(bytes.toString('latin1').split('ANMF').length - 1).toBeGreaterThan(1);
        } else {
          const frames = execFileSync(
            'ffprobe',
            [
              '-v',
              'error',
              '-count_frames',
              '-select_streams',
              'v:0',
              '-show_entries',
              'stream=nb_read_frames',
              '-of',
              'csv=p=0',
              join(dir, name),
            ],
            { encoding: 'utf8' },
          );
          expect(Number(frames.trim())).toBeGreaterThan(1);
        }
        // What the browser's still-image decoder alone would see: the red first frame.
        const [r = 0, , b = 255] = await firstPixel(app.page, bytes, type);
        expect(r, 'red channel of the first frame').toBeGreaterThan(200);
        expect(b, 'blue channel of the first frame').toBeLessThan(60);
        const result = await analyse(app.page, bytes, name, type);
        const e = result.status[0]!;
        expect(e.status.code, e.status.message).toBe('0');
        // Four frames of 200 ms: 0.8 s, sampled at 0 s and at the last frame (0.75 s), as a clip would be.
        expect(e.response.input.media).toMatchObject({
          type: 'VIDEO',
          width: 64,
          height: 48,
          mimetype: type,
          duration: 0.8,
        });
        expect(e.response.input.media.num_frames).toBeGreaterThanOrEqual(2);
        expect(e.response.output.map((o) => o.time)).toEqual([0, 0.75]);
        expect(e.response.summary?.rule).toMatch(/trimmed mean/);
      },
    );

    it('a single-frame GIF is still a photo', async () => {
      const out = join(dir, 'one.gif');
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=64x48', '-frames:v', '1', out], {
        stdio: 'pipe',
        timeout: 30_000,
      });
      const result = await analyse(app.page, readFileSync(out), 'one.gif', 'image/gif');
      expectPhotoContract(result, 'one.gif');
    });
  });

  describe.skipIf(!hasFfmpeg)(`unusual pixel formats${hasFfmpeg ? '' : ` (${FFMPEG_SKIP_REASON})`}`, () => {
    /** A 123 x 45 test pattern (odd sizes catch off-by-one mistakes), encoded by ffmpeg with these arguments. */
    function encode(name: string, args: string[], alpha = false): Buffer {
      const source = alpha
        ? 'testsrc=size=123x45:rate=10,format=rgba,colorchannelmixer=aa=0.5'
        : 'testsrc=size=123x45:rate=10';
      execFileSync(
        'ffmpeg',
        ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', '1', ...args, join(dir, name)],
        { stdio: 'pipe', timeout: 30_000 },
      );
      return readFileSync(join(dir, name));
    }

    it.for([
      ['16-bit RGBA PNG', 'rgba16.png', ['-pix_fmt', 'rgba64be'], true, { bitDepth: 16, hasAlpha: true }],
      ['greyscale PNG', 'grey.png', ['-pix_fmt', 'gray'], false, { colorType: 0 }],
      ['PNG with alpha', 'alpha.png', ['-pix_fmt', 'rgba'], true, { hasAlpha: true }],
      ['WebP with alpha', 'alpha.webp', ['-c:v', 'libwebp'], true, { hasAlpha: true }],
    ] as const)('%s: header as expected, decoded and answered at its size', async ([, name, args, alpha, header]) => {
      const bytes = encode(name, [...args], alpha);
      expect(inspectImage(bytes, DEFAULT_LIMITS).header).toMatchObject({ width: 123, height: 45, ...header });
      const type = name.endsWith('.png') ? 'image/png' : name.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
      const result = await analyse(app.page, bytes, name, type);
      expectPhotoContract(result, name);
      expect(result.status[0]!.response.input.media).toMatchObject({ width: 123, height: 45 });
    });

    // ffmpeg's JPEG encoder writes only YCbCr; PIL writes CMYK (Adobe) and single-component greyscale JPEGs.
    it.skipIf(!hasPil).for([
      ['CMYK', 'CMYK', 4],
      ['greyscale', 'L', 1],
    ] as const)(
      `%s JPEG (PIL): components in the header, decoded and answered${hasPil ? '' : ' (skipped: /usr/bin/python3 with PIL is absent)'}`,
      async ([name, mode, components]) => {
        const src = join(dir, `${mode}-src.png`);
        writeFileSync(src, encode(`${mode}-src.png`, ['-pix_fmt', 'rgb24']));
        const out = join(dir, `${mode}.jpg`);
        execFileSync(
          PYTHON,
          [
            '-c',
            'import sys; from PIL import Image; Image.open(sys.argv[1]).convert(sys.argv[3]).save(sys.argv[2], "JPEG", quality=90)',
            src,
            out,
            mode,
          ],
          { stdio: 'pipe', timeout: 30_000 },
        );
        const bytes = readFileSync(out);
        expect(inspectImage(bytes, DEFAULT_LIMITS).header).toMatchObject({ width: 123, height: 45, components });
        const result = await analyse(app.page, bytes, `${name}.jpg`, 'image/jpeg');
        expectPhotoContract(result, `${name}.jpg`);
        expect(result.status[0]!.response.input.media).toMatchObject({ width: 123, height: 45 });
      },
    );
  });

  describe.skipIf(!canSign)(`corrupt C2PA${canSign ? '' : ` (skipped: ${SIGNING_UNAVAILABLE})`}`, () => {
    it('a byte flipped inside the JUMBF manifest: the image is analysed, the manifest is not Valid, its claims weigh nothing', async () => {
      const jpeg = await app.page.evaluate(async () => {
        const c = new OffscreenCanvas(160, 120);
        const x = c.getContext('2d')!;
        x.fillStyle = '#4a6';
        x.fillRect(0, 0, 160, 120);
        return Array.from(
          new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()),
        );
      });
      const signed = signAsset(makeChain(), Uint8Array.from(jpeg), 'image/jpeg', {
        claimGenerator: 'Veritas test generator',
        actions: [{ action: 'c2pa.created', softwareAgent: 'DALL-E 3', digitalSourceType: TRAINED }],
      });
      // The first APP11 segment carries the JUMBF: flip a byte in the middle of its payload.
      const app11 = signed.indexOf(Buffer.from([0xff, 0xeb]));
      expect(app11).toBeGreaterThan(0);
      expect(signed.indexOf(Buffer.from('jumb'), app11)).toBeGreaterThan(app11);
      const length = signed.readUInt16BE(app11 + 2);
      const at = app11 + 4 + Math.floor(length / 2);
      const flipped = Buffer.from(signed);
      flipped[at] = (flipped[at] ?? 0) ^ 0x55;

      // Control: unflipped, the same file reads Valid and its claim counts.
      const good = await analyse(app.page, signed, 'signed.jpg', 'image/jpeg');
      expect(c2paOf(good)?.validation.state).toBe('Valid');
      expect(good.status[0]!.response.output[0]!.evidence?.find((e) => e.kind === 'c2pa')?.weight ?? 0).toBeGreaterThan(
        0,
      );

      const bad = await analyse(app.page, flipped, 'jumbf-flipped.jpg', 'image/jpeg');
      expectPhotoContract(bad, 'jumbf-flipped.jpg');
      expect(c2paOf(bad)?.validation.state).not.toBe('Valid');
      expect(bad.status[0]!.response.output[0]!.evidence?.find((e) => e.kind === 'c2pa')?.weight ?? 0).toBe(0);
      console.log(
        `JUMBF byte ${at - app11 - 4} of ${length - 2} flipped: c2pa ${JSON.stringify(c2paOf(bad)?.validation ?? null)}`,
      );
    });
  });
});
