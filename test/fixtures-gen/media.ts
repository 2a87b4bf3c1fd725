/**
 * Small real media files made at test time with ffmpeg (testsrc2 pattern), so that signed fixtures are genuine
 * JPEG / PNG / WebP / AVIF / MP4 / MOV files rather than hand-built headers. Absent ffmpeg -> callers skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type MediaKind = 'jpeg' | 'png' | 'webp' | 'avif' | 'mp4' | 'mov';

export const MIME: Readonly<Record<MediaKind, string>> = Object.freeze({
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
});

function probe(): boolean {
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export const hasFfmpeg = probe();
export const FFMPEG_SKIP_REASON = 'skipped: ffmpeg is not installed (apt-get install -y ffmpeg)';

const ARGS: Readonly<Record<MediaKind, string[]>> = {
  jpeg: ['-frames:v', '1', '-q:v', '3'],
  png: ['-frames:v', '1'],
  webp: ['-frames:v', '1', '-c:v', 'libwebp'],
  avif: ['-frames:v', '1', '-c:v', 'libaom-av1', '-still-picture', '1', '-cpu-used', '8'],
  mp4: ['-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast'],
  mov: ['-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast'],
};

const EXT: Readonly<Record<MediaKind, string>> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  mp4: 'mp4',
  mov: 'mov',
};

/** A genuine file of the given kind, 96x64 (1 s at 10 fps for video). */
export function makeMedia(kind: MediaKind): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-media-'));
  const out = join(dir, `m.${EXT[kind]}`);
  const rate = kind === 'mp4' || kind === 'mov' ? '10' : '1';
  execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=96x64:rate=${rate}`, ...ARGS[kind], out],
    { stdio: 'pipe' },
  );
  return readFileSync(out);
}
