/**
 * The fixed folder `npm run bench -- --batch` times: 1024x1024 JPEGs, each a real face photo (CelebA, from
 * ../shared/data) drawn to fill the frame by Chromium's own encoder, with a real camera's EXIF block (Make, Model,
 * dates, thumbnail) spliced in, so the face path and the metadata path both do real work. Built once into
 * bench-results/ (git-ignored) and reused, so every run and every machine times the same bytes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { launchChromium } from './chromium';
import { repoRoot } from './paths';

const SHARED = join(repoRoot, '..', 'shared', 'data');
const FACES = join(SHARED, 'real_faces', 'celeba_via_deepfacelive');
const CAMERAS = join(SHARED, 'camera_originals_metadata_extractor');

/** The APP1 "Exif" segment of a JPEG, marker included, or null. */
export function exifSegment(jpeg: Buffer): Buffer | null {
  for (let i = 2; i + 4 <= jpeg.length && jpeg[i] === 0xff;) {
    const marker = jpeg[i + 1];
    const length = jpeg.readUInt16BE(i + 2);
    if (marker === 0xe1 && jpeg.toString('latin1', i + 4, i + 10) === 'Exif\0\0')
      return jpeg.subarray(i, i + 2 + length);
    if (marker === 0xda) break; // start of scan: no more headers
    i += 2 + length;
  }
  return null;
}

/** Camera originals whose EXIF names a maker and keeps the pixels upright (an Orientation would rotate the faces). */
async function cameraExif(count: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const name of readdirSync(CAMERAS)
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort()) {
    const bytes = readFileSync(join(CAMERAS, name));
    const tags = (await exifr.parse(bytes, ['Make', 'Orientation']).catch(() => null)) as {
      Make?: string;
      Orientation?: string | number;
    } | null;
    const upright =
      tags?.Orientation === undefined || tags.Orientation === 1 || tags.Orientation === 'Horizontal (normal)';
    const segment = exifSegment(bytes);
    if (tags?.Make && upright && segment) out.push(segment);
    if (out.length === count) break;
  }
  return out;
}

export async function benchFolder(count = 16): Promise<string> {
  const dir = join(repoRoot, 'bench-results', `batch-1024-faces-exif-${count}`);
  if (existsSync(dir) && readdirSync(dir).length === count) return dir;
  if (!existsSync(FACES))
    throw new Error(
      `The bench folder is made from ${SHARED}, which is absent here: pass --dir <folder of images> instead`,
    );
  const faces = readdirSync(FACES)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, count);
  const exif = await cameraExif(count);
  if (faces.length < count || exif.length === 0)
    throw new Error(`Need ${count} face photos in ${FACES} and camera originals in ${CAMERAS}`);
  mkdirSync(dir, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    for (const [i, name] of faces.entries()) {
      const b64 = readFileSync(join(FACES, name)).toString('base64');
      const jpegB64 = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/jpeg;base64,${src}`)).blob());
        const canvas = new OffscreenCanvas(1024, 1024);
        const scale = Math.max(1024 / bitmap.width, 1024 / bitmap.height);
        canvas
          .getContext('2d')!
          .drawImage(
            bitmap,
            (1024 - bitmap.width * scale) / 2,
            (1024 - bitmap.height * scale) / 2,
            bitmap.width * scale,
            bitmap.height * scale,
          );
        const bytes = new Uint8Array(
          await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer(),
        );
        let s = '';
        for (const b of bytes) s += String.fromCharCode(b);
        return btoa(s);
      }, b64);
      const jpeg = Buffer.from(jpegB64, 'base64');
      const segment = exif[i % exif.length]!;
      // Right after SOI: where cameras put their APP1, ahead of the encoder's JFIF APP0 is what readers expect too.
      writeFileSync(
        join(dir, `face-${String(i).padStart(2, '0')}.jpg`),
        Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]),
      );
    }
  } finally {
    await browser.close();
  }
  return dir;
}
