/**
 * One clip at a time: the page decodes and samples frames (a <video> element decodes every codec the browser
 * plays), the worker classifies each frame as it arrives and keeps only its small per-frame result, so memory
 * stays flat however long the clip is. The container's metadata is read once, from the file as a Blob.
 */
import { buildVideoResponse } from '../../src/core/buildResponse';
import { emptyTags } from '../../src/core/emptyTags';
import { fuse } from '../../src/core/fuse';
import { toClassScores } from '../../src/core/headScores';
import type { Evidence, FaceResult, FrameOutput, HiveResult } from '../../src/core/response';
import { CLIP_RULE, clipVerdict, type FrameHeads } from '../../src/core/video/clipVerdict';
import type { Rgba } from '../../src/core/preprocess';
import { readVideoProvenance } from '../../src/provenance/videoProvenance';
import type { ProvenanceReport } from '../../src/provenance/index';
import { classify, type Classifier } from '../classifier/classifier';
import type { AnalyzeSettings } from '../detectImage';

/**
 * Crops per frame: 2 keeps a 60 s 1080p H.264 clip at 1 fps above 4 analysed frames a second on 2 cores with faces
 * on (4.4-4.8 measured, test/video/README-bench.md); the classifier is most of the per-frame cost.
 */
export const VIDEO_CROPS = 2;

export interface VideoMeta {
  filename: string;
  mimetype: string;
  width: number;
  height: number;
  duration: number;
  num_frames: number;
}

interface Session {
  provenance: ProvenanceReport | null;
  frames: FrameHeads[];
  outputs: FrameOutput[];
  started: number;
  inferenceMs: number;
  facesMs: number;
  facesRan: boolean;
}

let current: Session | null = null;

export async function beginVideo(file: Blob, mimetype: string, settings: AnalyzeSettings): Promise<void> {
  current = {
    provenance: null,
    frames: [],
    outputs: [],
    started: performance.now(),
    inferenceMs: 0,
    facesMs: 0,
    facesRan: false,
  };
  if (settings.metadata)
    current.provenance = await readVideoProvenance(file, mimetype, { trustAnchorsPem: settings.trustAnchorsPem ?? [] });
}

/**
 * Faces hook: when the worker has a face engine it passes `detectFaces` here; the frame's deepfake score is the
 * highest scored face (Hive's rule), 0 without faces or without an engine.
 */
export type FaceFinder = (frame: Rgba) => Promise<FaceResult[]>;

export function frameDeepfake(faces: readonly FaceResult[]): number {
  return faces.reduce((best, f) => (f.score !== null && f.score > best ? f.score : best), 0);
}

export async function videoFrame(
  classifier: Classifier,
  frame: Rgba,
  time: number,
  findFaces?: FaceFinder,
): Promise<FrameOutput> {
  if (!current) throw new Error('videoFrame() before beginVideo()');
  const t0 = performance.now();
  const heads = await classify(classifier, frame, VIDEO_CROPS);
  const t1 = performance.now();
  const faces = findFaces ? await findFaces(frame) : [];
  const t2 = performance.now();
  current.inferenceMs += t2 - t0;
  if (findFaces) {
    current.facesMs += t2 - t1;
    current.facesRan = true;
  }
  const deepfake = frameDeepfake(faces);
  const fused = fuse(heads, []);
  const output: FrameOutput = {
    time: Math.round(time * 1000) / 1000,
    classes: toClassScores({ ...fused, video: true, deepfake }),
    algorithmic_tags: current.provenance?.tags ?? emptyTags(),
    faces,
  };
  current.frames.push({ ...heads, deepfake });
  current.outputs.push(output);
  return output;
}

export interface EndExtras {
  /** Time spent decoding frames (WebCodecs path; the page's <video> path cannot see it). */
  decodeMs?: number;
  /** Notes about the file itself (truncated tail, decoder errors). */
  notes?: Evidence[];
}

export function endVideo(classifier: Classifier, meta: VideoMeta, extra: EndExtras = {}): HiveResult {
  const s = current;
  current = null;
  if (!s || s.frames.length === 0) throw new Error('No frame of this video could be analysed');
  const clip = clipVerdict(s.frames);
  const evidence: Evidence[] = [
    {
      kind: 'model',
      detail: `Pixel classifier over ${s.frames.length} sampled frames: clip P(AI) ${clip.ai.toFixed(3)} (${CLIP_RULE})`,
      weight: 2 * clip.ai - 1,
    },
    ...(s.provenance?.evidence ?? []),
    ...(extra.notes ?? []),
  ];
  if (clip.unstable)
    evidence.push({
      kind: 'note',
      detail: 'At least 30% of the frames disagree with the clip verdict: treat it as unsure',
      weight: 0,
    });
  const fused = fuse(clip, evidence);
  const summary = {
    classes: toClassScores({ ...fused, video: true, deepfake: clip.deepfake }),
    rule: CLIP_RULE,
    evidence,
    ...(clip.unstable ? { inconclusive: true } : {}),
  };
  return buildVideoResponse({
    media: {
      filename: meta.filename,
      mimetype: meta.mimetype,
      width: meta.width,
      height: meta.height,
      num_frames: meta.num_frames,
      duration: meta.duration,
    },
    model: { version: classifier.manifest.version },
    frames: s.outputs,
    summary,
    provenance:
      s.provenance === null
        ? null
        : { c2pa: s.provenance.c2pa, manifest_store: s.provenance.manifestStore, errors: s.provenance.errors },
    timing: {
      backend: classifier.model.backend,
      decode_ms: Math.round(extra.decodeMs ?? 0),
      inference_ms: Math.round(s.inferenceMs),
      total_ms: Math.round(performance.now() - s.started),
      crops: VIDEO_CROPS,
      ...(s.facesRan ? { faces_ms: Math.round(s.facesMs) } : {}),
    },
  });
}
