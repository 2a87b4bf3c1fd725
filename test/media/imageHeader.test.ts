import { describe, expect, it } from 'vitest';
import { displaySize, readImageHeader } from '../../src/media/imageHeader';
import { inspectImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { sniff } from '../../src/media/sniff';
import { avifHeader, bmpHeader, gifHeader, jpegHeader, pngHeader, webpExtended, webpLossless, webpLossy } from '../helpers/headers';

const cases: [string, Buffer, string, number, number][] = [
  ['jpeg', jpegHeader(1024, 768), 'jpeg', 1024, 768],
  ['png', pngHeader(300, 200), 'png', 300, 200],
  ['webp lossy', webpLossy(640, 480), 'webp', 640, 480],
  ['webp lossless', webpLossless(333, 222), 'webp', 333, 222],
  ['webp extended', webpExtended(4000, 3000), 'webp', 4000, 3000],
  ['avif', avifHeader(1920, 1080), 'avif', 1920, 1080],
  ['gif', gifHeader(120, 90), 'gif', 120, 90],
  ['bmp', bmpHeader(31, -17), 'bmp', 31, 17],
];

describe('image headers', () => {
  it.each(cases)('%s: format and size from the header alone', (_name, bytes, format, w, h) => {
    const s = sniff(bytes);
    expect(s?.kind).toBe('image');
    expect(s?.format).toBe(format);
    const header = readImageHeader(bytes, s!.format as never);
    expect([header.width, header.height]).toEqual([w, h]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('EXIF orientation %i (both byte orders); 5-8 swap the displayed size', (o) => {
    for (const littleEndian of [false, true]) {
      const h = readImageHeader(jpegHeader(400, 300, { orientation: o, littleEndian }), 'jpeg');
      expect(h.orientation).toBe(o);
      expect(displaySize(h)).toEqual(o >= 5 ? { width: 300, height: 400 } : { width: 400, height: 300 });
    }
  });

  it('reads CMYK and grayscale JPEG component counts, 16-bit and grey PNG', () => {
    expect(readImageHeader(jpegHeader(10, 10, { components: 4 }), 'jpeg').components).toBe(4);
    expect(readImageHeader(jpegHeader(10, 10, { components: 1 }), 'jpeg').components).toBe(1);
    expect(readImageHeader(pngHeader(10, 10, 16, 6), 'png')).toMatchObject({ bitDepth: 16, colorType: 6 });
    expect(readImageHeader(pngHeader(10, 10, 8, 0), 'png').colorType).toBe(0);
  });

  it('the real format wins over a wrong extension or MIME type', () => {
    expect(inspectImage(pngHeader(10, 10), DEFAULT_LIMITS).mime).toBe('image/png');
  });
});

describe('limits and bad input, before any decoding', () => {
  const code = (f: () => unknown): number | string => {
    try {
      f();
      return 'no error';
    } catch (e) {
      return e instanceof MediaError ? e.code : `not a MediaError: ${String(e)}`;
    }
  };

  it('a PNG header claiming 50,000 x 50,000 is refused with 413 naming the limit', () => {
    expect(() => inspectImage(pngHeader(50_000, 50_000), DEFAULT_LIMITS)).toThrow(/2500 megapixels; the limit is 100 megapixels/);
    expect(code(() => inspectImage(pngHeader(50_000, 50_000), DEFAULT_LIMITS))).toBe(413);
  });

  it('bytes over the limit give 413', () => {
    expect(code(() => inspectImage(pngHeader(10, 10), { ...DEFAULT_LIMITS, maxImageBytes: 20 }))).toBe(413);
  });

  it.each([
    ['zero bytes', Buffer.alloc(0), /empty/],
    ['random bytes named .jpg', Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 73 + 11) & 0xff)), /not a supported image/],
    ['a PDF', Buffer.from('%PDF-1.7\n%...'), /PDF/],
    ['truncated JPEG', jpegHeader(100, 100).subarray(0, 6), /JPEG/],
    ['truncated PNG', pngHeader(100, 100).subarray(0, 20), /PNG/],
    ['truncated WebP', webpLossy(100, 100).subarray(0, 24), /WebP/],
    ['JPEG with no frame header', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /no frame header/],
    ['AVIF without ispe', avifHeader(10, 10).subarray(0, 40), /AVIF/],
    ['an MP4 given as an image', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isommp42', 'latin1')]), /video, not an image/],
  ])('%s gives a clear 400', (_name, bytes, message) => {
    expect(() => inspectImage(bytes, DEFAULT_LIMITS)).toThrow(message);
    expect(code(() => inspectImage(bytes, DEFAULT_LIMITS))).toBe(400);
  });
});
