/**
 * Video throughput through the BUILT app in headless Chromium (wasm), the way a user gives a file (the page's file
 * input, so the File is disk-backed): analysed frames per second at the page's sampling (default 1 fps), timed from
 * handing the file over to the answer on the page. One page for all files: the first is cold (models just loaded,
 * wasm not yet warm), the next ones warm.
 * Not a unit test: `npx tsx test/video/bench.ts [--dist DIR] [--fps N] [--no-faces] clip.mp4 ...` (under
 * `flock /tmp/cpu.lock`). Issue 5's floor: at least 4 analysed frames/s for 720p and 1080p H.264 at 1 fps
 * (a 60 s clip in <= 15 s). Measured figures: test/video/README-bench.md.
 */
import { basename } from 'node:path';
import { distDir } from '../../cli/appDriver';
import type { HiveResult } from '../../src/core/response';
import { openAppPage } from '../helpers/openAppPage';

const args = process.argv.slice(2);
let dist = distDir();
let fps: number | null = null;
let faces = true;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--dist') dist = args[++i]!;
  else if (a === '--fps') fps = Number(args[++i]);
  else if (a === '--no-faces') faces = false;
  else files.push(a);
}

const query = new URLSearchParams({ backend: 'wasm' });
if (!faces) query.set('faces', '0');
if (fps) query.set('fps', String(fps));
const app = await openAppPage({ root: dist, query: query.toString() });
try {
  const { page } = app;
  for (const [i, f] of files.entries()) {
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(f);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-json"]').length === n, i + 1, {
      timeout: 600_000,
    });
    const s = (performance.now() - t0) / 1000;
    const r = JSON.parse((await page.getByTestId('result-json').nth(i).textContent()) ?? '{}') as HiveResult;
    const e = r.status[0]!;
    const n = e.response.output.length;
    console.log(
      JSON.stringify({
        file: basename(f),
        faces,
        code: e.status.code,
        message: e.status.message,
        frames: n,
        seconds: +s.toFixed(2),
        frames_per_s: +(n / s).toFixed(2),
        timing: e.response.timing,
      }),
    );
  }
} finally {
  await app.close();
}
// Nothing left to wait for (a lingering keep-alive socket or esbuild's service once kept the process up for minutes).
process.exit(0);
