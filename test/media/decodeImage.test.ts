/**
 * The decode orchestration in node, with createImageBitmap and OffscreenCanvas stood in for: what reaches the
 * browser decoder (nothing, for a file over the limits), with which options and MIME type, and how its answers and
 * failures come back. The real decoders are exercised by the browser tests.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { gifHeader, jpegHeader, pngHeader } from '../helpers/headers';

class FakeBitmap {
  closed = false;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  close(): void {
    this.closed = true;
  }
}

let bitmaps: FakeBitmap[] = [];
let decoded: { width: number; height: number } | Error = { width: 0, height: 0 };
const decoderCalls: { type: string; options: unknown }[] = [];
const readBacks: number[][] = [];

class FakeCanvas {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  getContext(): unknown {
    return {
      drawImage: (): void => undefined,
      getImageData: (x: number, y: number, w: number, h: number) => {
        readBacks.push([x, y, w, h]);
        return { data: new Uint8ClampedArray(w * h * 4).fill(9) };
      },
    };
  }
}

beforeEach(() => {
  bitmaps = [];
  decoderCalls.length = 0;
  readBacks.length = 0;
  vi.stubGlobal('OffscreenCanvas', FakeCanvas);
  vi.stubGlobal('createImageBitmap', (blob: Blob, options: unknown) => {
    decoderCalls.push({ type: blob.type, options });
    if (decoded instanceof Error) return Promise.reject(decoded);
    const b = new FakeBitmap(decoded.width, decoded.height);
    bitmaps.push(b);
    return Promise.resolve(b);
  });
});
afterEach(() => vi.unstubAllGlobals());

async function failure(p: Promise<unknown>): Promise<{ code: number; message: string } | string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof MediaError ? { code: e.code, message: e.message } : `not a MediaError: ${String(e)}`;
  }
}

describe('decodeImage', () => {
  it('checks the limits before the decoder is ever called', async () => {
    decoded = { width: 50_000, height: 50_000 };
    expect(await failure(decodeImage(pngHeader(50_000, 50_000), DEFAULT_LIMITS))).toEqual({
      code: 413,
      message: 'Image is 50000 x 50000 = 2500 megapixels; the limit is 100 megapixels',
    });
    expect(await failure(decodeImage(Buffer.from('%PDF-1.7'), DEFAULT_LIMITS))).toMatchObject({
      code: 400,
      message: expect.stringMatching(/PDF/),
    });
    expect(await failure(decodeImage(new Uint8Array(0), DEFAULT_LIMITS))).toMatchObject({
      code: 400,
      message: 'The file is empty (0 bytes)',
    });
    expect(decoderCalls).toEqual([]);
  });

  it('hands the decoder the sniffed MIME type and the agreed options', async () => {
    decoded = { width: 30, height: 20 };
    const image = await decodeImage(pngHeader(30, 20), DEFAULT_LIMITS);
    expect(decoderCalls).toEqual([
      {
        type: 'image/png',
        options: { imageOrientation: 'from-image', colorSpaceConversion: 'none' },
      },
    ]);
    expect(image).toMatchObject({ width: 30, height: 20, format: 'png', mime: 'image/png', orientation: 1 });
    expect(bitmaps[0]?.closed).toBe(true);
  });

  it('reads the whole RGBA buffer only when asked, once; regions on their own', async () => {
    decoded = { width: 30, height: 20 };
    const image = await decodeImage(pngHeader(30, 20), DEFAULT_LIMITS);
    expect(readBacks).toEqual([]);
    expect(image.region(2, 3, 4, 5).length).toBe(4 * 5 * 4);
    expect(image.data.length).toBe(30 * 20 * 4);
    expect(image.data).toBe(image.data);
    expect(readBacks).toEqual([
      [2, 3, 4, 5],
      [0, 0, 30, 20],
    ]);
  });

  it('reports the size after EXIF orientation, and the orientation', async () => {
    decoded = { width: 300, height: 400 }; // what a browser returns for a 400 x 300 JPEG with orientation 6
    const image = await decodeImage(jpegHeader(400, 300, { orientation: 6 }), DEFAULT_LIMITS);
    expect(image).toMatchObject({ width: 300, height: 400, orientation: 6, format: 'jpeg' });
    expect(image.header).toMatchObject({ width: 400, height: 300 });
  });

  it('a decoder failure is a 400 in plain words', async () => {
    decoded = new DOMException('The source image could not be decoded.', 'InvalidStateError');
    expect(await failure(decodeImage(jpegHeader(64, 64), DEFAULT_LIMITS))).toEqual({
      code: 400,
      message: 'The JPEG image could not be decoded: the file is corrupt or truncated',
    });
  });

  it('a decoded size over the limits (a header that understated it) is refused before the canvas read-back', async () => {
    decoded = { width: 20_000, height: 20_000 };
    expect(await failure(decodeImage(gifHeader(10, 10), DEFAULT_LIMITS))).toMatchObject({ code: 413 });
    expect(readBacks).toEqual([]);
    expect(bitmaps[0]?.closed).toBe(true);
  });
});
