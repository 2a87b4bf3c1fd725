/**
 * One image, end to end inside the worker: decode (limits first) -> classifier crops -> provenance -> fusion ->
 * Hive-shaped answer. Every failure becomes an error response; nothing throws out of here.
 */
import { PHOTO_CROPS } from '../src/core/photoCrops';
import { buildErrorResponse, buildPhotoResponse, type ErrorCode } from '../src/core/buildResponse';
import { emptyTags } from '../src/core/emptyTags';
import { fuse } from '../src/core/fuse';
import { toClassScores } from '../src/core/headScores';
import type { ProgressListener } from '../src/core/progress';
import type { Evidence, FaceResult, HiveResult } from '../src/core/response';
import { decodeImage } from '../src/media/decodeImage';
import { DEFAULT_LIMITS, type Limits } from '../src/media/limits';
import { MediaError } from '../src/media/MediaError';
import { readProvenance } from '../src/provenance/index';
import { classify, type Classifier } from './classifier/classifier';
import { detectFaces, FACE_IMAGE_MAX_SIDE, frameDeepfakeScore, type FaceEngine } from './faces/faces';

export interface FileInput {
  bytes: Uint8Array;
  filename: string;
  /** What the browser or the CLI said; the real format is sniffed from the bytes. */
  mimetype: string;
}

export interface AnalyzeSettings {
  /** Read C2PA / XMP / EXIF / PNG text (default true; CLI `--no-metadata` turns it off). */
  metadata: boolean;
  limits?: Partial<Limits>;
  trustAnchorsPem?: string[];
  /** At most this many classifier crops per image (default PHOTO_CROPS; never more than the model manifest's maximum). */
  maxCrops?: number;
  /** Detect and score faces when the face path is loaded (default true). */
  faces?: boolean;
}

/** The face path as the worker has it: an engine, or none (turned off, or failed to load: `error` says why). */
export interface FacePath {
  engine: FaceEngine | null;
  error?: string;
}

function errorFrom(e: unknown, input: FileInput, fallback: ErrorCode = '500'): HiveResult {
  const code: ErrorCode = e instanceof MediaError ? (String(e.code) as ErrorCode) : fallback;
  const message = e instanceof Error ? e.message : String(e);
  return buildErrorResponse({
    code,
    message,
    filename: input.filename,
    mimetype: input.mimetype || 'application/octet-stream',
  });
}

function modelEvidence(ai: number, perCrop: number[]): Evidence {
  const crops = perCrop.map((p) => p.toFixed(2)).join(', ');
  return {
    kind: 'model',
    detail: `Pixel classifier: P(AI) ${ai.toFixed(3)} averaged over ${perCrop.length} native-resolution crop(s) [${crops}]`,
    weight: 2 * ai - 1,
  };
}

/** What the face path found, for the evidence list; it never moves the generation head (weight 0). */
function faceEvidence(facePath: FacePath, faces: readonly FaceResult[]): Evidence | null {
  if (!facePath.engine) {
    return facePath.error
      ? {
          kind: 'note',
          detail: `Faces were not analysed (the face models did not load: ${facePath.error}); deepfake is 0`,
          weight: 0,
        }
      : null;
  }
  const scored = faces.filter((f) => f.score !== null);
  if (faces.length === 0) return { kind: 'model', detail: 'Deepfake head: no face found (deepfake is 0)', weight: 0 };
  const small = faces.length - scored.length;
  const smallText = small > 0 ? `; ${small} too small to judge` : '';
  const best = scored.length > 0 ? `, highest deepfake score ${frameDeepfakeScore(faces).toFixed(3)}` : '';
  return {
    kind: 'model',
    detail: `Deepfake head: ${faces.length} face(s) found, ${scored.length} scored${best}${smallText}`,
    weight: 0,
  };
}

export async function detectImage(
  classifier: Classifier,
  input: FileInput,
  settings: AnalyzeSettings,
  onProgress?: ProgressListener,
  facePath: FacePath = { engine: null },
): Promise<HiveResult> {
  const t0 = performance.now();
  const limits: Limits = { ...DEFAULT_LIMITS, ...settings.limits };
  try {
    onProgress?.({ kind: 'decoding', filename: input.filename });
    const image = await decodeImage(input.bytes, limits, {
      onFallbackFetch: (f) => onProgress?.({ kind: 'loading-decoder', filename: input.filename, ...f }),
    });
    const decodeMs = performance.now() - t0;
    onProgress?.({ kind: 'analysing', filename: input.filename });
    const provenanceRead = settings.metadata
      ? readProvenance(input.bytes, image.mime, { trustAnchorsPem: settings.trustAnchorsPem ?? [] })
      : Promise.resolve(null);
    const t1 = performance.now();
    const heads = await classify(classifier, image, settings.maxCrops ?? PHOTO_CROPS);
    const inferenceMs = performance.now() - t1;
    const t2 = performance.now();
    let faces: FaceResult[] = [];
    if (facePath.engine) {
      const small = image.scaled(FACE_IMAGE_MAX_SIDE);
      faces = await detectFaces(facePath.engine, small, small.scale);
    }
    const facesMs = performance.now() - t2;
    const provenance = await provenanceRead;

    const evidence: Evidence[] = [modelEvidence(heads.ai, heads.perCrop), ...(provenance?.evidence ?? [])];
    if (heads.unstable) {
      evidence.push({
        kind: 'note',
        detail: 'Crops of this image disagree (some look generated, some real): treat the verdict as unsure',
        weight: 0,
      });
    }
    const faceNote = faceEvidence(facePath, faces);
    if (faceNote) evidence.push(faceNote);
    const fused = fuse(heads, evidence);
    const deepfake = frameDeepfakeScore(faces);
    const classes = toClassScores({ ...fused, video: false, deepfake });
    onProgress?.({ kind: 'done', filename: input.filename });
    return buildPhotoResponse({
      media: { filename: input.filename, mimetype: image.mime, width: image.width, height: image.height },
      model: { version: classifier.manifest.version },
      frame: {
        time: 0,
        classes,
        algorithmic_tags: provenance?.tags ?? emptyTags(),
        ...(facePath.engine ? { faces } : {}),
        evidence,
        ...(heads.unstable ? { inconclusive: true } : {}),
      },
      provenance:
        provenance === null
          ? null
          : {
              c2pa: provenance.c2pa,
              manifest_store: provenance.manifestStore,
              exif: provenance.exif,
              text: provenance.text,
              errors: provenance.errors,
            },
      timing: {
        backend: classifier.model.backend,
        decode_ms: Math.round(decodeMs),
        inference_ms: Math.round(inferenceMs),
        ...(facePath.engine ? { faces_ms: Math.round(facesMs) } : {}),
        total_ms: Math.round(performance.now() - t0),
        crops: heads.crops,
      },
    });
  } catch (e) {
    return errorFrom(e, input);
  }
}
