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
import type { FrameOutput } from '../src/core/response';
import type { Rgba } from '../src/core/preprocess';
import { beginVideo, endVideo, videoFrame, type VideoMeta } from './video/videoSession';
import { analyzeVideoFile, type VideoInput, type VideoSettings, type WorkerVideoAnswer } from './video/analyzeVideoFile';

export interface InitOptions {
  /** Absolute URL of the models folder on the app's own origin. */
  modelsBase: string;
  backend?: string;
}

export interface InitInfo {
  backend: Backend;
  modelName: string;
  modelVersion: number;
  sessionCreateMs: number;
}

let classifier: Promise<Classifier> | undefined;

function ready(): Promise<Classifier> {
  if (!classifier) throw new Error('The detector was not initialised: call init() first');
  return classifier;
}

const api = {
  async init(options: InitOptions): Promise<InitInfo> {
    const backend = parseBackendChoice(options.backend);
    classifier ??= loadClassifier(new URL(options.modelsBase), backend);
    const c = await classifier.catch((e: unknown) => {
      classifier = undefined;
      throw e;
    });
    return { backend: c.model.backend, modelName: c.manifest.name, modelVersion: c.manifest.version, sessionCreateMs: Math.round(c.model.createMs) };
  },

  async analyzeImage(input: FileInput, settings: AnalyzeSettings, onProgress?: ProgressListener): Promise<HiveResult> {
    return detectImage(await ready(), input, settings, onProgress);
  },

  /** Video: the page samples frames; the worker reads the container's metadata, then classifies frame by frame. */
  async beginVideo(file: Blob, mimetype: string, settings: AnalyzeSettings): Promise<void> {
    await ready();
    await beginVideo(file, mimetype, settings);
  },

  async videoFrame(frame: Rgba, time: number): Promise<FrameOutput> {
    return videoFrame(await ready(), frame, time);
  },

  async endVideo(meta: VideoMeta): Promise<HiveResult> {
    return endVideo(await ready(), meta);
  },

  /** MP4 / MOV decoded here with WebCodecs (no page involvement); `fallback` sends the file to the page's <video> path. */
  async analyzeVideo(input: VideoInput, settings: VideoSettings, onProgress?: ProgressListener): Promise<WorkerVideoAnswer> {
    return analyzeVideoFile(await ready(), input, settings, onProgress);
  },
};

export type DetectorApi = typeof api;

Comlink.expose(api);
