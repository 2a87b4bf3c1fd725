/** Minimal valid headers of every image format, built in the tests (no committed binaries). */
import { makePng, pngChunk } from './images';

export function jpegHeader(
  width: number,
  height: number,
  opts: { components?: number; orientation?: number; littleEndian?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (opts.orientation) {
    const le = opts.littleEndian ?? false;
    const tiff = Buffer.alloc(8 + 2 + 12 + 4);
    tiff.write(le ? 'II' : 'MM', 0, 'latin1');
    const u16 = (value: number, at: number) => (le ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
    const u32 = (value: number, at: number) => (le ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at));
    u16(42, 2);
    u32(8, 4);
    u16(1, 8);
    const e = 10;
    u16(0x0112, e);
    u16(3, e + 2);
    u32(1, e + 4);
    u16(opts.orientation, e + 8);
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length + 2);
    parts.push(Buffer.from([0xff, 0xe1]), len, body);
  }
  const n = opts.components ?? 3;
  const sof = Buffer.alloc(8 + 3 * n);
  sof.writeUInt16BE(sof.length, 0);
  sof[2] = 8;
  sof.writeUInt16BE(height, 3);
  sof.writeUInt16BE(width, 5);
  sof[7] = n;
  parts.push(
    Buffer.from([0xff, 0xc0]),
    sof,
    Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0, 0x11, 0x22, 0xff, 0xd9]),
  );
  return Buffer.concat(parts);
}

export function pngHeader(width: number, height: number, bitDepth = 8, colorType = 2): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

function riff(chunk: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(chunk, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  const all = Buffer.concat([Buffer.from('WEBP', 'latin1'), head, body]);
  const riffHead = Buffer.alloc(8);
  riffHead.write('RIFF', 0, 'latin1');
  riffHead.writeUInt32LE(all.length, 4);
  return Buffer.concat([riffHead, all]);
}

export function webpLossy(width: number, height: number): Buffer {
  const b = Buffer.alloc(10);
  b.set([0x9d, 0x01, 0x2a], 3);
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return riff('VP8 ', b);
}

export function webpLossless(width: number, height: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = 0x2f;
  b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
  return riff('VP8L', b);
}

export function webpExtended(width: number, height: number): Buffer {
  const b = Buffer.alloc(10);
  b.writeUIntLE(width - 1, 4, 3);
  b.writeUIntLE(height - 1, 7, 3);
  return riff('VP8X', b);
}

function box(type: string, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(8 + body.length);
  h.write(type, 4, 'latin1');
  return Buffer.concat([h, body]);
}

export function avifHeader(width: number, height: number): Buffer {
  const ftyp = box('ftyp', Buffer.from('avif\0\0\0\0mif1avif', 'latin1'));
  const ispeBody = Buffer.alloc(12);
  ispeBody.writeUInt32BE(width, 4);
  ispeBody.writeUInt32BE(height, 8);
  const meta = box('meta', Buffer.concat([Buffer.alloc(4), box('iprp', box('ipco', box('ispe', ispeBody)))]));
  return Buffer.concat([ftyp, meta]);
}

export function gifHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

export function bmpHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(54);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(54, 2);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  return b;
}

export const realPng = (w = 64, h = 48): Buffer => makePng(w, h, 5);
