/**
 * Memory while the BUILT app analyses one long clip, the way a user gives it (file input, so the File is
 * disk-backed, not a copy in memory): JS heap of the page (CDP Performance.getMetrics), and the proportional set
 * size (PSS, from /proc) of every Chromium process this script started, renderer (page + workers) apart.
 * Sampled every second; prints the baseline (app loaded, idle), the peak while analysing and the growth.
 * Not a unit test: `npx tsx test/video/memory.ts [--dist DIR] [--no-faces] [--max-frames N] clip.mp4` (run under flock /tmp/cpu.lock).
 * Issue 5: a 10-minute 1080p clip must not grow the tab's memory by more than 300 MB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { distDir as defaultDist } from '../../cli/appDriver';
import type { HiveResult } from '../../src/core/response';
import { openAppPage } from '../helpers/openAppPage';

const args = process.argv.slice(2);
let dist = defaultDist();
let faces = true;
let maxFrames: number | null = null;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--dist') dist = args[++i]!;
  else if (a === '--no-faces') faces = false;
  else if (a === '--max-frames') maxFrames = Number(args[++i]);
  else files.push(a);
}
const clip = files[0];
if (!clip) throw new Error('usage: memory.ts [--dist DIR] [--no-faces] [--max-frames N] clip.mp4');

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
/** This script's Chromium: every descendant of this process whose command is chromium. */
function ourChromium(): Proc[] {
  const all = processes();
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => mine.has(p.pid) && /chrom/.test(p.cmd));
}
function pssMb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const app = await openAppPage({
  root: dist,
  query: `backend=wasm${faces ? '' : '&faces=0'}${maxFrames ? `&maxFrames=${maxFrames}` : ''}`,
});
try {
  const { page } = app;
  const cdp = await app.browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async (): Promise<{ t: number; heap: number; renderer: number; total: number }> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
    const procs = ourChromium();
    const renderer = procs.filter((p) => p.cmd.includes('--type=renderer')).reduce((s, p) => s + pssMb(p.pid), 0);
    const total = procs.reduce((s, p) => s + pssMb(p.pid), 0);
    return { t: performance.now(), heap, renderer, total };
  };
  // A short settle, then the baseline: the app loaded, the models in memory, nothing analysed yet.
  await new Promise((r) => setTimeout(r, 3000));
  const base = await sample();
  const samples = [base];
  let running = true;
  const poll = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(await sample());
    }
  })();
  const t0 = performance.now();
  await page.getByTestId('file-input').setInputFiles(clip);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-json"]').length === 1, undefined, {
    timeout: 3_600_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await poll;
  const r = JSON.parse((await page.getByTestId('result-json').textContent()) ?? '{}') as HiveResult;
  const e = r.status[0]!;
  const peak = (k: 'heap' | 'renderer' | 'total'): number => Math.max(...samples.map((s) => s[k]));
  const mb = (x: number): number => Math.round(x);
  // Every 30th sample, to show the curve is flat rather than climbing.
  const curve = samples
    .filter((_, i) => i % 30 === 0)
    .map((s) => ({
      s: Math.round((s.t - base.t) / 1000),
      heap: mb(s.heap),
      renderer: mb(s.renderer),
      total: mb(s.total),
    }));
  console.log(
    JSON.stringify({
      file: basename(clip),
      maxFrames,
      code: e.status.code,
      message: e.status.message,
      frames: e.response.output.length,
      seconds: +seconds.toFixed(1),
      faces,
      samples: samples.length,
      curve,
    }),
  );
  console.log(
    JSON.stringify({
      baseline_mb: { page_js_heap: mb(base.heap), renderer_pss: mb(base.renderer), chromium_pss: mb(base.total) },
      peak_mb: { page_js_heap: mb(peak('heap')), renderer_pss: mb(peak('renderer')), chromium_pss: mb(peak('total')) },
      growth_mb: {
        page_js_heap: mb(peak('heap') - base.heap),
        renderer_pss: mb(peak('renderer') - base.renderer),
        chromium_pss: mb(peak('total') - base.total),
      },
    }),
  );
} finally {
  await app.close();
}
process.exit(0);
