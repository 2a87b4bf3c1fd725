import { describe, expect, it } from 'vitest';
import { buildErrorResponse, buildPhotoResponse } from '../../src/core/buildResponse';
import { emptyTags } from '../../src/core/emptyTags';
import { toCsv, toJsonLines } from '../../src/core/exportRows';
import { toClassScores } from '../../src/core/headScores';

const ok = buildPhotoResponse({
  media: { filename: 'a,"b".png', mimetype: 'image/png', width: 10, height: 20 },
  model: { version: 1 },
  frame: {
    time: 0,
    classes: toClassScores({ ai: 0.75, generators: { flux: 1 }, inconclusive: false, video: false, deepfake: 0.1 }),
    algorithmic_tags: emptyTags(),
  },
});
const bad = buildErrorResponse({
  code: '413',
  message: '=HYPERLINK("x")',
  filename: '@evil.jpg',
  mimetype: 'image/jpeg',
});

describe('batch export', () => {
  it('JSON Lines: one parseable answer per line, in order', () => {
    const lines = toJsonLines([ok, bad]).trimEnd().split('\n');
    expect(lines.map((l): unknown => JSON.parse(l))).toEqual([ok, bad]);
    expect(toJsonLines([])).toBe('');
  });

  it('CSV: header, quoted fields, formula injection neutralised', () => {
    const rows = toCsv([ok, bad]).trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'filename,status,message,type,width,height,ai_generated,top_source,top_source_score,deepfake,frames',
    );
    expect(rows[1]).toBe('"a,""b"".png",0,SUCCESS,PHOTO,10,20,0.750000,flux,0.750000,0.100000,1');
    expect(rows[2]).toBe(`'@evil.jpg,413,"'=HYPERLINK(""x"")",PHOTO,0,0,,,,,0`);
  });
});
