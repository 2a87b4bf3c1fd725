/**
 * Training/evaluation helper: runs the app's own face detector (the shipped face_detector.tflite, in headless
 * Chromium) over training/deepfake/runs/images/*.png and writes runs/faces.tsv, one line per face:
 * id, width, height, detection_score, box x y w h, 6 keypoints (x y). Python reads it to align crops exactly as the
 * worker does. Run: npx tsx scripts/face-cache.ts [runs dir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFaceHarness } from '../test/faces/faceHarness';

async function main(): Promise<void> {
  const runs = resolve(process.argv[2] ?? 'training/deepfake/runs');
  const ids = readFileSync(join(runs, 'images.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0] ?? '');
  const h = await startFaceHarness({ runs });
  const lines = ['id\twidth\theight\tscore\tx\ty\tw\th\tkeypoints'];
  let withFace = 0;
  try {
    await h.call('initDetector', '/models/');
    for (const [i, id] of ids.entries()) {
      const r = await h.call('detectRaw', `/files/runs/images/${id}.png`);
      if ('error' in r) {
        console.error(id, r.error);
        continue;
      }
      if (r.faces.length) withFace++;
      for (const f of r.faces) {
        const kp = f.keypoints.map((k) => `${k.x.toFixed(2)} ${k.y.toFixed(2)}`).join(' ');
        lines.push(
          [id, r.width, r.height, f.detection_score.toFixed(4), f.box.x, f.box.y, f.box.width, f.box.height, kp].join(
            '\t',
          ),
        );
      }
      if (i % 50 === 0) console.log(`${i}/${ids.length}`);
    }
  } finally {
    await h.close();
  }
  writeFileSync(join(runs, 'faces.tsv'), `${lines.join('\n')}\n`);
  console.log(`${ids.length} images, ${withFace} with faces, ${lines.length - 1} faces`);
}

void main();
