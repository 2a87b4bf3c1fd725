/**
 * Types of the Hive-shaped answer (../shared/HIVE-RESPONSE.md). Extensions (`faces`, `evidence`, `summary`,
 * `provenance`, `timing`) are extra optional fields; no Hive field changes meaning.
 */
import type { HiveClass } from './classes';

export interface ClassScore {
  class: HiveClass;
  score: number;
}

export type MediaType = 'PHOTO' | 'VIDEO';

export interface MediaInfo {
  url: null;
  filename: string;
  type: MediaType;
  /** Short form Hive uses, e.g. "png". */
  mime_type: string;
  /** Full MIME type, e.g. "image/png". */
  mimetype: string;
  width: number;
  height: number;
  num_frames: number;
  duration: number;
}

export interface InputInfo {
  id: string;
  created_on: string;
  charge: number;
  model: string;
  model_version: number;
  model_type: 'CATEGORIZATION';
  user_id: null;
  project_id: null;
  media: MediaInfo;
}

export interface AlgorithmicTags {
  c2pa: {
    claim_generator: string;
    actions_software_agent: string;
    actions_action: string;
    actions_digital_source_type: string;
  };
  xmp: { digital_source_file_type: string; credit: string; digital_source_type: string };
  exif: { make: string };
}

export interface FaceKeypoint {
  x: number;
  y: number;
}

export interface FaceResult {
  /** Box in source pixels. */
  box: { x: number; y: number; width: number; height: number };
  keypoints: FaceKeypoint[];
  /** Detector confidence. */
  detection_score: number;
  /** Deepfake probability; null when the face is too small to judge. */
  score: number | null;
  too_small?: boolean;
}

export type EvidenceKind = 'model' | 'c2pa' | 'xmp' | 'exif' | 'png_text' | 'iptc' | 'note';

export interface Evidence {
  kind: EvidenceKind;
  detail: string;
  /** Signed strength: > 0 pushes toward ai_generated, < 0 toward not_ai_generated, 0 informational. */
  weight: number;
  /** Source class this evidence names, when it names one. */
  source?: string;
}

export interface FrameOutput {
  time: number;
  classes: ClassScore[];
  algorithmic_tags: AlgorithmicTags;
  faces?: FaceResult[];
  evidence?: Evidence[];
  /** True when crops or re-encodings disagreed: the verdict is not to be trusted. */
  inconclusive?: boolean;
}

export interface Timing {
  backend: string;
  decode_ms: number;
  inference_ms: number;
  total_ms: number;
  crops?: number;
  /** Time spent finding and scoring faces (when the face path ran). */
  faces_ms?: number;
}

/** A video's whole-clip verdict (extension). */
export interface ClipSummary {
  classes: ClassScore[];
  rule: string;
  evidence?: Evidence[];
  inconclusive?: boolean;
}

export interface HiveResponse {
  input: InputInfo;
  output: FrameOutput[];
  summary?: ClipSummary;
  provenance?: unknown;
  timing?: Timing;
}

export interface StatusEntry {
  status: { code: '0' | '400' | '413' | '500'; message: string };
  response: HiveResponse;
}

export interface HiveResult {
  status: StatusEntry[];
}
