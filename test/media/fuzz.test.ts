/**
 * Seeded mutation fuzzing of our own byte-level parsers (sniff, headers, limits, PNG/JPEG text readers, WebP
 * metadata chunks): at least 10,000 mutated inputs, zero uncaught exceptions (only MediaError is allowed), and
 * every call bounded in time.
 */
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { webpMetadataChunks } from '../../src/provenance/riffChunks';
import { readJpegComments, readPngText } from '../../src/provenance/textChunks';
import { avifHeader, bmpHeader, gifHeader, jpegHeader, pngHeader, webpExtended, webpLossless, webpLossy } from '../helpers/headers';
import { makePng, pngChunk } from '../helpers/images';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(seed: Uint8Array, r: () => number): Uint8Array {
  const b = Array.from(seed);
  const ops = 1 + Math.floor(r() * 4);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(r() * Math.max(1, b.length));
    const op = Math.floor(r() * 6);
    if (op === 0) b[at] = (b[at] ?? 0) ^ (1 << Math.floor(r() * 8));
    else if (op === 1) b.splice(at, 0, Math.floor(r() * 256));
    else if (op === 2) b.splice(at, 1 + Math.floor(r() * 8));
    else if (op === 3) b.length = Math.floor(r() * b.length);
    else if (op === 4) for (let k = 0; k < 4; k++) b[at + k] = r() < 0.5 ? 0xff : 0x00; // corrupt a length field
    else b[at] = Math.floor(r() * 256);
  }
  return Uint8Array.from(b);
}

const text = Buffer.from('parameters\0Steps: 20, Sampler: Euler a, Model: sd_xl_base_1.0', 'latin1');
const seeds: Uint8Array[] = [
  jpegHeader(640, 480, { orientation: 6 }),
  jpegHeader(64, 64, { components: 4, littleEndian: true, orientation: 3 }),
  pngHeader(300, 200),
  makePng(16, 16, 3, [pngChunk('tEXt', text), pngChunk('zTXt', Buffer.concat([Buffer.from('prompt\0\0', 'latin1'), Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])]))]),
  webpLossy(640, 480),
  webpLossless(33, 22),
  webpExtended(4000, 3000),
  avifHeader(1920, 1080),
  gifHeader(10, 10),
  bmpHeader(31, -17),
];

describe('fuzzing our byte parsers', () => {
  it('survives at least 10,000 mutated inputs with only MediaErrors and no slow call', async () => {
    const r = rng(12345);
    const deadline = Date.now() + 20_000;
    let runs = 0;
    let slowest = 0;
    const unexpected: string[] = [];
    while (runs < 10_000 || Date.now() < deadline - 15_000) {
      if (Date.now() > deadline) break;
      const input = mutate(seeds[runs % seeds.length]!, r);
      const t0 = performance.now();
      try {
        inspectImage(input, DEFAULT_LIMITS);
      } catch (e) {
        if (!(e instanceof MediaError)) unexpected.push(`${String(e)} on ${Buffer.from(input).toString('hex').slice(0, 80)}`);
      }
      try {
        readJpegComments(input);
        webpMetadataChunks(input);
        if (runs % 10 === 0) await readPngText(input);
      } catch (e) {
        unexpected.push(`text reader: ${String(e)}`);
      }
      slowest = Math.max(slowest, performance.now() - t0);
      runs++;
    }
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(10_000);
    expect(slowest).toBeLessThan(500);
  }, 60_000);
});
