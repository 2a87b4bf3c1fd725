/**
 * The CLI at scale, for real (the built app in Chromium, spawned as a user runs it): 3,000 paths through
 * `--files-from -` (more bytes than one command-line argument may hold); `--jobs 2` gives the same answers in the
 * same order as `--jobs 1`; a `--resume` run SIGKILLed part-way (plus the torn line a kill inside write(2) leaves)
 * and restarted ends with exactly one line per file; `--shard 0/3`, `1/3`, `2/3` cover the input once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HiveResult } from '../../src/core/response';
import { shardOf } from '../../cli/shard';
import { BROWSER_SKIP_REASON, requireBuilt, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { repoRoot } from '../helpers/shared';

type Line = HiveResult & { file: string };

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const detect = join(repoRoot, 'cli', 'detect.ts');
// Fast settings: the point here is the batch machinery, not the face path.
const FAST = ['--backend', 'wasm', '--no-faces', '--crops', '1'];
const run = (args: string[], input?: string) =>
  spawnSync(tsx, [detect, ...FAST, ...args], { encoding: 'utf8', timeout: 240_000, input, maxBuffer: 256 << 20 });
const parse = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
/** An answer without what changes from run to run (ids, clock, timings). */
const stable = (l: Line) => ({
  file: l.file,
  status: l.status.map((s) => ({ status: s.status, media: { ...s.response.input.media }, output: s.response.output })),
});

describe.skipIf(skipBrowser)(`detect CLI at scale${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-cli-scale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const images = (name: string, n: number, size = 48): string[] => {
    mkdirSync(join(dir, name), { recursive: true });
    return Array.from({ length: n }, (_, i) => {
      const p = join(dir, name, `img-${String(i).padStart(3, '0')}.png`);
      writeFileSync(p, makePng(size + (i % 5) * 8, size, 1000 + i));
      return p;
    });
  };

  it('reads 3,000 paths from standard input and answers each once, in list order', () => {
    requireBuilt();
    // 60 real images spread through the list; the other paths do not exist and each must still get its own line.
    // (3,000 real analyses would take minutes on this 2-core machine; the list handling is what is under test.)
    const real = images('stdin', 60);
    const paths = Array.from({ length: 3000 }, (_, i) =>
      i % 50 === 7
        ? real[Math.floor(i / 50)]!
        : join(dir, 'absent', `a-generated-path-that-is-not-there-${String(i).padStart(4, '0')}.jpg`),
    );
    const list = `${paths.join('\n')}\n`;
    expect(Buffer.byteLength(list)).toBeGreaterThan(128 * 1024); // more than Linux lets one argument carry
    const r = run(['--jobs', '2', '--files-from', '-'], list);
    expect(r.status, r.stderr).toBe(0);
    const lines = parse(r.stdout);
    expect(lines.map((l) => l.file)).toEqual(paths);
    lines.forEach((l, i) => {
      if (i % 50 === 7) expectPhotoContract(l, `img-${String(Math.floor(i / 50)).padStart(3, '0')}.png`);
      else expect(l.status[0]!.status).toMatchObject({ code: '400', message: expect.stringMatching(/^No such file/) });
    });
  }, 240_000);

  it('gives the same answers in the same order with --jobs 2 as with --jobs 1', () => {
    requireBuilt();
    const files = images('order', 14, 64);
    writeFileSync(join(dir, 'order', 'img-007b-corrupt.png'), makePng(64, 64, 7).subarray(0, 80));
    const one = run(['--jobs', '1', join(dir, 'order')]);
    const two = run(['--jobs', '2', join(dir, 'order')]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = parse(one.stdout);
    expect(a).toHaveLength(files.length + 1);
    expect(a.filter((l) => l.status[0]!.status.code === '0')).toHaveLength(files.length);
    expect(parse(two.stdout).map(stable)).toEqual(a.map(stable));
  }, 240_000);

  it('resumes a run killed with SIGKILL: exactly one line per file, earlier lines kept as they were', async () => {
    requireBuilt();
    const files = images('resume', 24);
    const out = join(dir, 'resume.jsonl');
    // Its own process group, so the kill takes tsx and the CLI together, as a pod's or a machine's death would.
    const child = spawn(tsx, [detect, ...FAST, '--jobs', '2', '--resume', out, join(dir, 'resume')], {
      detached: true,
      stdio: 'ignore',
    });
    const lineCount = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').length - 1 : 0);
    const deadline = Date.now() + 180_000;
    while (lineCount() < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = readFileSync(out, 'utf8');
    const kept = parse(before);
    expect(kept.length).toBeGreaterThanOrEqual(6);
    expect(kept.length).toBeLessThan(files.length);
    // A kill inside write(2) leaves a partial line; timing one is luck, so leave one the way it would look.
    appendFileSync(out, JSON.stringify({ file: files[kept.length], status: [] }).slice(0, 25));

    const r = run(['--jobs', '2', '--resume', out, join(dir, 'resume')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(''); // with --resume the answers go to the file only
    expect(r.stderr).toMatch(/cut a torn last line \(25 bytes\)/);
    const after = readFileSync(out, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const lines = parse(after);
    expect(lines.map((l) => l.file)).toEqual(files); // one each, and still in input order
    lines.forEach((l, i) => expectPhotoContract(l, `img-${String(i).padStart(3, '0')}.png`));

    const again = run(['--resume', out, join(dir, 'resume')]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(after);
  }, 300_000);

  it('splits the input over --shard 0/3, 1/3 and 2/3 with every file in exactly one shard', () => {
    requireBuilt();
    const files = [...images('shard', 12), join(dir, 'shard', 'missing-1.png'), join(dir, 'shard', 'missing-2.png')];
    const listFile = join(dir, 'shard-list.txt');
    writeFileSync(listFile, files.join('\n'));
    const shards = [0, 1, 2].map((i) => {
      const r = run(['--jobs', '1', '--files-from', listFile, '--shard', `${i}/3`]);
      expect(r.status, r.stderr).toBe(0);
      const lines = parse(r.stdout).map((l) => l.file);
      for (const f of lines) expect(shardOf(f, 3)).toBe(i);
      // Within a shard, list order is kept.
      expect(lines).toEqual(files.filter((f) => lines.includes(f)));
      return lines;
    });
    const union = shards.flat();
    expect(union).toHaveLength(files.length);
    expect(new Set(union)).toEqual(new Set(files));
  }, 300_000);
});
