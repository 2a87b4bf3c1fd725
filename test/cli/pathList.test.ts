import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPathList } from '../../cli/pathList';
import { UsageError } from '../../cli/readOptions';

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
  it('a list that is missing, or a folder, is a usage error (exit 2), not a failed run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paths-'));
    await expect(readPathList(join(dir, 'missing.txt'))).rejects.toThrow(UsageError);
    await expect(readPathList(join(dir, 'missing.txt'))).rejects.toThrow(/--files-from .*missing\.txt: no such file/);
    await expect(readPathList(dir)).rejects.toThrow(/not a file/);
  });
});
