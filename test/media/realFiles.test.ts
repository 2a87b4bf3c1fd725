/**
 * Cross-check of the crafted headers against files made by a real encoder (ffmpeg, when installed at
 * /usr/bin/ffmpeg; skipped cleanly otherwise, and per case when an encoder is missing). Odd sizes (123 x 45) catch
 * off-by-one and byte-order mistakes that square powers of two hide.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../../src/media/decodeImage';
import { DEFAULT_LIMITS } from '../../src/media/limits';
import { sniff } from '../../src/media/sniff';

const FFMPEG = '/usr/bin/ffmpeg';
const W = 123;
const H = 45;

describe.skipIf(!existsSync(FFMPEG))('real files from ffmpeg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'media-real-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Encodes one frame of a test pattern (with alpha when `alpha`); null when this ffmpeg lacks the encoder. */
  function make(name: string, args: string[], opts: { alpha?: boolean; frames?: number } = {}): Buffer | null {
    const file = join(dir, name);
    const source = opts.alpha
      ? `testsrc=size=${W}x${H}:rate=10,format=rgba,colorchannelmixer=aa=0.5`
      : `testsrc=size=${W}x${H}:rate=10`;
    try {
      execFileSync(
        FFMPEG,
        ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', String(opts.frames ?? 1), ...args, file],
        { stdio: 'pipe', timeout: 20_000 },
      );
    } catch {
      return null;
    }
    return readFileSync(file);
  }

  // it.for, not it.each: only it.for hands the test context (for ctx.skip) to a table's cases.
  it.for([
    ['JPEG 4:2:0', 'a.jpg', ['-pix_fmt', 'yuvj420p'], { format: 'jpeg', components: 3, bitDepth: 8 }],
    ['PNG RGB', 'a.png', ['-pix_fmt', 'rgb24'], { format: 'png', bitDepth: 8, colorType: 2 }],
    [
      'PNG 16-bit RGBA',
      'b.png',
      ['-pix_fmt', 'rgba64be'],
      { format: 'png', bitDepth: 16, colorType: 6, hasAlpha: true },
    ],
    ['PNG grey', 'g.png', ['-pix_fmt', 'gray'], { format: 'png', bitDepth: 8, colorType: 0 }],
    ['WebP lossy', 'a.webp', ['-c:v', 'libwebp'], { format: 'webp' }],
    ['WebP lossless', 'l.webp', ['-c:v', 'libwebp', '-lossless', '1'], { format: 'webp' }],
    ['AVIF', 'a.avif', ['-c:v', 'libaom-av1', '-still-picture', '1', '-cpu-used', '8'], { format: 'avif' }],
    ['GIF', 'a.gif', [], { format: 'gif' }],
    ['BMP', 'a.bmp', [], { format: 'bmp', bitDepth: 24 }],
  ] as const)('%s: sniffed and sized from the header', ([, file, args, expected], ctx) => {
    const bytes = make(file, [...args]);
    if (!bytes) return ctx.skip();
    expect(inspectImage(bytes, DEFAULT_LIMITS).header).toMatchObject({
      width: W,
      height: H,
      orientation: 1,
      ...expected,
    });
  });

  it('from an RGBA source: WebP declares alpha; AVIF (pitm + ipma) still reads the primary item size', (ctx) => {
    const webp = make('alpha.webp', ['-c:v', 'libwebp'], { alpha: true });
    const avif = make('alpha.avif', ['-c:v', 'libaom-av1', '-still-picture', '1', '-cpu-used', '8'], { alpha: true });
    if (!webp || !avif) return ctx.skip();
    expect(inspectImage(webp, DEFAULT_LIMITS).header).toMatchObject({ width: W, height: H, hasAlpha: true });
    expect(inspectImage(avif, DEFAULT_LIMITS).header).toMatchObject({ format: 'avif', width: W, height: H });
  });

  it('animated GIF and WebP: the canvas size, and WebP says it is animated', (ctx) => {
    const gif = make('anim.gif', [], { frames: 5 });
    const webp = make('anim.webp', ['-c:v', 'libwebp', '-loop', '0'], { frames: 5 });
    if (!gif || !webp) return ctx.skip();
    expect(inspectImage(gif, DEFAULT_LIMITS).header).toMatchObject({ width: W, height: H });
    expect(inspectImage(webp, DEFAULT_LIMITS).header).toMatchObject({ width: W, height: H, animated: true });
  });

  it.for([
    ['MP4', 'a.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'], 'mp4', 'video/mp4'],
    ['MP4 (mpeg4 part 2)', 'b.mp4', ['-c:v', 'mpeg4'], 'mp4', 'video/mp4'],
    ['MOV', 'a.mov', ['-c:v', 'mjpeg'], 'mov', 'video/quicktime'],
    ['WebM', 'a.webm', ['-c:v', 'libvpx-vp9'], 'webm', 'video/webm'],
    ['Matroska', 'a.mkv', ['-c:v', 'mjpeg'], 'mkv', 'video/x-matroska'],
  ] as const)('%s is sniffed as video and refused as an image', ([, file, args, format, mime], ctx) => {
    const bytes = make(file, [...args], { frames: 3 });
    if (!bytes) return ctx.skip();
    expect(sniff(bytes)).toEqual({ kind: 'video', format, mime });
    expect(() => inspectImage(bytes, DEFAULT_LIMITS)).toThrow(/video, not an image/);
  });
});
