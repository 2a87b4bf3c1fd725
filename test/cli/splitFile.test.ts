import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSplitFile, shippedTrainSplit, trainedGenerators } from '../../cli/splitFile';
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

describe('shippedTrainSplit', () => {
  const manifest = (obj: unknown): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'classifier.json');
    writeFileSync(file, typeof obj === 'string' ? obj : JSON.stringify(obj));
    return file;
  };

  it("reads the manifest's train_split", () => {
    expect(shippedTrainSplit(manifest({ version: 3, train_split: 'training/split-v3.tsv' }))).toBe(
      'training/split-v3.tsv',
    );
  });

  it('falls back to training/split.tsv for older manifests, unreadable files and paths outside training/', () => {
    expect(shippedTrainSplit(manifest({ version: 2 }))).toBe('training/split.tsv');
    expect(shippedTrainSplit(manifest({ train_split: 'training/deepfake/split-v6.tsv' }))).toBe(
      'training/deepfake/split-v6.tsv',
    );
    expect(shippedTrainSplit(manifest({ version: 5 }), 'training/deepfake/split.tsv')).toBe(
      'training/deepfake/split.tsv',
    );
    expect(shippedTrainSplit(manifest('{not json'))).toBe('training/split.tsv');
    expect(shippedTrainSplit(join(tmpdir(), 'no-such-dir-xyz', 'classifier.json'))).toBe('training/split.tsv');
    expect(shippedTrainSplit(manifest({ train_split: '../../etc/passwd' }))).toBe('training/split.tsv');
  });

  it('names a split file that exists in the repository for the shipped model', () => {
    const split = shippedTrainSplit(join(repoRoot, 'public', 'models', 'classifier.json'));
    expect(readSplitFile(join(repoRoot, split)).length).toBeGreaterThan(0);
  });
});
