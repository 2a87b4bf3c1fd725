import { describe, expect, it } from 'vitest';
import { describeUnknown, sniff } from '../../src/media/sniff';
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
import { bmpCore, ftyp, heifWithItems, movHead, mp4Head, webmHead } from './craft';

describe('sniff: the real format from magic bytes', () => {
  it.each([
    ['JPEG', jpegHeader(8, 8), 'image', 'jpeg', 'image/jpeg'],
    ['PNG', pngHeader(8, 8), 'image', 'png', 'image/png'],
    ['WebP lossy', webpLossy(8, 8), 'image', 'webp', 'image/webp'],
    ['WebP lossless', webpLossless(8, 8), 'image', 'webp', 'image/webp'],
    ['WebP extended', webpExtended(8, 8), 'image', 'webp', 'image/webp'],
    ['AVIF', avifHeader(8, 8), 'image', 'avif', 'image/avif'],
    ['AVIF sequence (avis)', ftyp('avis', 'avis', 'msf1', 'iso8'), 'image', 'avif', 'image/avif'],
    ['AVIF under a mif1 major brand', ftyp('mif1', 'mif1', 'miaf', 'avif'), 'image', 'avif', 'image/avif'],
    [
      'HEIC',
      heifWithItems({ brand: 'heic', items: [{ width: 8, height: 8 }], primary: 1 }),
      'image',
      'heic',
      'image/heic',
    ],
    ['HEIC (heix)', ftyp('heix', 'mif1', 'heix'), 'image', 'heic', 'image/heic'],
    ['GIF87a', Buffer.from('GIF87a\x08\x00\x08\x00\x00\x00\x00', 'latin1'), 'image', 'gif', 'image/gif'],
    ['GIF89a', gifHeader(8, 8), 'image', 'gif', 'image/gif'],
    ['BMP (INFO header)', bmpHeader(8, 8), 'image', 'bmp', 'image/bmp'],
    ['BMP (OS/2 core header)', bmpCore(8, 8), 'image', 'bmp', 'image/bmp'],
    ['MP4 (isom)', mp4Head(), 'video', 'mp4', 'video/mp4'],
    ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video', 'mp4', 'video/mp4'],
    ['MOV (qt)', movHead(), 'video', 'mov', 'video/quicktime'],
    ['WebM (EBML, DocType webm)', webmHead(), 'video', 'webm', 'video/webm'],
    [
      'Matroska (EBML, DocType matroska)',
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, ...Buffer.from('matroska')]),
      'video',
      'mkv',
      'video/x-matroska',
    ],
    ['AVI (RIFF AVI)', Buffer.from('RIFF\x00\x10\x00\x00AVI LIST', 'latin1'), 'video', 'avi', 'video/x-msvideo'],
  ])('%s', (_name, bytes, kind, format, mime) => {
    expect(sniff(bytes)).toEqual({ kind, format, mime });
  });

  it('reads the bytes only: a PNG is a PNG whatever it was called', () => {
    // sniff takes no name or MIME type at all, so "photo.jpg" / image/jpeg cannot mislead it.
    expect(sniff(pngHeader(8, 8))?.format).toBe('png');
  });

  it('needs only the first 64 bytes (what the page reads before choosing a path)', () => {
    for (const b of [
      jpegHeader(8, 8),
      pngHeader(8, 8),
      webpLossy(8, 8),
      avifHeader(8, 8),
      mp4Head(),
      movHead(),
      webmHead(),
      bmpHeader(8, 8),
    ]) {
      expect(sniff(b.subarray(0, 64))).toEqual(sniff(b));
    }
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['3 bytes of JPEG', Buffer.from([0xff, 0xd8, 0xff])],
    ['text that starts with BM', Buffer.from('BMW owners club newsletter, issue 12 of 2024', 'latin1')],
    ['RIFF that is not WebP (WAV)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
    ['TIFF', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0, 0, 0])],
    ['random bytes', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73 + 11) & 0xff))],
  ])('%s -> null', (_name, bytes) => {
    expect(sniff(bytes)).toBeNull();
  });
});

describe('describeUnknown: a plain-words reason', () => {
  it.each([
    [Buffer.alloc(0), 'The file is empty (0 bytes)'],
    [Buffer.from('%PDF-1.4\n'), 'This file is not a supported image or video (it looks like a PDF)'],
    [Buffer.from('PK\x03\x04\x14\x00', 'latin1'), /ZIP archive/],
    [Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), /TIFF/],
    [Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg">'), /text \(HTML, XML or SVG\)/],
    [Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), /RIFF "WAVE"/],
    [Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), /not a supported image or video \(JPEG, PNG/],
  ])('%#', (bytes, message) => {
    expect(describeUnknown(bytes)).toMatch(message);
  });
});
