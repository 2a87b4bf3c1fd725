/**
 * The page's handle on the detector worker. Abort really stops work: the worker is terminated and the next
 * call starts a fresh one lazily (STYLE.md §3). A worker that dies (crash, out of memory) fails only the file
 * it was working on, with a 500 answer, and is replaced for the next file.
 */
import * as Comlink from 'comlink';
import { buildErrorResponse } from '../core/buildResponse';
import type { ProgressListener } from '../core/progress';
import type { HiveResult } from '../core/response';
import type { DetectorApi, InitInfo } from '../../workers/detector.worker';
import type { AnalyzeSettings } from '../../workers/detectImage';
import { sniff } from '../media/sniff';
import type { SamplingOptions } from '../core/video/samplingPlan';
import { analyzeVideo } from './video/analyzeVideo';

export interface Analysis {
  result: HiveResult;
  /** Video only: sampled time -> thumbnail data URL, for the timeline. */
  thumbnails?: Map<number, string>;
}

export type ClientSettings = AnalyzeSettings & { sampling?: SamplingOptions };

export interface DetectorOptions {
  backend: string;
  modelsBase: string;
}

interface Live {
  worker: Worker;
  api: Comlink.Remote<DetectorApi>;
  info: Promise<InitInfo>;
  died: Promise<never>;
}

export class DetectorClient {
  private live: Live | undefined;

  constructor(private readonly options: DetectorOptions) {}

  private start(): Live {
    const worker = new Worker(new URL('../../workers/detector.worker.ts', import.meta.url), { type: 'module', name: 'detector' });
    const api = Comlink.wrap<DetectorApi>(worker);
    const died = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => reject(new Error(`The detector worker crashed: ${e.message || 'unknown error'}`)));
    });
    died.catch(() => undefined);
    const info = Promise.race([api.init({ modelsBase: this.options.modelsBase, backend: this.options.backend }), died]);
    return { worker, api, info, died };
  }

  private ensure(): Live {
    this.live ??= this.start();
    return this.live;
  }

  /** Loads the worker and model; resolves with the backend actually used. */
  init(): Promise<InitInfo> {
    return this.ensure().info;
  }

  terminate(): void {
    this.live?.worker.terminate();
    this.live = undefined;
  }

  async analyzeFile(signal: AbortSignal, file: File, settings: ClientSettings, onProgress?: ProgressListener): Promise<HiveResult> {
    return (await this.analyze(signal, file, settings, onProgress)).result;
  }

  /** Images go to the worker whole; videos are sampled here and their frames streamed to the worker. */
  async analyze(signal: AbortSignal, file: File, settings: ClientSettings, onProgress?: ProgressListener): Promise<Analysis> {
    signal.throwIfAborted();
    const live = this.ensure();
    const onAbort = (): void => this.terminate();
    signal.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError')), { once: true });
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([live.info, aborted]);
      const head = sniff(new Uint8Array(await file.slice(0, 64).arrayBuffer()));
      if (head?.kind === 'video') {
        // MP4 / MOV: demuxed and decoded inside the worker (WebCodecs); WebM and fragmented MP4: the <video> element.
        if (head.mime === 'video/mp4' || head.mime === 'video/quicktime') {
          const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
          const answer = await Promise.race([live.api.analyzeVideo({ file, filename: file.name, mimetype: head.mime }, settings, progress), live.died, aborted]);
          if (answer.kind === 'result') return { result: answer.result, thumbnails: new Map(answer.thumbnails) };
        }
        return await Promise.race([analyzeVideo(signal, live.api, file, head.mime, settings, onProgress), live.died, aborted]);
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const input = { bytes, filename: file.name, mimetype: file.type };
      const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
      return { result: await Promise.race([live.api.analyzeImage(Comlink.transfer(input, [bytes.buffer]), settings, progress), live.died, aborted]) };
    } catch (e) {
      if (signal.aborted) throw e;
      // The worker is in an unknown state after a crash: replace it, answer this file with a 500.
      if (this.live === live) this.terminate();
      const message = e instanceof Error ? e.message : String(e);
      return { result: buildErrorResponse({ code: '500', message: `Internal failure while analysing this file: ${message}`, filename: file.name, mimetype: file.type }) };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
