/**
 * The figures of `npm run eval:deepfake`, from per-file rows (pure, so a test can check them on made-up rows).
 *
 * A file's score is the product's `deepfake` class: for an image the highest face score, for a clip the summary's
 * (90th percentile over sampled frames, clipVerdict.ts). `frameMax` (the highest over frames) is reported beside it
 * because that is how the baseline comparisons in issue 11 were scored.
 *
 * Which files enter the AUC: every fake (a fake in which the detector finds no face scores 0, a miss the user gets),
 * and real files in which at least one face was judged. A real landscape scores 0 trivially; counting it would flatter
 * the head with files that say nothing about faces. Portraits (AI-generated pictures of people) are not in the AUC;
 * they get their own false-positive figure.
 */
import { auc } from './metrics';
import { clusterBootstrap, type Interval } from './bootstrap';
import { clusterOf } from './deepfakeSet';
import type { DeepfakeRow, FaceScore } from './deepfakeRow';

/** The shipped head's threshold: its scores are shifted so 0.5 is the decision point (DEEPFAKE-CARD.md). */
export const THRESHOLD = 0.5;

const judged = (r: DeepfakeRow): FaceScore[] => r.faces.filter((f) => f.score !== null);

function aucOf(rows: readonly DeepfakeRow[], pick: (r: DeepfakeRow) => number): number {
  return auc(
    rows.map(pick),
    rows.map((r) => r.kind === 'fake'),
  );
}

function share(n: number, d: number): number {
  return d ? n / d : Number.NaN;
}

/** Real faces called fake at the threshold, over every judged face of the given rows. */
export function faceFpr(rows: readonly DeepfakeRow[]): number {
  const faces = rows.filter((r) => r.kind !== 'fake').flatMap(judged);
  return share(faces.filter((f) => (f.score ?? 0) > THRESHOLD).length, faces.length);
}

export function deepfakeReport(rows: readonly DeepfakeRow[]) {
  const ok = rows.filter((r) => r.error === null);
  const fakes = ok.filter((r) => r.kind === 'fake');
  const realAll = ok.filter((r) => r.kind === 'real');
  const reals = realAll.filter((r) => judged(r).length > 0);
  const portraits = ok.filter((r) => r.kind === 'portrait');
  const portraitsWithFace = portraits.filter((r) => judged(r).length > 0);
  const scored = [...fakes, ...reals];
  const interval = (rs: readonly DeepfakeRow[], stat: (x: readonly DeepfakeRow[]) => number): Interval =>
    clusterBootstrap(rs, clusterOf, stat, { stratumOf: (r) => r.kind });
  const byMethod = new Map<string, DeepfakeRow[]>();
  for (const r of fakes) byMethod.set(r.method, [...(byMethod.get(r.method) ?? []), r]);
  return {
    files: rows.length,
    errors: rows.length - ok.length,
    fakes: fakes.length,
    fake_sources: new Set(fakes.map(clusterOf)).size,
    fakes_without_face: fakes.filter((r) => judged(r).length === 0).length,
    reals_with_face: reals.length,
    real_sources: new Set(reals.map(clusterOf)).size,
    reals_without_face: realAll.length - reals.length,
    auc: aucOf(scored, (r) => r.score),
    auc_interval: interval(scored, (rs) => aucOf(rs, (r) => r.score)),
    auc_frame_max: aucOf(scored, (r) => r.frameMax),
    auc_frame_max_interval: interval(scored, (rs) => aucOf(rs, (r) => r.frameMax)),
    detected: share(fakes.filter((r) => r.score > THRESHOLD).length, fakes.length),
    file_fpr: share(reals.filter((r) => r.score > THRESHOLD).length, reals.length),
    face_fpr: faceFpr(reals),
    face_fpr_interval: interval(reals, faceFpr),
    real_faces: reals.flatMap(judged).length,
    portraits: portraits.length,
    portraits_with_face: portraitsWithFace.length,
    portrait_file_fpr: share(portraitsWithFace.filter((r) => r.score > THRESHOLD).length, portraitsWithFace.length),
    portrait_face_fpr: faceFpr(portraitsWithFace),
    per_method: Object.fromEntries(
      [...byMethod].map(([m, rs]) => [
        m,
        {
          n: rs.length,
          without_face: rs.filter((r) => judged(r).length === 0).length,
          detected: share(rs.filter((r) => r.score > THRESHOLD).length, rs.length),
          auc: aucOf([...rs, ...reals], (r) => r.score),
        },
      ]),
    ),
  };
}

export type DeepfakeReport = ReturnType<typeof deepfakeReport>;
