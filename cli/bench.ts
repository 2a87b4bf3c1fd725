/**
 * `npm run bench [-- --json] [--runs N] [--backend wasm|webgpu]`; `-- --peers [--crops N]`: see peers/benchPeers.ts;
 * `-- --batch [--jobs 1,2] [--wasm-threads off,on] [--dir D] [--rounds R]`: files per second, see benchBatch.ts
 * Times the shipped classifier end to end inside the built page (decode + crops + inference + metadata +
 * response), in the system Chromium: session creation, then the warm median of N runs per input size.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startAppDriver, distDir } from './appDriver';
import { benchPeers } from './peers/benchPeers';
import { benchBatch } from './benchBatch';

interface SizeResult {
  size: string;
  runs: number;
  median_ms: number;
  p90_ms: number;
  min_ms: number;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const runs = Math.max(20, Number(flag('--runs') ?? 20));
  if (process.argv.includes('--batch')) return benchBatch(flag, json);
  if (process.argv.includes('--peers'))
    return benchPeers(runs, json, flag('--crops') === undefined ? undefined : Number(flag('--crops')));
  const backend = flag('--backend') ?? 'wasm';
  const manifest = JSON.parse(readFileSync(join(distDir(), 'models', 'classifier.json'), 'utf8')) as {
    file: string;
    name: string;
    version: number;
  };
  const modelBytes = statSync(join(distDir(), 'models', manifest.file)).size;

  const t0 = Date.now();
  const driver = await startAppDriver({ files: [], backend });
  const pageReadyMs = Date.now() - t0;
  const page = driver.page();
  const sessionCreateMs = await page.evaluate(async () => (await window.veritas!.ready).sessionCreateMs);

  const sizes: [number, number][] = [
    [512, 512],
    [1024, 1024],
    [4000, 3000],
  ];
  const results: SizeResult[] = [];
  for (const [w, h] of sizes) {
    const times = await page.evaluate(
      async ({ w, h, runs }) => {
        // A photo-like JPEG made in the page: gradients, shapes and noise, so the decoder does real work.
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d')!;
        const g = ctx.createLinearGradient(0, 0, w, h);
        g.addColorStop(0, '#2a3b55');
        g.addColorStop(1, '#e8c07a');
        ctx.fillStyle = g;
        ctx.fillRect(0, 0, w, h);
        for (let i = 0; i < 2000; i++) {
          ctx.fillStyle = `hsla(${(i * 47) % 360} 55% 50% / .5)`;
          ctx.fillRect((i * 7919) % w, (i * 104729) % h, 5 + (i % 40), 5 + (i % 30));
        }
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
        const file = new File([blob], `bench-${w}x${h}.jpg`, { type: 'image/jpeg' });
        await window.veritas!.analyzeFile(file); // warm-up
        const out: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          const r = await window.veritas!.analyzeFile(file);
          out.push(performance.now() - t);
          if (r.status[0]?.status.code !== '0') throw new Error(`bench input failed: ${r.status[0]?.status.message}`);
        }
        return out;
      },
      { w, h, runs },
    );
    const sorted = [...times].sort((a, b) => a - b);
    const q = (f: number): number =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0);
    results.push({ size: `${w}x${h}`, runs, median_ms: q(0.5), p90_ms: q(0.9), min_ms: Math.round(sorted[0] ?? 0) });
  }
  await driver.close();

  const report = {
    model: `${manifest.name} v${manifest.version}`,
    model_bytes: modelBytes,
    backend: driver.backend,
    page_ready_ms: pageReadyMs,
    session_create_ms: sessionCreateMs,
    images: results,
    machine: `${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores`,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  console.log(
    `model ${report.model}: ${(modelBytes / 1e6).toFixed(2)} MB; backend ${report.backend}; ${report.machine}`,
  );
  console.log(`page ready ${pageReadyMs} ms; session creation ${sessionCreateMs} ms`);
  console.log('input        runs  median ms  p90 ms  min ms');
  for (const r of results)
    console.log(
      `${r.size.padEnd(12)} ${String(r.runs).padStart(4)} ${String(r.median_ms).padStart(10)} ${String(r.p90_ms).padStart(7)} ${String(r.min_ms).padStart(7)}`,
    );
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
