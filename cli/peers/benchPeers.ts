/**
 * `npm run bench -- --peers [--json] [--runs N] [--crops N]`: our classifier against peers' architectures, in ONE run of the same
 * onnxruntime-web build in headless Chromium, alternating ours and theirs, at least 20 warm runs each.
 * Ours is timed as the app runs it per image (PHOTO_CROPS native-resolution 224 crops in one batch, or `--crops N`); each peer at its single
 * published input size. Peer ONNX files come from training/peers/build_peers.py (random weights, same opset and the
 * same int8 weight quantisation as ours), built on first use into bench-models/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { assertBuilt, distDir } from '../appDriver';
import { launchChromium } from '../chromium';
import { repoRoot } from '../paths';
import { startStaticServer } from '../staticServer';
import { gflops, median, peerRow, type PeerRow } from './stats';
import { PHOTO_CROPS } from '../../src/core/photoCrops';
import type {} from '../../src/bench/main';

interface PeerInfo {
  error?: string;
  file: string;
  size: number;
  bytes: number;
  macs: number;
  used_by: string;
}

/** A portrait with one face for the face path (from ../shared; the face section is skipped without it). */
const PORTRAIT = join(repoRoot, '..', 'shared', 'data', 'real_faces', 'celeba_via_deepfacelive', '000002.jpg');
const FACE_PEER = 'efficientnet_b4_380';

interface FaceReport {
  image: string;
  faces: number;
  ours_median_ms: number;
  detector_median_ms: number;
  peer: string;
  peer_median_ms: number;
  /** EfficientNet-B4 face classifier at 380 / our whole face path (detector + deepfake head). */
  speedup: number;
  runs: number;
}

/** Our face path (one call = detect + align + deepfake head) alternated with a peer face classifier. */
async function timeFacePath(
  page: Page,
  peer: string,
  peerShape: number[],
  runs: number,
): Promise<{ ours: number[]; detector: number[]; theirs: number[] }> {
  return page.evaluate(
    async ({ peer, peerShape, runs }) => {
      const bench = window.veritasBench!;
      await bench.timeFacePath(2);
      await bench.time(peer, peerShape, 2);
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < runs; i++) {
        ours.push(...(await bench.timeFacePath(1)));
        theirs.push(...(await bench.time(peer, peerShape, 1)));
      }
      return { ours, detector: await bench.timeFaceDetector(runs), theirs };
    },
    { peer, peerShape, runs },
  );
}

async function timeAlternating(
  page: Page,
  a: string,
  aShape: number[],
  b: string,
  bShape: number[],
  runs: number,
): Promise<[number[], number[]]> {
  return page.evaluate(
    async ({ a, aShape, b, bShape, runs }) => {
      const bench = window.veritasBench!;
      await bench.time(a, aShape, 2);
      await bench.time(b, bShape, 2);
      const ta: number[] = [];
      const tb: number[] = [];
      for (let i = 0; i < runs; i++) {
        ta.push(...(await bench.time(a, aShape, 1)));
        tb.push(...(await bench.time(b, bShape, 1)));
      }
      return [ta, tb] as [number[], number[]];
    },
    { a, aShape, b, bShape, runs },
  );
}

export async function benchPeers(runs: number, json: boolean, cropsFlag?: number): Promise<void> {
  const dir = distDir();
  assertBuilt(dir);
  const models = join(repoRoot, 'bench-models');
  if (!existsSync(join(models, 'peers.json'))) {
    process.stderr.write('building peer models (first run, several minutes)…\n');
    const r = spawnSync('/usr/bin/python3', [join(repoRoot, 'training', 'peers', 'build_peers.py'), models], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0)
      throw new Error(
        'building the peer models failed (needs Debian python3-torch, python3-torchvision, python3-onnx)',
      );
  }
  const info = JSON.parse(readFileSync(join(models, 'peers.json'), 'utf8')) as Record<string, PeerInfo> & {
    ours: { macs_per_crop: number };
  };
  const manifest = JSON.parse(readFileSync(join(dir, 'models', 'classifier.json'), 'utf8')) as {
    file: string;
    crops: { max: number };
    members?: number;
  };
  const CROPS = Math.min(
    manifest.crops.max,
    cropsFlag !== undefined && Number.isFinite(cropsFlag) ? Math.max(1, Math.round(cropsFlag)) : PHOTO_CROPS,
  );
  const ourBytes = statSync(join(dir, 'models', manifest.file)).size;

  const havePortrait = existsSync(PORTRAIT);
  const server = await startStaticServer({
    root: dir,
    mounts: { '/bench-models/': models, ...(havePortrait ? { '/bench-face/': dirname(PORTRAIT) } : {}) },
  });
  const browser = await launchChromium({ webgpu: true });
  const rows: PeerRow[] = [];
  const skipped: { name: string; error: string }[] = [];
  let ourTimes: number[] = [];
  let webgpu: { backend: string; median_ms: number } | { error: string };
  let face: FaceReport | { error: string } = { error: havePortrait ? 'not run' : `skipped: ${PORTRAIT} is absent` };
  let deepfakeWasm: number;
  let deepfakeWebgpu: { median_ms: number } | { error: string };
  let matmulGflops: number;
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}bench.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const load = (name: string, url: string, backend = 'wasm') =>
      page.evaluate(
        ({ name, url, backend }) => window.veritasBench!.load(name, new URL(url, document.baseURI).href, backend),
        { name, url, backend },
      );
    await load('ours', `models/${manifest.file}`);
    const ourShape = [CROPS, 3, 224, 224];
    for (const [name, p] of Object.entries(info)) {
      if (name === 'ours' || name === 'matmul_1024') continue;
      const peer = p as PeerInfo;
      if (peer.error) {
        skipped.push({ name, error: peer.error });
        continue;
      }
      process.stderr.write(`timing ${name}…\n`);
      await load(name, `bench-models/${peer.file}`);
      const [ours, theirs] = await timeAlternating(page, 'ours', ourShape, name, [1, 3, peer.size, peer.size], runs);
      ourTimes = ourTimes.concat(ours);
      rows.push(peerRow(name, `1×${peer.size}²`, peer.bytes, theirs, median(ours), ourBytes));
      if (name === FACE_PEER && havePortrait) {
        process.stderr.write('timing the face path…\n');
        const found = await page.evaluate(
          ({ m, img }) =>
            window.veritasBench!.loadFacePath(
              new URL(m, document.baseURI).href,
              new URL(img, document.baseURI).href,
              'wasm',
            ),
          { m: 'models/', img: `bench-face/${basename(PORTRAIT)}` },
        );
        const t = await timeFacePath(page, name, [1, 3, peer.size, peer.size], runs);
        face = {
          image: basename(PORTRAIT),
          faces: found.faces,
          ours_median_ms: Math.round(median(t.ours) * 10) / 10,
          detector_median_ms: Math.round(median(t.detector) * 10) / 10,
          peer: name,
          peer_median_ms: Math.round(median(t.theirs) * 10) / 10,
          speedup: Math.round((median(t.theirs) / median(t.ours)) * 100) / 100,
          runs,
        };
      }
      await page.evaluate((n) => window.veritasBench!.unload(n), name);
    }
    await load('matmul', 'bench-models/matmul_1024.onnx');
    const mm = await page.evaluate(() => window.veritasBench!.time('matmul', [1024, 1024], 10));
    matmulGflops = gflops(2 * 1024 ** 3, median(mm.slice(2)));
    // The deepfake head alone (crop + mirror = batch of 2 at 128²), WASM then WebGPU.
    const deepfakeShape = [2, 3, 128, 128];
    await load('deepfake', 'models/deepfake.onnx');
    deepfakeWasm =
      Math.round(
        median(
          (
            await page.evaluate(({ shape, n }) => window.veritasBench!.time('deepfake', shape, n), {
              shape: deepfakeShape,
              n: runs + 2,
            })
          ).slice(2),
        ) * 10,
      ) / 10;
    try {
      await load('deepfake-webgpu', 'models/deepfake.onnx', 'webgpu');
      const t = await page.evaluate((shape) => window.veritasBench!.time('deepfake-webgpu', shape, 6), deepfakeShape);
      deepfakeWebgpu = { median_ms: Math.round(median(t.slice(1))) };
    } catch (e) {
      deepfakeWebgpu = { error: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
    }
    try {
      await load('ours-webgpu', `models/${manifest.file}`, 'webgpu');
      const t = await page.evaluate((shape) => window.veritasBench!.time('ours-webgpu', shape, 5), ourShape);
      webgpu = { backend: 'webgpu', median_ms: Math.round(median(t.slice(1))) };
    } catch (e) {
      webgpu = { error: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const ourMedian = median(ourTimes);
  // An ensemble (classifier.json `members`) runs every member on each crop.
  const ourGflops = gflops(2 * info.ours.macs_per_crop * CROPS * (manifest.members ?? 1), ourMedian);
  const report = {
    machine: `${process.platform} ${process.arch}, ${cpus().length} cores, headless Chromium, onnxruntime-web WASM 1 thread`,
    ours: {
      name: 'ours',
      input: `${CROPS}×224² (one image)`,
      bytes: ourBytes,
      median_ms: Math.round(ourMedian * 10) / 10,
      gflops: ourGflops,
      runs: ourTimes.length,
    },
    peers: rows,
    skipped,
    matmul_1024_gflops: matmulGflops,
    webgpu_ours: webgpu,
    face_path: face,
    deepfake_head: { input: '2×128² (face + mirror)', wasm_median_ms: deepfakeWasm, webgpu: deepfakeWebgpu },
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  console.log(report.machine);
  console.log(
    `ours: ${report.ours.input}, ${(ourBytes / 1e6).toFixed(2)} MB, median ${report.ours.median_ms} ms over ${report.ours.runs} runs, ${ourGflops} GFLOP/s (1024³ MatMul in the same runtime: ${matmulGflops} GFLOP/s)`,
  );
  console.log('peer                  input      MB      median ms  speedup  size ratio');
  for (const r of rows)
    console.log(
      `${r.name.padEnd(21)} ${r.input.padEnd(10)} ${(r.bytes / 1e6).toFixed(1).padStart(6)} ${String(r.median_ms).padStart(12)} ${String(r.speedup).padStart(8)}× ${String(r.bytes_ratio).padStart(8)}×`,
    );
  for (const s of skipped) console.log(`${s.name}: not timed (${s.error})`);
  console.log(`ours on WebGPU: ${'error' in webgpu ? webgpu.error : `${webgpu.median_ms} ms`}`);
  console.log(
    'error' in face
      ? `face path: ${face.error}`
      : `face path (${face.faces} face): ours ${face.ours_median_ms} ms (detector ${face.detector_median_ms} ms) vs ${face.peer} ${face.peer_median_ms} ms: ${face.speedup}×`,
  );
  console.log(
    `deepfake head alone (2×128²): WASM ${deepfakeWasm} ms, WebGPU ${'error' in deepfakeWebgpu ? deepfakeWebgpu.error : `${deepfakeWebgpu.median_ms} ms`}`,
  );
}
