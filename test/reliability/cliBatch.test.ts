/**
 * The CLI over a folder tree of 24 files with 3 bad ones among them (zero bytes, a truncated PNG, random bytes
 * named .jpg) plus a path that does not exist: one JSON line per input, in the CLI's order (folders walked
 * recursively, names sorted), an error line for each bad file, answers for the rest, and exit code 0. One
 * browser serves the whole run (test/cli/detect.test.ts covers the two-file case).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HiveResult } from '../../src/core/response';
import { BROWSER_SKIP_REASON, requireBuilt, skipBrowser } from '../helpers/browser';
import { expectPhotoContract } from '../helpers/contract';
import { makePng } from '../helpers/images';
import { repoRoot } from '../helpers/shared';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

describe.skipIf(skipBrowser)(
  `detect CLI over a folder with bad files among good ones${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritas-cli-batch-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('gives 25 lines in order: 21 answers, 3 errors for the bad files, 1 for the missing path; exit 0', () => {
      requireBuilt();
      const root = join(dir, 'set');
      // Sorted walk order: a/..., b/..., b/deep/..., c.png (collectFiles sorts each folder's names, folders inline).
      const expected: { rel: string; bad: boolean }[] = [];
      const put = (rel: string, bytes: Buffer, bad = false): void => {
        mkdirSync(join(root, rel, '..'), { recursive: true });
        writeFileSync(join(root, rel), bytes);
        expected.push({ rel, bad });
      };
      for (let i = 0; i < 8; i++) put(`a/${i}.png`, makePng(64, 48, i + 1));
      put('a/8-empty.png', Buffer.alloc(0), true);
      for (let i = 0; i < 6; i++) put(`b/${i}.png`, makePng(64, 48, 20 + i));
      for (let i = 0; i < 3; i++) put(`b/deep/${i}.png`, makePng(64, 48, 40 + i));
      put('b/deep/3-truncated.png', makePng(64, 48, 43).subarray(0, 60), true);
      for (let i = 4; i < 7; i++) put(`b/deep/${i}.png`, makePng(64, 48, 40 + i));
      put('b/deep/7-random.jpg', randomBytes(2048), true);
      put('c.png', makePng(64, 48, 99));
      expect(expected).toHaveLength(24);
      const missing = join(dir, 'no-such-file.png');

      const r = spawnSync(
        tsx,
        [join(repoRoot, 'cli', 'detect.ts'), '--backend', 'wasm', '--no-faces', '--crops', '1', root, missing],
        { encoding: 'utf8', timeout: 240_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const results = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as HiveResult);
      expect(results).toHaveLength(25);
      const names = results.map((x) => x.status[0]!.response.input.media.filename);
      expect(names).toEqual([...expected.map((e) => e.rel.split('/').pop()!), 'no-such-file.png']);
      expected.forEach((e, i) => {
        const s = results[i]!.status[0]!;
        if (e.bad) {
          expect(s.status.code, `${e.rel}: ${s.status.message}`).toBe('400');
          expect(s.response.output).toEqual([]);
        } else expectPhotoContract(results[i]!, names[i]!);
      });
      expect(results[24]!.status[0]!.status).toMatchObject({
        code: '400',
        message: expect.stringMatching(/No such file/),
      });
    }, 240_000);
  },
);
