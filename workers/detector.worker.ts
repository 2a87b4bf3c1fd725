/**
 * The detector worker: the only code that touches onnxruntime-web. Its API type is taken from this
 * implementation (`DetectorApi`), so the page cannot drift from it.
 */
import * as Comlink from 'comlink';
import type { ProgressListener } from '../src/core/progress';
import type { HiveResult } from '../src/core/response';
import { parseBackendChoice, type Backend } from './ort/backends';
import { loadClassifier, type Classifier } from './classifier/classifier';
import { detectImage, type AnalyzeSettings, type FileInput } from './detectImage';
import type { Evidence, FrameOutput } from '../src/core/response';
import type { Rgba } from '../src/core/preprocess';
import { beginVideo, endVideo, videoFrame, type VideoMeta } from './video/videoSession';
import {
  analyzeVideoFile,
  type VideoInput,
  type VideoSettings,
  type WorkerVideoAnswer,
} from './video/analyzeVideoFile';
import { detectFaces, disposeFaces, loadFaces, type FaceEngine } from './faces/faces';
import type { FaceResult } from '../src/core/response';
import { previewImage } from './previewImage';

export interface InitOptions {
  /** Absolute URL of the models folder on the app's own origin. */
  modelsBase: string;
  backend?: string;
  /** Load the face detector and the deepfake head (default true; `?faces=0` / CLI `--no-faces` turn them off). */
  faces?: boolean;
}

export interface InitInfo {
  backend: Backend;
  modelName: string;
  modelVersion: number;
  sessionCreateMs: number;
  /** Whether faces are detected and scored; when they could not be loaded, why. */
  faces: { enabled: boolean; error?: string };
}

let classifier: Promise<Classifier> | undefined;
/** The face path is optional: if it fails to load, images and videos are still classified (with a note). */
let faces: Promise<FaceEngine | null> | undefined;
let facesError: string | undefined;

async function faceEngine(wanted: boolean | undefined): Promise<{ engine: FaceEngine | null; error?: string }> {
  if (wanted === false || !faces) return { engine: null };
  const engine = await faces;
  return engine ? { engine } : { engine: null, ...(facesError ? { error: facesError } : {}) };
}

function faceFinder(engine: FaceEngine | null): ((frame: Rgba) => Promise<FaceResult[]>) | undefined {
  return engine ? (frame) => detectFaces(engine, frame) : undefined;
}

function ready(): Promise<Classifier> {
  if (!classifier) throw new Error('The detector was not initialised: call init() first');
  return classifier;
}

/** The settings of the clip the page is feeding frame by frame (element path). */
let videoSettings: AnalyzeSettings | undefined;

const api = {
  async init(options: InitOptions): Promise<InitInfo> {
    const backend = parseBackendChoice(options.backend);
    classifier ??= loadClassifier(new URL(options.modelsBase), backend);
    if (options.faces !== false) {
      faces ??= loadFaces(new URL(options.modelsBase), backend).catch((e: unknown) => {
        facesError = e instanceof Error ? e.message : String(e);
        return null;
      });
    } else if (faces) {
      const old = await faces;
      if (old) disposeFaces(old);
      faces = undefined;
    }
    const c = await classifier.catch((e: unknown) => {
      classifier = undefined;
      throw e;
    });
    const f = await faceEngine(options.faces);
    return {
      backend: c.model.backend,
      modelName: c.manifest.name,
      modelVersion: c.manifest.version,
      sessionCreateMs: Math.round(c.model.createMs),
      faces: { enabled: f.engine !== null, ...(f.error ? { error: f.error } : {}) },
    };
  },

  async analyzeImage(input: FileInput, settings: AnalyzeSettings, onProgress?: ProgressListener): Promise<HiveResult> {
    return detectImage(await ready(), input, settings, onProgress, await faceEngine(settings.faces));
  },

  /** Video: the page samples frames; the worker reads the container's metadata, then classifies frame by frame. */
  async beginVideo(file: Blob, mimetype: string, settings: AnalyzeSettings): Promise<void> {
    await ready();
    videoSettings = settings;
    await beginVideo(file, mimetype, settings);
  },

  async videoFrame(frame: Rgba, time: number): Promise<FrameOutput> {
    const c = await ready();
    return videoFrame(c, frame, time, faceFinder((await faceEngine(videoSettings?.faces)).engine));
  },

  /** `notes`: what the page's sampling could not do (instants it could not seek to), for the answer's evidence. */
  async endVideo(meta: VideoMeta, notes: Evidence[] = []): Promise<HiveResult> {
    return endVideo(await ready(), meta, { notes });
  },

  /** MP4 / MOV decoded here with WebCodecs (no page involvement); `fallback` sends the file to the page's <video> path. */
  async analyzeVideo(
    input: VideoInput,
    settings: VideoSettings,
    onProgress?: ProgressListener,
  ): Promise<WorkerVideoAnswer> {
    const c = await ready();
    return analyzeVideoFile(c, input, settings, onProgress, faceFinder((await faceEngine(settings.faces)).engine));
  },

  /** A preview of a photo the page cannot decode itself (HEIC), at most `maxSide` px on its longer side. */
  async preview(file: Blob, maxSide: number): Promise<Blob> {
    return previewImage(file, maxSide);
  },
};

export type DetectorApi = typeof api;

Comlink.expose(api);
