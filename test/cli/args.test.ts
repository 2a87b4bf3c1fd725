import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDetectArgs } from '../../cli/args';
import { UsageError } from '../../cli/readOptions';
import { collectFiles } from '../../cli/collectFiles';

describe('parseDetectArgs', () => {
  it('reads options in both forms and keeps paths in order', () => {
    expect(parseDetectArgs(['--fps', '2', '--backend=wasm', '--no-metadata', '--no-faces', 'b.png', 'a.png'])).toEqual({
      fps: 2,
      backend: 'wasm',
      metadata: false,
      faces: false,
      crops: null,
      paths: ['b.png', 'a.png'],
      filesFrom: null,
      jobs: null,
      wasmThreads: null,
      resume: null,
      shard: null,
    });
  });
  it('reads the batch options; --files-from alone is enough input, and - means standard input', () => {
    expect(
      parseDetectArgs([
        '--files-from',
        '-',
        '--jobs',
        '3',
        '--wasm-threads=on',
        '--resume',
        'out.jsonl',
        '--shard',
        '2/5',
      ]),
    ).toMatchObject({
      paths: [],
      filesFrom: '-',
      jobs: 3,
      wasmThreads: true,
      resume: 'out.jsonl',
      shard: { index: 2, count: 5 },
    });
    expect(parseDetectArgs(['--wasm-threads', 'off', 'a.png']).wasmThreads).toBe(false);
  });
  it('reads --crops', () => {
    expect(parseDetectArgs(['--crops=3', 'a.png']).crops).toBe(3);
  });
  it.each([
    [[]],
    [['--crops', '0', 'a']],
    [['--crops', '2.5', 'a']],
    [['--crops', '6', 'a']],
    [['--fps', '0', 'a']],
    [['--backend', 'cuda', 'a']],
    [['--bogus', 'a']],
    [['--fps']],
    [['--jobs', '0', 'a']],
    [['--jobs', '1.5', 'a']],
    [['--jobs', '65', 'a']],
    [['--wasm-threads', 'yes', 'a']],
    [['--shard', '3/3', 'a']],
    [['--shard', '1', 'a']],
    [['--shard', '0/0', 'a']],
    [['--resume', 'o.jsonl']],
  ])('rejects %j', (argv) => {
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
