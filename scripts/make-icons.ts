/**
 * Writes the PWA icons (public/icons/icon-192.png, icon-512.png, maskable-512.png): a lens over a split square,
 * drawn pixel by pixel and encoded with node's zlib. Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { pngChunk } from '../test/helpers/images';

function icon(size: number, padding: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const c = size / 2;
  const r = (size / 2 - padding) * 0.62;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const d = Math.hypot(x - c, y - c);
      // Background: deep blue; left half of the lens warm (generated), right half cool (real).
      let rgb = [31, 46, 84];
      if (d < r) rgb = x < c ? [232, 120, 64] : [84, 196, 140];
      if (Math.abs(d - r) < size * 0.035) rgb = [245, 246, 250];
      const handle = x > c + r * 0.6 && y > c + r * 0.6 && Math.abs(x - y) < size * 0.05 && x < size - padding * 1.2;
      if (handle) rgb = [245, 246, 250];
      raw.set([...rgb, 255], o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

const dir = join(import.meta.dirname, '..', 'public', 'icons');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'icon-192.png'), icon(192, 8));
writeFileSync(join(dir, 'icon-512.png'), icon(512, 20));
writeFileSync(join(dir, 'maskable-512.png'), icon(512, 90));
console.log('icons written to', dir);
