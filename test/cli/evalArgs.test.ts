import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/readOptions';
import { parseEvalArgs } from '../../cli/evalArgs';

describe('parseEvalArgs', () => {
  it('keeps the positionals whatever flags come before them', () => {
    const a = parseEvalArgs([
      '--no-metadata',
      '--json',
      'm.tsv',
      '--crops',
      '5',
      'root',
      '--split-file=s.tsv',
      '--split',
      'val',
    ]);
    expect(a).toEqual({
      sets: [{ manifest: 'm.tsv', root: 'root' }],
      splitFile: 's.tsv',
      split: 'val',
      backend: 'wasm',
      crops: 5,
      metadata: false,
      limit: 0,
      json: true,
      scores: null,
    });
  });
  it('takes several manifest / root pairs (the validation split spans two folders)', () => {
    const a = parseEvalArgs(['a.tsv', 'ra', '--scores', 'out.json', 'b.tsv', 'rb']);
    expect(a.sets).toEqual([
      { manifest: 'a.tsv', root: 'ra' },
      { manifest: 'b.tsv', root: 'rb' },
    ]);
    expect(a.scores).toBe('out.json');
  });
  it('defaults to the product answer (metadata fused) on wasm', () => {
    expect(parseEvalArgs(['m.tsv', 'root'])).toMatchObject({
      metadata: true,
      backend: 'wasm',
      crops: null,
      json: false,
    });
  });
  it.each([
    [['m.tsv']],
    [['m.tsv', 'root', 'extra']],
    [['m.tsv', 'root', '--scores']],
    [['--no-metdata', 'm.tsv', 'root']],
    [['m.tsv', 'root', '--split', 'val']],
    [['m.tsv', 'root', '--crops', '9']],
    [['m.tsv', 'root', '--limit']],
  ])('rejects %j', (argv) => {
    expect(() => parseEvalArgs(argv)).toThrow(UsageError);
  });
});
