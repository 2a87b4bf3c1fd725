/**
 * Builders of the Hive-shaped answer: one for photos, one for videos, one for errors. All three return the
 * same outer shape so a client never has to special-case failures.
 */
import type {
  ClipSummary,
  FrameOutput,
  HiveResponse,
  HiveResult,
  MediaInfo,
  MediaType,
  StatusEntry,
  Timing,
} from './response';

export const MODEL_NAME = 'Veritas Lens AI-generated media detection (local)';

export interface ModelIdentity {
  name?: string;
  version: number;
}

export interface MediaDescription {
  filename: string;
  mimetype: string;
  width: number;
  height: number;
  num_frames?: number;
  duration?: number;
}

/** "image/png" -> "png", "video/quicktime" -> "quicktime"; Hive's short `mime_type`. */
export function shortMime(mimetype: string): string {
  const slash = mimetype.indexOf('/');
  return slash >= 0 ? mimetype.slice(slash + 1) : mimetype;
}

function mediaInfo(m: MediaDescription, type: MediaType): MediaInfo {
  return {
    url: null,
    filename: m.filename,
    type,
    mime_type: shortMime(m.mimetype),
    mimetype: m.mimetype,
    width: m.width,
    height: m.height,
    num_frames: m.num_frames ?? 1,
    duration: m.duration ?? 0,
  };
}

function input(m: MediaDescription, type: MediaType, model: ModelIdentity): HiveResponse['input'] {
  return {
    id: crypto.randomUUID(),
    created_on: new Date().toISOString(),
    charge: 0,
    model: model.name ?? MODEL_NAME,
    model_version: model.version,
    model_type: 'CATEGORIZATION',
    user_id: null,
    project_id: null,
    media: mediaInfo(m, type),
  };
}

function wrap(code: StatusEntry['status']['code'], message: string, response: HiveResponse): HiveResult {
  return { status: [{ status: { code, message }, response }] };
}

export interface PhotoParts {
  media: MediaDescription;
  model: ModelIdentity;
  frame: FrameOutput;
  provenance?: unknown;
  timing?: Timing;
}

export function buildPhotoResponse(p: PhotoParts): HiveResult {
  const response: HiveResponse = { input: input(p.media, 'PHOTO', p.model), output: [{ ...p.frame, time: 0 }] };
  if (p.provenance !== undefined) response.provenance = p.provenance;
  if (p.timing !== undefined) response.timing = p.timing;
  return wrap('0', 'SUCCESS', response);
}

export interface VideoParts {
  media: MediaDescription;
  model: ModelIdentity;
  frames: FrameOutput[];
  summary: ClipSummary;
  provenance?: unknown;
  timing?: Timing;
}

export function buildVideoResponse(p: VideoParts): HiveResult {
  const response: HiveResponse = {
    input: input(p.media, 'VIDEO', p.model),
    output: p.frames,
    summary: p.summary,
  };
  if (p.provenance !== undefined) response.provenance = p.provenance;
  if (p.timing !== undefined) response.timing = p.timing;
  return wrap('0', 'SUCCESS', response);
}

export type ErrorCode = '400' | '413' | '500';

export interface ErrorParts {
  code: ErrorCode;
  message: string;
  filename: string;
  mimetype?: string;
  type?: MediaType;
  width?: number;
  height?: number;
  model?: ModelIdentity;
}

/** A file that cannot be analysed still gets one well-formed answer, with `output: []`. */
export function buildErrorResponse(p: ErrorParts): HiveResult {
  const media: MediaDescription = {
    filename: p.filename,
    mimetype: p.mimetype ?? 'application/octet-stream',
    width: p.width ?? 0,
    height: p.height ?? 0,
    num_frames: 0,
  };
  return wrap(p.code, p.message, { input: input(media, p.type ?? 'PHOTO', p.model ?? { version: 1 }), output: [] });
}
