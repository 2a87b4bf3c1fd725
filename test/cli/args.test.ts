import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDetectArgs } from '../../cli/args';
import { UsageError } from '../../cli/readOptions';
import { collectFiles } from '../../cli/collectFiles';

describe('parseDetectArgs', () => {
  it('reads options in both forms and keeps paths in order', () => {
    expect(parseDetectArgs(['--fps', '2', '--backend=wasm', '--no-metadata', '--no-faces', 'b.png', 'a.png'])).toEqual({ fps: 2, backend: 'wasm', metadata: false, faces: false, crops: null, paths: ['b.png', 'a.png'] });
  });
  it('reads --crops', () => {
    expect(parseDetectArgs(['--crops=3', 'a.png']).crops).toBe(3);
  });
  it.each([[[]], [['--crops', '0', 'a']], [['--crops', '2.5', 'a']], [['--crops', '6', 'a']], [['--fps', '0', 'a']], [['--backend', 'cuda', 'a']], [['--bogus', 'a']], [['--fps']]])('rejects %j', (argv) => {
    expect(() => parseDetectArgs(argv)).toThrow(UsageError);
  });
});

describe('collectFiles', () => {
  it('walks directories recursively in sorted order, skips hidden entries, keeps missing paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'collect-'));
    mkdirSync(join(dir, 'sub'));
    for (const f of ['b.jpg', 'a.png', '.DS_Store', 'sub/c.webp']) writeFileSync(join(dir, f), 'x');
    expect(collectFiles([join(dir, 'missing.png'), dir])).toEqual([
      join(dir, 'missing.png'),
      join(dir, 'a.png'),
      join(dir, 'b.jpg'),
      join(dir, 'sub', 'c.webp'),
    ]);
  });
});
