/**
 * The CLI end to end: a folder with one good and one corrupt image gives two JSON lines in order, the second an
 * error, and exit code 0; usage errors exit 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HiveResult } from '../../src/core/response';
import { BROWSER_SKIP_REASON, requireBuilt, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { repoRoot } from '../helpers/shared';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = (args: string[]) =>
  spawnSync(tsx, [join(repoRoot, 'cli', 'detect.ts'), ...args], { encoding: 'utf8', timeout: 240_000 });

describe('detect CLI usage', () => {
  it('exits 2 with a usage message when given nothing or a bad option', () => {
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/usage: npm run detect/);
    const bad = run(['--backend', 'cuda', 'x.png']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--backend must be/);
  });
});

describe.skipIf(skipBrowser)(`detect CLI in Chromium${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per file in order, an error line for a corrupt file, and exits 0', () => {
    requireBuilt();
    mkdirSync(join(dir, 'set'));
    writeFileSync(join(dir, 'set', 'a-good.png'), makePng(320, 240, 3));
    const corrupt = makePng(320, 240, 4).subarray(0, 60);
    writeFileSync(join(dir, 'set', 'b-corrupt.jpg'), corrupt);
    const r = run(['--backend', 'wasm', join(dir, 'set')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [good, bad] = lines.map((l) => JSON.parse(l) as HiveResult);
    expectPhotoContract(good!, 'a-good.png');
    const err = bad!.status[0]!;
    expect(err.status.code).toBe('400');
    expect(err.status.message.length).toBeGreaterThan(10);
    expect(err.response.output).toEqual([]);
    expect(err.response.input.media.filename).toBe('b-corrupt.jpg');
    // The CLI now opens one page per core (cli/parallelism.ts), each loading its models: on a loaded 2-core machine
    // that passed 30 s, the default limit; the child's own limit (spawnSync above) is what bounds this test.
  }, 240_000);
});
