/**
 * Bench: faces + deepfake head, ms per image with one face, onnxruntime-web wasm (1 thread, no COOP/COEP) and
 * MediaPipe's CPU path, in the system Chromium. Decode is excluded; one warm-up run, then the median of N.
 * Run: npx tsx scripts/bench-faces.ts [image with one face] [runs]   (prints one JSON object)
 */
import { basename, dirname, resolve } from 'node:path';
import { startFaceHarness } from '../test/faces/faceHarness';
import { sharedDir } from '../test/helpers/shared';

async function main(): Promise<void> {
  const image = resolve(process.argv[2] ?? `${sharedDir}/data/real_faces/celeba_via_deepfacelive/000002.jpg`);
  const runs = Number(process.argv[3] ?? 20);
  const h = await startFaceHarness({ img: dirname(image) });
  try {
    const loadMs = await h.call('initFaces', '/models/', 'wasm');
    const r = await h.call('bench', `/files/img/${encodeURIComponent(basename(image))}`, runs);
    const sorted = [...r.times].sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        image,
        faces: r.faces.length,
        scores: r.faces.map((f) => f.score),
        backend: 'wasm',
        runs,
        load_ms: Math.round(loadMs),
        median_ms: Number(r.median.toFixed(1)),
        detector_median_ms: Number(r.detectMedian.toFixed(1)),
        p90_ms: Number((sorted[Math.floor(sorted.length * 0.9)] ?? 0).toFixed(1)),
      }),
    );
  } finally {
    await h.close();
  }
}

void main();
