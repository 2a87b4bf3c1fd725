/**
 * `npm run eval:deepfake` end to end on three files of ../shared/data (a face swap, a real face photo, a real photo of a shoulder):
 * each goes through the built app, the real face photo's face is judged, the shoulder is left out of the AUC as a
 * real file without a face, and the per-file scores keep the faces' boxes for the MesoNet comparison.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeepfakeRow } from '../../cli/deepfakeRow';
import { BROWSER_SKIP_REASON, requireBuilt, skipBrowser } from '../helpers/browser';
import { hasShared, repoRoot, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = (args: string[]) =>
  spawnSync(tsx, [join(repoRoot, 'cli', 'evalDeepfake.ts'), ...args], { encoding: 'utf8', timeout: 240_000 });

describe('eval:deepfake usage', () => {
  it('exits 2 with a usage message when a manifest has no root', () => {
    const r = run(['only-a-manifest.tsv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run eval:deepfake/);
  });
});

const skip = skipBrowser || !hasShared;
const why = skipBrowser ? BROWSER_SKIP_REASON : SHARED_SKIP_REASON;

describe.skipIf(skip)(`eval:deepfake in Chromium${skip ? ` (${why})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritas-dfeval-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores fakes and real faces through the app and reports by source', () => {
    requireBuilt();
    const manifest = join(dir, 'manifest.tsv');
    writeFileSync(
      manifest,
      'path\tlabel\tgenerator\tsource_repo\n' +
        'deepfake_faceswap/simswap/docs_img_results1.webp\tdeepfake\tfaceswap\tneuralchen/SimSwap\n' +
        'real_faces/deepface_tests/img12.jpg\treal\tcamera\tserengil/deepface\n' +
        'real_faces/deepface_tests/img1.jpg\treal\tcamera\tserengil/deepface\n',
    );
    const split = join(dir, 'split.tsv');
    writeFileSync(split, 'path\tlabel\tsplit\n');
    const scores = join(dir, 'scores.json');
    const r = run([manifest, join(sharedDir, 'data'), '--split-file', split, '--json', '--scores', scores]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { files: number; errors: number; fakes: number; reals_with_face: number };
    expect(report).toMatchObject({ files: 3, errors: 0, fakes: 1, reals_with_face: 1 });
    const rows = JSON.parse(readFileSync(scores, 'utf8')) as DeepfakeRow[];
    const real = rows.find((x) => x.relPath.endsWith('img12.jpg'))!;
    const judged = real.faces.filter((f) => f.score !== null);
    expect(judged.length).toBeGreaterThan(0);
    expect(judged[0]!.keypoints).toHaveLength(6);
    expect(real.score).toBeCloseTo(Math.max(...judged.map((f) => f.score!)), 6);
    const shoulder = rows.find((x) => x.relPath.endsWith('img1.jpg'))!;
    expect(shoulder.faces).toEqual([]);
    expect(shoulder.score).toBe(0);
  }, 240_000);
});
