/** One scored file of `npm run eval:deepfake`, read from the product's answer. */
import { scoreOf } from '../src/core/headScores';
import type { HiveResult } from '../src/core/response';
import type { DeepfakeItem } from './deepfakeSet';

export interface FaceScore {
  time: number;
  box: { x: number; y: number; width: number; height: number };
  /** The detector's six keypoints (eyes first), so a baseline can align the same crop. */
  keypoints: { x: number; y: number }[];
  detection_score: number;
  score: number | null;
}

export interface DeepfakeRow extends DeepfakeItem {
  score: number;
  frameMax: number;
  frames: number;
  faces: FaceScore[];
  error: string | null;
}

/** The file's score, the highest frame score and every face, from the product's answer. */
export function rowFields(result: HiveResult): Pick<DeepfakeRow, 'score' | 'frameMax' | 'frames' | 'faces' | 'error'> {
  const entry = result.status[0];
  if (!entry || entry.status.code !== '0')
    return { score: 0, frameMax: 0, frames: 0, faces: [], error: `${entry?.status.code} ${entry?.status.message}` };
  const { output, summary } = entry.response;
  const perFrame = output.map((o) => scoreOf(o.classes, 'deepfake'));
  return {
    score: summary ? scoreOf(summary.classes, 'deepfake') : (perFrame[0] ?? 0),
    frameMax: Math.max(0, ...perFrame),
    frames: output.length,
    faces: output.flatMap((o) =>
      (o.faces ?? []).map((f) => ({
        time: o.time,
        box: f.box,
        keypoints: f.keypoints,
        detection_score: f.detection_score,
        score: f.score,
      })),
    ),
    error: null,
  };
}
