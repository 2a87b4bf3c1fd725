/**
 * The face-model build step: deterministic, byte-identical to the committed file, the original model intact after
 * the new prefix, and metadata equivalent to the reference model's (../shared/weights/mediapipe, tests only).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFaceModel, FACE_MANIFEST_OUT, FACE_MODEL_OUT, FACE_MODEL_SOURCE } from '../../scripts/build-face-model';
import { describeMetadata, readMetadataBuffer } from '../../scripts/tfliteMetadata';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const source = new Uint8Array(readFileSync(FACE_MODEL_SOURCE));
const reference = join(sharedDir, 'weights', 'mediapipe', 'blaze_face_short_range.tflite');

describe('scripts/build-face-model.ts', () => {
  it('gives the same bytes on every run, and the committed file is up to date', () => {
    const a = buildFaceModel(source);
    const b = buildFaceModel(source);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const committed = readFileSync(FACE_MODEL_OUT);
    expect(
      Buffer.compare(committed, Buffer.from(a)),
      'public/models/face_detector.tflite is stale: npx tsx scripts/build-face-model.ts',
    ).toBe(0);
    const manifest = JSON.parse(readFileSync(FACE_MANIFEST_OUT, 'utf8')) as { sha256: string; bytes: number };
    expect(manifest.sha256).toBe(createHash('sha256').update(a).digest('hex'));
    expect(manifest.bytes).toBe(a.length);
  });

  it('keeps the original model unchanged after a 16-byte-aligned prefix', () => {
    const out = buildFaceModel(source);
    const prefix = out.length - source.length;
    expect(prefix % 16).toBe(0);
    expect(Buffer.compare(Buffer.from(out.subarray(prefix)), Buffer.from(source))).toBe(0);
    expect(new TextDecoder().decode(out.subarray(4, 8))).toBe('TFL3');
  });

  it('adds RGB + NormalizationOptions(127.5, 127.5) metadata', () => {
    const meta = readMetadataBuffer(buildFaceModel(source));
    expect(meta).not.toBeNull();
    const d = describeMetadata(meta!);
    expect(d).toMatchObject({
      colorSpace: 1,
      mean: [127.5],
      std: [127.5],
      min: [-1],
      max: [1],
      minParserVersion: '1.0.0',
    });
    expect(d.outputs).toHaveLength(2);
  });

  const haveReference = hasShared && existsSync(reference);

  it.skipIf(!haveReference)(
    `matches the reference model's metadata where MediaPipe reads it${haveReference ? '' : ` (${SHARED_SKIP_REASON})`}`,
    () => {
      const ref = describeMetadata(readMetadataBuffer(new Uint8Array(readFileSync(reference)))!);
      const ours = describeMetadata(readMetadataBuffer(buildFaceModel(source))!);
      for (const k of ['colorSpace', 'mean', 'std', 'min', 'max', 'minParserVersion'] as const) {
        expect(ours[k], k).toEqual(ref[k]);
      }
      expect(ours.outputs.length).toBe(ref.outputs.length);
    },
  );

  it('refuses to add metadata twice', () => {
    expect(() => buildFaceModel(buildFaceModel(source))).toThrow(/already has TFLITE_METADATA/);
  });
});
