/**
 * Which H.264 samples the sampled-frame decoder may leave out: those whose slices all have nal_ref_idc = 0. The
 * parser is checked on hand-made AVCC samples and against ffprobe's picture types on an x264 clip without B-pyramid
 * (there, exactly the B-frames are non-reference; P and I frames always are references).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { avcLengthSize, isNonReferenceSample } from '../../src/core/video/h264NalRef';
import { probeMp4Video } from '../../src/media/video/mp4Demux';
import { inCi } from '../helpers/browser';
import { ffmpegPath, makeClip, testSrc } from '../helpers/clips';

/** An AVCC sample from NAL units (header byte + payload), with `n`-byte length prefixes. */
function avcc(nals: number[][], n = 4): Uint8Array {
  const out: number[] = [];
  for (const nal of nals) {
    for (let i = n - 1; i >= 0; i--) out.push((nal.length >> (8 * i)) & 0xff);
    out.push(...nal);
  }
  return Uint8Array.from(out);
}
const nal = (refIdc: number, type: number, payload = 5): number[] => [
  (refIdc << 5) | type,
  ...Array.from({ length: payload }, (_, i) => i + 1),
];

describe('H.264 non-reference samples', () => {
  it('reads the NAL length size from avcC, and refuses what is not avcC', () => {
    expect(avcLengthSize(Uint8Array.from([1, 0x64, 0, 0x1f, 0xff, 0xe1, 0]))).toBe(4);
    expect(avcLengthSize(Uint8Array.from([1, 0x64, 0, 0x1f, 0xfd, 0xe1, 0]))).toBe(2);
    expect(avcLengthSize(Uint8Array.from([1, 0x64, 0, 0x1f, 0xfe, 0xe1, 0]))).toBeNull(); // 3-byte prefixes are invalid
    expect(avcLengthSize(Uint8Array.from([0, 0x64, 0, 0x1f, 0xff, 0xe1, 0]))).toBeNull();
    expect(avcLengthSize(undefined)).toBeNull();
  });

  it('non-reference only when every slice has nal_ref_idc 0', () => {
    expect(isNonReferenceSample(avcc([nal(0, 1)]), 4)).toBe(true);
    expect(isNonReferenceSample(avcc([nal(0, 9, 1), nal(0, 6), nal(0, 1), nal(0, 1)]), 4)).toBe(true); // AUD, SEI, two slices
    expect(isNonReferenceSample(avcc([nal(0, 1)], 2), 2)).toBe(true);
    expect(isNonReferenceSample(avcc([nal(2, 1)]), 4)).toBe(false);
    expect(isNonReferenceSample(avcc([nal(0, 1), nal(1, 1)]), 4)).toBe(false); // one reference slice is enough
    expect(isNonReferenceSample(avcc([nal(3, 5)]), 4)).toBe(false); // IDR
    expect(isNonReferenceSample(avcc([nal(0, 6)]), 4)).toBe(false); // no slice at all
  });

  it('anything malformed is decoded (answers false)', () => {
    const good = avcc([nal(0, 1)]);
    expect(isNonReferenceSample(good.subarray(0, good.length - 1), 4)).toBe(false); // length past the end
    expect(isNonReferenceSample(Uint8Array.from([...good, 0]), 4)).toBe(false); // trailing byte
    expect(isNonReferenceSample(avcc([[]]), 4)).toBe(false); // zero-length NAL
    expect(isNonReferenceSample(new Uint8Array(0), 4)).toBe(false);
    expect(isNonReferenceSample(good, 2)).toBe(false); // wrong prefix size
  });
});

const skipClips = !ffmpegPath && !inCi;
describe.skipIf(skipClips)(
  `non-reference samples in an x264 clip${skipClips ? ' (skipped: ffmpeg not installed; apt-get install -y ffmpeg; CI runs these)' : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-nalref-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are exactly the B-frames when B-frames are not used as references', async () => {
      const path = makeClip(dir, 'b.mp4', [
        ...testSrc('320x240', 4),
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        '-g',
        '30',
        '-bf',
        '3',
        '-x264-params',
        'b-pyramid=none',
      ]);
      const bytes = readFileSync(path);
      const p = await probeMp4Video(bytes.length, (a, b) => Promise.resolve(bytes.subarray(a, b)));
      if (p.kind !== 'video') throw new Error('expected a video track');
      const t = p.track;
      const n = avcLengthSize(t.description);
      expect(n).toBe(4);
      const nonRef = Array.from(t.size, (size, i) =>
        isNonReferenceSample(bytes.subarray(t.offset[i], (t.offset[i] ?? 0) + size), n ?? 4),
      );
      // ffprobe's picture types come in presentation order, the samples in decode order: compare counts, and check
      // that no sync sample is ever called non-reference.
      const probe = spawnSync(
        ffmpegPath!.replace(/ffmpeg$/, 'ffprobe'),
        ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pict_type', '-of', 'csv=p=0', path],
        { encoding: 'utf8' },
      );
      expect(probe.status).toBe(0);
      // (a frame with side data prints a trailing comma and an extra empty line)
      const types = probe.stdout
        .split('\n')
        .map((s) => s.replace(/,.*$/, '').trim())
        .filter((s) => s !== '');
      expect(types.length).toBe(120);
      const bFrames = types.filter((s) => s === 'B').length;
      expect(bFrames).toBeGreaterThan(20);
      expect(nonRef.filter(Boolean).length).toBe(bFrames);
      nonRef.forEach((nr, i) => {
        if (t.isSync[i]) expect(nr).toBe(false);
      });
    });
  },
);
