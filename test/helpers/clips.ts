/** Test clips made at test time with Debian's ffmpeg (installed by .ci/run); nothing binary is committed. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ffmpegPath = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => existsSync(p)) ?? null;

export function makeClip(dir: string, name: string, args: string[]): string {
  if (!ffmpegPath) throw new Error('ffmpeg is not installed');
  const out = join(dir, name);
  const r = spawnSync(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args, out], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed for ${name}: ${r.stderr}`);
  return out;
}

export const testSrc = (size: string, seconds: number, rate = 30): string[] => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=${rate}`,
  '-t',
  String(seconds),
];

/**
 * The clip with a 90° display matrix in its (only) track header, as phones store portrait video. Debian's ffmpeg 5.1
 * ignores `-metadata:s:v rotate=90` and has no `-display_rotation`, so the tkhd matrix is written here.
 */
export function rotate90(mov: Buffer): Buffer {
  const out = Buffer.from(mov);
  const at = out.indexOf('tkhd');
  if (at < 0 || out[at + 4] !== 0) throw new Error('test clip: no version-0 tkhd');
  // tkhd v0 body: version/flags, times, id, reserved, duration, reserved, layer, group, volume, reserved: 40 bytes.
  const m = at + 4 + 40;
  [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000].forEach((v, i) => out.writeInt32BE(v, m + 4 * i));
  return out;
}
