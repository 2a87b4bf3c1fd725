/**
 * Real browser: the shipped face_detector.tflite (npm model + our metadata) run by MediaPipe FaceDetector in a module
 * worker must find the same faces as the reference model ../shared/weights/mediapipe/blaze_face_short_range.tflite
 * (IoU > 0.8 per face, keypoints within 3% of the box size). The reference is read by the test only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawFace } from '../../workers/faces/faceDetector';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';
import { startFaceHarness, type FaceHarness } from './faceHarness';

const refDir = join(sharedDir, 'weights', 'mediapipe');
const dataDir = join(sharedDir, 'data');
const haveRef = hasShared && existsSync(join(refDir, 'blaze_face_short_range.tflite'));
const skip = skipBrowser || !haveRef;
const reason = skipBrowser ? BROWSER_SKIP_REASON : SHARED_SKIP_REASON;
const IMAGES = [
  'real_faces/deepface_tests/selfie-many-people.jpg',
  'real_faces/celeba_via_deepfacelive/000002.jpg',
  'real_faces/celeba_via_deepfacelive/000010.jpg',
];

function iou(a: RawFace['box'], b: RawFace['box']): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (a.width * a.height + b.width * b.height - inter);
}

describe.skipIf(skip)(`face detector vs the reference model${skip ? ` (${reason})` : ''}`, () => {
  let h: FaceHarness;
  const ours: Record<string, RawFace[]> = {};
  const ref: Record<string, RawFace[]> = {};

  beforeAll(async () => {
    h = await startFaceHarness({ data: dataDir, ref: refDir });
    await h.call('initDetector', '/models/');
    for (const img of IMAGES) {
      const r = await h.call('detectRaw', `/files/data/${img}`);
      if ('error' in r) throw new Error(r.error);
      ours[img] = r.faces;
    }
    await h.call('initDetector', '/models/', '/files/ref/blaze_face_short_range.tflite');
    for (const img of IMAGES) {
      const r = await h.call('detectRaw', `/files/data/${img}`);
      if ('error' in r) throw new Error(r.error);
      ref[img] = r.faces;
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds faces, and the same ones as the reference (IoU > 0.8, keypoints within 3%)', () => {
    let total = 0;
    for (const img of IMAGES) {
      const a = ours[img] ?? [];
      const b = ref[img] ?? [];
      expect(a.length, img).toBe(b.length);
      for (const fa of a) {
        const best = b.reduce((m, fb) => (iou(fa.box, fb.box) > iou(fa.box, m.box) ? fb : m), b[0]!);
        expect(iou(fa.box, best.box), img).toBeGreaterThan(0.8);
        expect(Math.abs(fa.detection_score - best.detection_score), img).toBeLessThan(0.02);
        fa.keypoints.forEach((k, i) => {
          const r = best.keypoints[i]!;
          expect(Math.hypot(k.x - r.x, k.y - r.y), `${img} keypoint ${i}`).toBeLessThan(0.03 * fa.box.width);
        });
        total++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(3);
  });

  it('finds no face in a face-free texture', async () => {
    const r = await h.call('detectRaw', '/files/data/sr_benchmarks/BSD100/img_011_SRF_2_HR.webp');
    if (!('error' in r)) expect(r.faces.length).toBe(0);
  });
});
