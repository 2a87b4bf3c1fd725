/**
 * Video throughput through the BUILT app in headless Chromium (wasm): analysed frames per second at the page's
 * sampling (default 1 fps). Not a unit test: `npx tsx test/video/bench.ts [--dist DIR] clip.mp4 ...`.
 * Issue 5's floor: at least 4 analysed frames/s for 720p and 1080p H.264 at 1 fps (60 s clip in <= 15 s).
 */
import { basename } from 'node:path';
import { startAppDriver } from '../../cli/appDriver';

const args = process.argv.slice(2);
let dist: string | undefined;
let fps: number | null = null;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--dist') dist = args[++i];
  else if (a === '--fps') fps = Number(args[++i]);
  else files.push(a);
}
const driver = await startAppDriver({ files, backend: 'wasm', fps, ...(dist ? { distDir: dist } : {}), timeoutMs: 600_000 });
try {
  for (const [i, f] of files.entries()) {
    const t0 = performance.now();
    const r = await driver.analyze(i);
    const s = (performance.now() - t0) / 1000;
    const e = r.status[0]!;
    const n = e.response.output.length;
    console.log(JSON.stringify({ file: basename(f), code: e.status.code, message: e.status.message, frames: n, seconds: +s.toFixed(2), frames_per_s: +(n / s).toFixed(2), timing: e.response.timing }));
  }
} finally {
  await driver.close();
}
