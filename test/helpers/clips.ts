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
