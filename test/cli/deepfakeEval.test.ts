import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeepfakeSet } from '../../cli/deepfakeSet';
import { deepfakeReport } from '../../cli/deepfakeReport';
import { rowFields, type DeepfakeRow, type FaceScore } from '../../cli/deepfakeRow';
import type { HiveResult } from '../../src/core/response';

function manifest(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dfset-'));
  const file = join(dir, 'manifest.tsv');
  writeFileSync(file, text);
  return file;
}

const split = (path: string, s: string) => ({ path, split: s, label: '', generator: '' });

describe('readDeepfakeSet', () => {
  const file = manifest(
    'path\tlabel\tgenerator\tsource_repo\n' +
      'swap/a.mp4\tdeepfake\tfaceswap\tx/swap\n' +
      'faces/train.jpg\treal\tcamera\tx/celeb\n' +
      'faces/held.jpg\treal\tcamera\tx/tests\n' +
      'gen/p.png\tai\tflux\tx/gallery\n' +
      'gen/q.png\tai\tflux\tx/gallery\n',
  );

  it('takes every fake, reals the head did not train on, and portraits only from the given split', () => {
    const items = readDeepfakeSet(
      [{ manifest: file, root: '/data' }],
      [split('faces/train.jpg', 'train')],
      [split('gen/p.png', 'val'), split('gen/q.png', 'train')],
    );
    expect(items.map((i) => [i.relPath, i.kind])).toEqual([
      ['swap/a.mp4', 'fake'],
      ['faces/held.jpg', 'real'],
      ['gen/p.png', 'portrait'],
    ]);
    expect(items[0]!.path).toBe('/data/swap/a.mp4');
  });

  it('leaves out a fake the split file puts on the train side (a fold model learnt from it)', () => {
    const items = readDeepfakeSet([{ manifest: file, root: '/d' }], [split('swap/a.mp4', 'train')]);
    expect(items.filter((i) => i.kind === 'fake')).toEqual([]);
    expect(items.filter((i) => i.kind === 'real')).toHaveLength(2);
  });

  it('scores no AI image without a portrait split', () => {
    const items = readDeepfakeSet([{ manifest: file, root: '/d' }], []);
    expect(items.filter((i) => i.kind === 'portrait')).toEqual([]);
    expect(items.filter((i) => i.kind === 'real')).toHaveLength(2);
  });
});

const face = (score: number | null): FaceScore => ({
  time: 0,
  box: { x: 0, y: 0, width: 100, height: 100 },
  keypoints: [],
  detection_score: 0.9,
  score,
});

function row(
  kind: DeepfakeRow['kind'],
  score: number,
  faces: FaceScore[],
  source: string = kind,
  method = 'm',
): DeepfakeRow {
  return {
    path: `${kind}-${score}`,
    relPath: '',
    kind,
    method,
    source,
    score,
    frameMax: score,
    frames: 1,
    faces,
    error: null,
  };
}

describe('deepfakeReport', () => {
  it('counts a fake without a face as a miss, and leaves out real files without a judged face', () => {
    const rows = [
      row('fake', 0.9, [face(0.9)], 'a'),
      row('fake', 0, [], 'b'), // no face found: scores 0, stays in
      row('real', 0.2, [face(0.2)], 'c'),
      row('real', 0.6, [face(0.6), face(0.1)], 'd'),
      row('real', 0, [face(null)], 'e'), // only a too-small face: not a real face file
      row('real', 0, [], 'f'),
    ];
    const r = deepfakeReport(rows);
    expect(r.fakes).toBe(2);
    expect(r.fakes_without_face).toBe(1);
    expect(r.reals_with_face).toBe(2);
    expect(r.reals_without_face).toBe(2);
    // fakes 0.9 and 0 against reals 0.2 and 0.6: 2 of 4 pairs ordered right
    expect(r.auc).toBeCloseTo(0.5);
    expect(r.detected).toBeCloseTo(0.5);
    expect(r.file_fpr).toBeCloseTo(0.5);
    expect(r.face_fpr).toBeCloseTo(1 / 3);
    expect(r.real_faces).toBe(3);
  });

  it('measures portraits apart and keeps them out of the AUC', () => {
    const rows = [
      row('fake', 0.9, [face(0.9)]),
      row('real', 0.1, [face(0.1)]),
      row('portrait', 0.95, [face(0.95)], 'p1'),
      row('portrait', 0.1, [face(0.1)], 'p2'),
      row('portrait', 0, [], 'p3'),
    ];
    const r = deepfakeReport(rows);
    expect(r.auc).toBe(1);
    expect(r.portraits).toBe(3);
    expect(r.portraits_with_face).toBe(2);
    expect(r.portrait_file_fpr).toBeCloseTo(0.5);
  });

  it('keeps failed files out of every figure', () => {
    const bad = { ...row('fake', 0, []), error: '500 broken' };
    const r = deepfakeReport([bad, row('fake', 0.8, [face(0.8)]), row('real', 0.1, [face(0.1)])]);
    expect(r.errors).toBe(1);
    expect(r.fakes).toBe(1);
  });
});

describe('rowFields', () => {
  const classes = (deepfake: number) => [{ class: 'deepfake' as const, score: deepfake }];
  const frame = (time: number, deepfake: number) => ({
    time,
    classes: classes(deepfake),
    algorithmic_tags: {} as never,
    faces: [{ box: { x: 1, y: 2, width: 50, height: 60 }, keypoints: [], detection_score: 0.8, score: deepfake }],
  });

  it('reads a clip score from the summary and keeps every frame and face', () => {
    const result = {
      status: [
        {
          status: { code: '0', message: 'SUCCESS' },
          response: { output: [frame(0, 0.2), frame(1, 0.7)], summary: { classes: classes(0.65), rule: '' } },
        },
      ],
    } as unknown as HiveResult;
    const f = rowFields(result);
    expect(f.score).toBe(0.65);
    expect(f.frameMax).toBe(0.7);
    expect(f.frames).toBe(2);
    expect(f.faces.map((x) => [x.time, x.score])).toEqual([
      [0, 0.2],
      [1, 0.7],
    ]);
  });

  it('turns a failed file into an error row', () => {
    const result = {
      status: [{ status: { code: '400', message: 'Unsupported' }, response: { output: [] } }],
    } as unknown as HiveResult;
    expect(rowFields(result).error).toBe('400 Unsupported');
  });
});
