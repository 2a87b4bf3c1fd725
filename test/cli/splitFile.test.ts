import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSplitFile, trainedGenerators } from '../../cli/splitFile';
import { repoRoot } from '../../cli/paths';

function tsv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'split-'));
  const file = join(dir, 'split.tsv');
  writeFileSync(file, text);
  return file;
}

describe('readSplitFile', () => {
  it('reads columns by header name, skipping comments and blank lines', () => {
    const file = tsv(
      '# a comment\nsource_repo\tsplit\tpath\tgenerator\tlabel\nr1\ttrain\ta.png\tflux\tai\n\nr2\tval\tb.jpg\t\treal\n',
    );
    expect(readSplitFile(file)).toEqual([
      { path: 'a.png', split: 'train', label: 'ai', generator: 'flux' },
      { path: 'b.jpg', split: 'val', label: 'real', generator: '' },
    ]);
  });

  it('refuses a file without path and split columns', () => {
    expect(() => readSplitFile(tsv('file\tset\na\ttrain\n'))).toThrow(/"path" and "split"/);
  });
});

describe('trainedGenerators', () => {
  it('keeps generators of AI rows in the train split only', () => {
    const rows = readSplitFile(
      tsv(
        'path\tlabel\tgenerator\tsplit\na\tai\tflux\ttrain\nb\tai\tgpt-image-2\tval\nc\treal\tcamera\ttrain\nd\tai\tbing\ttrain\n',
      ),
    );
    expect([...trainedGenerators(rows)].sort()).toEqual(['bing', 'flux']);
  });

  it('on the committed training split, names what training saw and not the held-out generators', () => {
    const seen = trainedGenerators(readSplitFile(join(repoRoot, 'training', 'split.tsv')));
    expect(seen.has('bing')).toBe(true);
    expect(seen.has('stablediffusion')).toBe(true);
    // GPT Image 2 and dalle-mini appear only in held-out sources (training/prepare.py).
    expect(seen.has('other:gpt-image-2')).toBe(false);
    expect(seen.has('other:dalle-mini')).toBe(false);
  });
});
