/** The deepfake head's manifest (public/models/deepfake.json), checked on load so a stale file fails loudly. */
export interface DeepfakeManifest {
  name: string;
  version: number;
  file: string;
  sha256: string;
  bytes: number;
  input: {
    name: string;
    size: number;
    mean: [number, number, number];
    std: [number, number, number];
    layout: 'NCHW';
    /** Crop side = max(box w, h) * (1 + 2 * margin). */
    margin: number;
  };
  output: { name: string; meaning: string };
  /** Divides the logit before the sigmoid (calibration on held-out pseudo-fakes). */
  temperature: number;
  /** Operating point on the logit-derived probability; scores are shifted so that 0.5 means this threshold. */
  threshold: number;
  min_face_px: number;
  /** Average the logit over the crop and its mirror image (as evaluate.py measured). */
  tta_flip?: boolean;
}

function isTriple(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number');
}

export function parseDeepfakeManifest(json: unknown): DeepfakeManifest {
  const m = json as Partial<DeepfakeManifest> | null;
  const input = m?.input;
  const output = m?.output;
  if (
    !m ||
    typeof m.file !== 'string' ||
    typeof m.sha256 !== 'string' ||
    !input ||
    typeof input.name !== 'string' ||
    typeof input.size !== 'number' ||
    !isTriple(input.mean) ||
    !isTriple(input.std) ||
    typeof input.margin !== 'number' ||
    !output ||
    typeof output.name !== 'string' ||
    typeof m.temperature !== 'number' ||
    typeof m.threshold !== 'number' ||
    typeof m.min_face_px !== 'number'
  ) {
    throw new Error(
      'deepfake.json is malformed: expected file, sha256, input {name,size,mean,std,margin}, output {name}, temperature, threshold, min_face_px',
    );
  }
  return m as DeepfakeManifest;
}

const logit = (p: number): number => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));

/** P(deepfake) from the head's logit: temperature-scaled, then centred so that 0.5 is the shipped threshold. */
export function deepfakeProbability(rawLogit: number, m: Pick<DeepfakeManifest, 'temperature' | 'threshold'>): number {
  const z = rawLogit / m.temperature - logit(m.threshold);
  return 1 / (1 + Math.exp(-z));
}
