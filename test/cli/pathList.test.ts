import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPathList } from '../../cli/pathList';

describe('readPathList', () => {
  it('reads one path per line from standard input, skipping empty lines, keeping spaces, dropping CR', async () => {
    const stdin = Readable.from(['a.jpg\n', ' spaced name.png \r\n\n', 'dir/b.webp']);
    expect(await readPathList('-', stdin)).toEqual(['a.jpg', ' spaced name.png ', 'dir/b.webp']);
  });
  it('reads a file', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'paths-')), 'list.txt');
    writeFileSync(f, 'x\ny\n');
    expect(await readPathList(f)).toEqual(['x', 'y']);
  });
});
