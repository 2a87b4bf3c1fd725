/**
 * Training-time helper: runs MediaPipe FaceLandmarker (@mediapipe/tasks-vision 0.10.35, IMAGE mode, up to 4 faces,
 * CPU, in headless Chromium) over the images of training/deepfake/runs/images.tsv whose split is `train` and label
 * `real` (`--all`: every image listed) and writes runs/landmarks.tsv.
 *
 * The model is ../shared/weights/mediapipe/face_landmarker_v2_with_blendshapes.task (beside the checkout), served
 * to the page from that folder: it is a training tool and is never copied into the repo, public/ or dist/.
 *
 * landmarks.tsv: a header line, then one tab-separated line per landmarked face:
 *   id         image id (runs/images/<id>.png)
 *   width      image width in px
 *   height     image height in px
 *   x0 y0 x1 y1  bounding box of the 478 landmarks in px (min x, min y, max x, max y), to match each landmark set
 *              to a face of runs/faces.tsv by IoU (faces.tsv boxes are x y w h)
 *   landmarks  956 space-separated numbers: the 478 landmarks as pixel coordinates `x y` in MediaPipe's order
 *              (normalised landmark x width, y height), 2 decimals
 * Images with no face have no line. Landmarks can fall slightly outside the image.
 *
 * Run: npx tsx scripts/face-landmarks.ts [runs dir] [--all]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLandmarkHarness } from './landmarkHarness';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const weightsDir = join(repoRoot, '..', 'shared', 'weights', 'mediapipe');
const modelFile = 'face_landmarker_v2_with_blendshapes.task';

function selectedIds(runs: string, all: boolean): string[] {
  const [header = '', ...rows] = readFileSync(join(runs, 'images.tsv'), 'utf8').trim().split('\n');
  const cols = header.split('\t');
  const idCol = cols.indexOf('id');
  const splitCol = cols.indexOf('split');
  const labelCol = cols.indexOf('label');
  if (idCol < 0 || splitCol < 0 || labelCol < 0) throw new Error(`images.tsv lacks id/split/label columns: ${header}`);
  return rows
    .map((l) => l.split('\t'))
    .filter((c) => all || (c[splitCol] === 'train' && c[labelCol] === 'real'))
    .map((c) => c[idCol] ?? '');
}

function faceLine(id: string, width: number, height: number, xy: number[]): string {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = xy[i] ?? 0;
    const y = xy[i + 1] ?? 0;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const box = [x0, y0, x1, y1].map((v) => v.toFixed(2));
  return [id, width, height, ...box, xy.map((v) => v.toFixed(2)).join(' ')].join('\t');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const runs = resolve(args.find((a) => !a.startsWith('--')) ?? 'training/deepfake/runs');
  if (!existsSync(join(weightsDir, modelFile))) throw new Error(`missing ${join(weightsDir, modelFile)}`);
  const ids = selectedIds(runs, all);
  const t0 = performance.now();
  const h = await startLandmarkHarness({ runs, weights: weightsDir });
  const lines = ['id\twidth\theight\tx0\ty0\tx1\ty1\tlandmarks'];
  let withFace = 0;
  let failed = 0;
  try {
    await h.call('init', `/files/weights/${modelFile}`, 4);
    for (const [i, id] of ids.entries()) {
      const r = await h.call('landmark', `/files/runs/images/${id}.png`);
      if ('error' in r) {
        failed++;
        console.error(id, r.error);
        continue;
      }
      if (r.faces.length) withFace++;
      for (const xy of r.faces) {
        if (xy.length !== 478 * 2) throw new Error(`${id}: ${xy.length / 2} landmarks, expected 478`);
        lines.push(faceLine(id, r.width, r.height, xy));
      }
      if (i % 100 === 0) console.log(`${i}/${ids.length}`);
    }
  } finally {
    await h.close();
  }
  writeFileSync(join(runs, 'landmarks.tsv'), `${lines.join('\n')}\n`);
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${ids.length} images (${failed} unreadable), ${withFace} with faces, ${lines.length - 1} faces landmarked, ${secs.toFixed(1)} s`,
  );
}

void main();
