/**
 * Seeded mutation fuzzing of the byte-level parsers: sniff -> readImageHeader -> limits (and, as a cheap extra, the
 * provenance text readers that walk the same bytes). Valid seeds of every format are mutated by bit flips, byte
 * insertions and deletions, truncations, slice duplication and length-field corruption. At least 10,000 inputs per
 * run within a 10 s wall budget; the only exception allowed is MediaError, and every call must be quick.
 * The seed is fixed so a failure reproduces; FUZZ_SEED=<n> explores another sequence.
 */
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../src/media/decodeImage';
import { readImageHeader } from '../../src/media/imageHeader';
import { checkImageLimits, DEFAULT_LIMITS } from '../../src/media/limits';
import { MediaError } from '../../src/media/MediaError';
import { sniff } from '../../src/media/sniff';
import { webpMetadataChunks } from '../../src/provenance/riffChunks';
import { readJpegComments, readPngText } from '../../src/provenance/textChunks';
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
import { makePng, pngChunk } from '../helpers/images';
import {
  bmpCore,
  box,
  heifWithItems,
  jpegSegment,
  jpegSof,
  movHead,
  mp4Head,
  pngExif,
  pngWith,
  webmHead,
  webpVp8x,
} from './craft';

const MIN_INPUTS = 10_000;
const TARGET_INPUTS = 20_000;
const BUDGET_MS = 10_000;
/** Generous for a 2-core machine shared with other jobs; a real hang or quadratic walk is far beyond it. */
const SLOWEST_CALL_MS = 250;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Values a corrupted length field likes to take: zero, one, tiny, sign bit, all ones, just past the end. */
const HOSTILE_LENGTHS = [0, 1, 2, 7, 8, 0x7f, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0];

function mutate(seed: Uint8Array, r: () => number): Uint8Array {
  let b = Array.from(seed);
  const ops = 1 + Math.floor(r() * 4);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(r() * Math.max(1, b.length));
    const op = Math.floor(r() * 8);
    if (op === 0) b[at] = (b[at] ?? 0) ^ (1 << Math.floor(r() * 8));
    else if (op === 1) b.splice(at, 0, ...Array.from({ length: 1 + Math.floor(r() * 4) }, () => Math.floor(r() * 256)));
    else if (op === 2) b.splice(at, 1 + Math.floor(r() * 8));
    else if (op === 3) b.length = Math.floor(r() * b.length);
    else if (op === 4) {
      // Corrupt a 16- or 32-bit length field in either byte order.
      const v = HOSTILE_LENGTHS[Math.floor(r() * HOSTILE_LENGTHS.length)]!;
      const width = r() < 0.5 ? 2 : 4;
      const le = r() < 0.5;
      for (let k = 0; k < width && at + k < b.length; k++) b[at + k] = (v >>> (8 * (le ? k : width - 1 - k))) & 0xff;
    } else if (op === 5) {
      // Repeat a slice: many tiny segments / boxes / chunks test the iteration caps.
      const len = 1 + Math.floor(r() * 16);
      const slice = b.slice(at, at + len);
      const times = 1 + Math.floor(r() * 200);
      b = [...b.slice(0, at), ...Array.from({ length: times }, () => slice).flat(), ...b.slice(at)];
    } else if (op === 6) b[at] = Math.floor(r() * 256);
    else b.splice(at, 0, 0xff); // JPEG fill bytes and stray markers
  }
  return Uint8Array.from(b);
}

const sdText = Buffer.from('parameters\0Steps: 20, Sampler: Euler a, Model: sd_xl_base_1.0', 'latin1');
const seeds: Uint8Array[] = [
  jpegHeader(640, 480, { orientation: 6 }),
  jpegHeader(64, 64, { components: 4, littleEndian: true, orientation: 3 }),
  jpegSof(0xc2, 4032, 3024, {
    components: 1,
    before: [
      jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      jpegSegment(0xfe, Buffer.from('comment')),
    ],
  }),
  pngHeader(300, 200),
  pngHeader(300, 200, 16, 6),
  pngExif(40, 30, 8, true),
  pngWith(
    10,
    10,
    [pngChunk('PLTE', Buffer.alloc(6)), pngChunk('tRNS', Buffer.from([0])), pngChunk('acTL', Buffer.alloc(8))],
    4,
    3,
  ),
  makePng(16, 16, 3, [
    pngChunk('tEXt', sdText),
    pngChunk(
      'zTXt',
      Buffer.concat([
        Buffer.from('prompt\0\0', 'latin1'),
        Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
      ]),
    ),
  ]),
  webpLossy(640, 480),
  webpLossless(33, 22),
  webpExtended(4000, 3000),
  webpVp8x(500, 400, 0x12),
  avifHeader(1920, 1080),
  heifWithItems({
    items: [
      { width: 160, height: 90 },
      { width: 4000, height: 3000 },
    ],
    primary: 2,
    irot: 1,
    imir: 0,
  }),
  heifWithItems({
    items: [
      { width: 64, height: 64 },
      { width: 32, height: 32 },
    ],
    primary: 1,
    ipmaVersion: 1,
  }),
  gifHeader(10, 10),
  bmpHeader(31, -17),
  bmpCore(20, 10),
  mp4Head(),
  movHead(),
  webmHead(),
];

/** The whole header path, as decodeImage runs it before decoding; returns normally or throws. */
function headerPath(input: Uint8Array): void {
  const s = sniff(input);
  if (s?.kind === 'image') {
    const h = readImageHeader(input, s.format);
    // A header that reads must be sane: positive integer sizes, orientation 1-8.
    if (!(Number.isInteger(h.width) && Number.isInteger(h.height) && h.width > 0 && h.height > 0))
      throw new Error(`bad size ${h.width} x ${h.height}`);
    if (!(h.orientation >= 1 && h.orientation <= 8)) throw new Error(`bad orientation ${h.orientation}`);
    const limit = checkImageLimits(input.length, h, DEFAULT_LIMITS);
    if (limit && limit.code !== 413 && limit.code !== 400) throw new Error(`bad limit code ${String(limit.code)}`);
  }
  inspectImage(input, DEFAULT_LIMITS);
}

describe('fuzzing the media byte parsers', () => {
  it(`survives >= ${MIN_INPUTS} mutated inputs with only MediaErrors and no slow call`, async () => {
    const r = rng(Number(process.env.FUZZ_SEED ?? 12345));
    const start = performance.now();
    let runs = 0;
    let slowest = 0;
    let mediaErrors = 0;
    const unexpected: string[] = [];
    while (runs < TARGET_INPUTS && performance.now() - start < BUDGET_MS) {
      const input = mutate(seeds[runs % seeds.length]!, r);
      const t0 = performance.now();
      try {
        headerPath(input);
      } catch (e) {
        if (e instanceof MediaError) mediaErrors++;
        else unexpected.push(`${String(e)} on ${Buffer.from(input).toString('hex').slice(0, 120)}`);
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
    expect(runs).toBeGreaterThanOrEqual(MIN_INPUTS);
    expect(slowest).toBeLessThan(SLOWEST_CALL_MS);
    // The mutations must reach both outcomes, or the fuzzer is only exercising the first bytes.
    expect(mediaErrors).toBeGreaterThan(runs / 20);
    expect(mediaErrors).toBeLessThan(runs);
  }, 30_000);

  it('hostile structures built to loop are answered quickly', () => {
    const manySegments = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      ...Array.from({ length: 50_000 }, () => Buffer.from([0xff, 0xfe, 0x00, 0x02])),
    ]);
    const manyFills = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(1_000_000, 0xff)]);
    const manyChunks = pngWith(
      10,
      10,
      Array.from({ length: 30_000 }, () => pngChunk('tIME', Buffer.alloc(0))),
    );
    let nested: Buffer = box('ispe', Buffer.alloc(12));
    for (let i = 0; i < 2000; i++) nested = box('ipco', nested);
    const deepBoxes = Buffer.concat([
      box('ftyp', Buffer.from('avif\0\0\0\0avif', 'latin1')),
      box('meta', Buffer.alloc(4), box('iprp', nested)),
    ]);
    const manyBoxes = Buffer.concat([
      box('ftyp', Buffer.from('avif\0\0\0\0avif', 'latin1')),
      ...Array.from({ length: 50_000 }, () => box('free')),
    ]);
    const ipmaHuge = heifWithItems({ items: [{ width: 8, height: 8 }], primary: 1 });
    ipmaHuge.writeUInt32BE(0xffffffff, ipmaHuge.indexOf('ipma') + 8);
    for (const [name, bytes] of Object.entries({
      manySegments,
      manyFills,
      manyChunks,
      deepBoxes,
      manyBoxes,
      ipmaHuge,
    })) {
      const t0 = performance.now();
      try {
        headerPath(bytes);
      } catch (e) {
        expect(e, name).toBeInstanceOf(MediaError);
      }
      expect(performance.now() - t0, name).toBeLessThan(SLOWEST_CALL_MS);
    }
  });
});
