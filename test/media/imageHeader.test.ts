import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../src/media/decodeImage';
import { displaySize, readImageHeader } from '../../src/media/imageHeader';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { sniff } from '../../src/media/sniff';
import {
  avifHeader,
  bmpHeader,
  gifHeader,
  jpegHeader,
  pngHeader,
  webpExtended,
  webpLossless,
  webpLossy,
} from '../helpers/headers';
import { pngChunk } from '../helpers/images';
import { bmpCore, heifWithItems, jpegSegment, jpegSof, pngExif, pngWith, webpVp8x } from './craft';

/** Sniff, then read the header, as decodeImage does. */
function header(bytes: Uint8Array): ReturnType<typeof readImageHeader> {
  const s = sniff(bytes);
  if (s?.kind !== 'image') throw new Error(`not sniffed as an image: ${JSON.stringify(s)}`);
  return readImageHeader(bytes, s.format);
}

/** The MediaError code and message a call ends with, or what else happened. */
function outcome(f: () => unknown): { code: number; message: string } | string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof MediaError ? { code: e.code, message: e.message } : `not a MediaError: ${String(e)}`;
  }
}

const seeds: [string, Buffer, string, number, number][] = [
  ['jpeg', jpegHeader(1024, 768), 'jpeg', 1024, 768],
  ['jpeg progressive (SOF2)', jpegSof(0xc2, 4032, 3024), 'jpeg', 4032, 3024],
  ['jpeg 65535 x 65535', jpegHeader(65535, 65535), 'jpeg', 65535, 65535],
  ['png', pngHeader(300, 200), 'png', 300, 200],
  ['png 1 x 1', pngHeader(1, 1), 'png', 1, 1],
  ['webp lossy', webpLossy(640, 480), 'webp', 640, 480],
  ['webp lossy 16383 x 16383', webpLossy(16383, 16383), 'webp', 16383, 16383],
  ['webp lossless', webpLossless(333, 222), 'webp', 333, 222],
  ['webp lossless 16384 x 16384', webpLossless(16384, 16384), 'webp', 16384, 16384],
  ['webp extended', webpExtended(4000, 3000), 'webp', 4000, 3000],
  ['avif', avifHeader(1920, 1080), 'avif', 1920, 1080],
  ['gif', gifHeader(120, 90), 'gif', 120, 90],
  ['bmp bottom-up', bmpHeader(31, 17), 'bmp', 31, 17],
  ['bmp top-down (negative height)', bmpHeader(31, -17), 'bmp', 31, 17],
  ['bmp OS/2 core header', bmpCore(640, 480), 'bmp', 640, 480],
];

describe('image headers: size without decoding', () => {
  it.each(seeds)('%s', (_name, bytes, format, w, h) => {
    expect(header(bytes)).toMatchObject({ format, width: w, height: h, orientation: 1 });
  });

  it('JPEG: walks past APP0, XMP APP1, ICC APP2, COM, DQT, DHT and fill bytes to the SOF', () => {
    const before = [
      jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      jpegSegment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1')),
      jpegSegment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), Buffer.alloc(500)])),
      jpegSegment(0xfe, Buffer.from('made by a test', 'latin1')),
      jpegSegment(0xdb, Buffer.alloc(65)),
      jpegSegment(0xc4, Buffer.alloc(30)),
      Buffer.from([0xff, 0xff, 0xff]),
    ];
    expect(header(jpegSof(0xc0, 800, 600, { before }))).toMatchObject({ width: 800, height: 600, orientation: 1 });
  });

  it('JPEG: precision and components (grey, YCbCr, CMYK, 12-bit)', () => {
    expect(header(jpegHeader(10, 10, { components: 1 }))).toMatchObject({ components: 1, bitDepth: 8 });
    expect(header(jpegHeader(10, 10, { components: 3 }))).toMatchObject({ components: 3, bitDepth: 8 });
    expect(header(jpegHeader(10, 10, { components: 4 }))).toMatchObject({ components: 4, bitDepth: 8 });
    expect(header(jpegSof(0xc1, 10, 10, { bitDepth: 12 }))).toMatchObject({ components: 3, bitDepth: 12 });
  });

  it('PNG: bit depth, colour type and declared alpha (16-bit RGBA, grey, palette + tRNS)', () => {
    expect(header(pngHeader(10, 10, 16, 6))).toMatchObject({ bitDepth: 16, colorType: 6, hasAlpha: true });
    expect(header(pngHeader(10, 10, 16, 2))).toMatchObject({ bitDepth: 16, colorType: 2, hasAlpha: false });
    expect(header(pngHeader(10, 10, 8, 0))).toMatchObject({ bitDepth: 8, colorType: 0, hasAlpha: false });
    expect(header(pngHeader(10, 10, 1, 0))).toMatchObject({ bitDepth: 1, colorType: 0 });
    expect(
      header(pngWith(10, 10, [pngChunk('PLTE', Buffer.alloc(6)), pngChunk('tRNS', Buffer.from([0]))], 4, 3)),
    ).toMatchObject({ colorType: 3, hasAlpha: true });
    expect(header(pngWith(10, 10, [pngChunk('acTL', Buffer.alloc(8))]))).toMatchObject({ animated: true });
  });

  it('WebP: alpha and animation flags', () => {
    expect(header(webpVp8x(500, 400, 0x10))).toMatchObject({
      width: 500,
      height: 400,
      hasAlpha: true,
      animated: false,
    });
    expect(header(webpVp8x(500, 400, 0x02 | 0x10))).toMatchObject({ hasAlpha: true, animated: true });
    expect(header(webpLossy(8, 8)).hasAlpha).toBe(false);
  });

  it('BMP: bits per pixel', () => {
    expect(header(bmpCore(4, 4)).bitDepth).toBe(24);
  });
});

describe('EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('JPEG orientation %i (both byte orders); 5-8 swap the displayed size', (o) => {
    for (const littleEndian of [false, true]) {
      const h = header(jpegHeader(400, 300, { orientation: o, littleEndian }));
      expect(h.orientation).toBe(o);
      expect([h.width, h.height]).toEqual([400, 300]);
      expect(displaySize(h)).toEqual(o >= 5 ? { width: 300, height: 400 } : { width: 400, height: 300 });
    }
  });

  it.each([1, 3, 6, 8])('PNG eXIf orientation %i', (o) => {
    expect(header(pngExif(40, 30, o)).orientation).toBe(o);
    expect(header(pngExif(40, 30, o, true)).orientation).toBe(o);
  });

  it('a malformed or out-of-range orientation reads as 1 and never refuses the image', () => {
    expect(header(jpegHeader(40, 30, { orientation: 9 })).orientation).toBe(1);
    expect(header(jpegHeader(40, 30, { orientation: 0 })).orientation).toBe(1);
    const badTiff = jpegSegment(0xe1, Buffer.from('Exif\0\0XX\0*\0\0\0\x08', 'latin1'));
    expect(header(jpegSof(0xc0, 40, 30, { before: [badTiff] }))).toMatchObject({
      width: 40,
      height: 30,
      orientation: 1,
    });
    // IFD offset pointing far outside the segment.
    const farIfd = jpegSegment(0xe1, Buffer.from('Exif\0\0MM\0*\x7f\xff\xff\xff', 'latin1'));
    expect(header(jpegSof(0xc0, 40, 30, { before: [farIfd] })).orientation).toBe(1);
  });
});

describe('AVIF / HEIC: the primary item', () => {
  const items = [
    { width: 160, height: 90 }, // thumbnail
    { width: 4000, height: 3000 }, // primary
    { width: 4000, height: 3000 }, // alpha plane
  ];

  it('reports the primary item, not the first ispe', () => {
    expect(header(heifWithItems({ items, primary: 2 }))).toMatchObject({ width: 4000, height: 3000 });
    expect(
      header(
        heifWithItems({
          items: [
            { width: 8000, height: 6000 },
            { width: 1200, height: 800 },
          ],
          primary: 2,
        }),
      ),
    ).toMatchObject({ width: 1200, height: 800 });
  });

  it('32-bit item ids (ipma version 1)', () => {
    expect(header(heifWithItems({ items, primary: 1, ipmaVersion: 1 }))).toMatchObject({ width: 160, height: 90 });
  });

  it('falls back to the largest ispe when the primary item cannot be resolved', () => {
    expect(header(heifWithItems({ items }))).toMatchObject({ width: 4000, height: 3000 });
    expect(header(heifWithItems({ items, primary: 9 }))).toMatchObject({ width: 4000, height: 3000 });
  });

  it.each([
    [0, undefined, 1],
    [1, undefined, 8],
    [2, undefined, 3],
    [3, undefined, 6],
    [0, 0, 4],
    [0, 1, 2],
    [1, 0, 5],
    [3, 0, 7],
  ])('irot %i + imir %s -> orientation %i', (irot, imir, o) => {
    const h = header(
      heifWithItems({
        items: [{ width: 400, height: 300 }],
        primary: 1,
        irot,
        ...(imir === undefined ? {} : { imir }),
      }),
    );
    expect(h.orientation).toBe(o);
    expect(displaySize(h)).toEqual(o >= 5 ? { width: 300, height: 400 } : { width: 400, height: 300 });
  });

  it('HEIC headers are read and checked against the limits before the (WebAssembly) decoder is loaded', () => {
    const heic = heifWithItems({ brand: 'heic', items: [{ width: 4032, height: 3024 }], primary: 1 });
    expect(header(heic)).toMatchObject({ format: 'heic', width: 4032, height: 3024 });
    expect(inspectImage(heic, DEFAULT_LIMITS)).toMatchObject({ format: 'heic', mime: 'image/heic' });
    const huge = heifWithItems({ brand: 'heic', items: [{ width: 20000, height: 20000 }], primary: 1 });
    expect(outcome(() => inspectImage(huge, DEFAULT_LIMITS))).toEqual({
      code: 413,
      message: expect.stringMatching(/400 megapixels; the limit is 100/),
    });
  });
});

describe('limits and bad input, before any decoding', () => {
  it('a PNG header claiming 50,000 x 50,000 is refused with 413 naming the limit', () => {
    expect(outcome(() => inspectImage(pngHeader(50_000, 50_000), DEFAULT_LIMITS))).toEqual({
      code: 413,
      message: 'Image is 50000 x 50000 = 2500 megapixels; the limit is 100 megapixels',
    });
  });

  it.each([
    ['JPEG', jpegHeader(40_000, 40_000)],
    ['WebP', webpExtended(16_000_000, 16_000_000)],
    ['AVIF', avifHeader(2 ** 31, 2 ** 31)],
    ['GIF', gifHeader(65535, 65535)],
    ['BMP', bmpHeader(2 ** 31 - 1, -(2 ** 31 - 1))],
  ])('a %s pixel bomb is refused with 413', (_name, bytes) => {
    expect(outcome(() => inspectImage(bytes, DEFAULT_LIMITS))).toMatchObject({ code: 413 });
  });

  it('bytes over the limit give 413 before the file is even sniffed', () => {
    // 30 zero bytes are no format at all: a 400 would mean they were sniffed first.
    expect(outcome(() => inspectImage(Buffer.alloc(30), { ...DEFAULT_LIMITS, maxImageBytes: 20 }))).toMatchObject({
      code: 413,
    });
  });

  it('the real format wins over a wrong extension or MIME type: a PNG named photo.jpg is read as PNG', () => {
    expect(inspectImage(pngHeader(10, 10), DEFAULT_LIMITS)).toMatchObject({ format: 'png', mime: 'image/png' });
  });

  it.each([
    ['zero bytes', Buffer.alloc(0), /empty/],
    [
      'random bytes named .jpg',
      Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 73 + 11) & 0xff)),
      /not a supported image/,
    ],
    ['a PDF', Buffer.from('%PDF-1.7\n%...'), /not a supported image or video \(it looks like a PDF\)/],
    ['truncated JPEG', jpegHeader(100, 100).subarray(0, 6), /JPEG/],
    ['truncated PNG', pngHeader(100, 100).subarray(0, 20), /PNG/],
    ['truncated WebP', webpLossy(100, 100).subarray(0, 24), /WebP/],
    ['truncated GIF', gifHeader(100, 100).subarray(0, 9), /GIF/],
    ['truncated BMP', bmpHeader(100, 100).subarray(0, 24), /BMP/],
    ['JPEG with no frame header', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /no frame header/],
    [
      'JPEG whose scan starts before any frame header',
      Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 1, 2, 3]),
      /no frame header/,
    ],
    ['JPEG 0 pixels high', jpegHeader(100, 0), /empty image/],
    ['PNG 0 pixels wide', pngHeader(0, 10), /empty image/],
    ['PNG with an impossible bit depth', pngHeader(10, 10, 3, 2), /colour type 2 with bit depth 3/],
    ['PNG with an unknown colour type', pngHeader(10, 10, 8, 5), /colour type 5/],
    ['WebP lossy 0 pixels wide', webpLossy(0, 10), /empty image/],
    ['WebP with an unknown first chunk', Buffer.from('RIFF\x10\x00\x00\x00WEBPALPH\x00\x00\x00\x00', 'latin1'), /WebP/],
    ['AVIF without ispe', avifHeader(10, 10).subarray(0, 40), /AVIF.*ispe/],
    ['BMP with a negative width', bmpHeader(-5, 5), /invalid image size/],
    [
      'an MP4 given as an image',
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isommp42', 'latin1')]),
      /MP4 video, not an image/,
    ],
  ])('%s gives a clear 400', (_name, bytes, message) => {
    const got = outcome(() => inspectImage(bytes, DEFAULT_LIMITS));
    expect(got).toMatchObject({ code: 400 });
    expect(typeof got === 'string' ? got : got.message).toMatch(message);
  });

  it('every truncation of every seed ends in a header or a MediaError, never another exception', () => {
    for (const [name, bytes] of seeds) {
      for (let n = 0; n < bytes.length; n++) {
        const got = outcome(() => inspectImage(bytes.subarray(0, n), DEFAULT_LIMITS));
        if (typeof got === 'string' && got !== 'no error') throw new Error(`${name} cut at ${n}: ${got}`);
        // 413 only for the seeds that are over the limits anyway (65535 x 65535 JPEG).
        if (typeof got !== 'string') expect([400, 413], `${name} cut at ${n}: ${got.message}`).toContain(got.code);
      }
    }
  });
});
