/**
 * Build step: makes the BlazeFace short-range model from the npm package @mediapipe/face_detection usable by
 * MediaPipe Tasks' FaceDetector, by adding the TFLite metadata it requires (RGB image input, normalised with
 * mean 127.5 / std 127.5). Writes public/models/face_detector.tflite (Apache-2.0, provenance in DEEPFAKE-CARD.md)
 * and face_detector.json (sha256, bytes). Reproducible: the same input gives the same bytes.
 *
 * Run: npx tsx scripts/build-face-model.ts [--check]   (--check fails when the committed file is stale)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachMetadata, buildFaceDetectorMetadata } from './tfliteMetadata';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FACE_MODEL_SOURCE = join(root, 'node_modules/@mediapipe/face_detection/face_detection_short_range.tflite');
export const FACE_MODEL_OUT = join(root, 'public/models/face_detector.tflite');
export const FACE_MANIFEST_OUT = join(root, 'public/models/face_detector.json');

export function buildFaceModel(source: Uint8Array): Uint8Array {
  const meta = buildFaceDetectorMetadata({
    name: 'BlazeFace short range',
    description:
      'Face detector (BlazeFace short range, 128x128) from @mediapipe/face_detection, metadata added by scripts/build-face-model.ts',
    mean: 127.5,
    std: 127.5,
  });
  return attachMetadata(source, meta);
}

export function faceManifest(model: Uint8Array, sourceVersion: string): Record<string, unknown> {
  return {
    name: 'face_detector',
    version: 1,
    file: 'face_detector.tflite',
    sha256: createHash('sha256').update(model).digest('hex'),
    bytes: model.length,
    source: `npm @mediapipe/face_detection@${sourceVersion} face_detection_short_range.tflite + TFLITE_METADATA (scripts/build-face-model.ts)`,
    license: 'Apache-2.0',
    input: { size: 128, mean: 127.5, std: 127.5, color_space: 'RGB' },
  };
}

function main(): void {
  if (!existsSync(FACE_MODEL_SOURCE)) throw new Error(`Missing ${FACE_MODEL_SOURCE}: run npm ci first`);
  const version = (
    JSON.parse(readFileSync(join(dirname(FACE_MODEL_SOURCE), 'package.json'), 'utf8')) as { version: string }
  ).version;
  const model = buildFaceModel(new Uint8Array(readFileSync(FACE_MODEL_SOURCE)));
  const manifest = `${JSON.stringify(faceManifest(model, version), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const same =
      existsSync(FACE_MODEL_OUT) &&
      Buffer.compare(readFileSync(FACE_MODEL_OUT), model) === 0 &&
      readFileSync(FACE_MANIFEST_OUT, 'utf8') === manifest;
    if (!same) {
      console.error('public/models/face_detector.* are stale: run npx tsx scripts/build-face-model.ts');
      process.exit(1);
    }
    console.log('face_detector.tflite is up to date');
    return;
  }
  writeFileSync(FACE_MODEL_OUT, model);
  writeFileSync(FACE_MANIFEST_OUT, manifest);
  console.log(`wrote ${FACE_MODEL_OUT} (${model.length} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
