/**
 * The page's handle on the detector worker. Abort really stops work: the worker is terminated and the next
 * call starts a fresh one lazily (STYLE.md §3). A worker that fails while a file is in flight (an uncaught error
 * or out-of-memory in the worker, a thrown wasm RangeError, a worker that is gone and never answers, a file over
 * its time limit) fails only that file, with a 500 answer, and is replaced and re-initialised for the next file.
 */
import * as Comlink from 'comlink';
import { buildErrorResponse } from '../core/buildResponse';
import type { ProgressListener } from '../core/progress';
import type { HiveResult } from '../core/response';
import type { DetectorApi, InitInfo } from '../../workers/detector.worker';
import type { AnalyzeSettings } from '../../workers/detectImage';
import type { WorkerVideoAnswer } from '../../workers/video/analyzeVideoFile';
import { animationTiming } from '../media/animation';
import { DEFAULT_LIMITS } from '../media/limits';
import { sniff } from '../media/sniff';
import type { SamplingOptions } from '../core/video/samplingPlan';
import { analyzeVideo } from './video/analyzeVideo';
import { DEFAULT_WATCHDOG, type WatchdogOptions } from './watchdog';
import { watchWorker } from './watchWorker';
import { abortReason } from './abortReason';

export interface Analysis {
  result: HiveResult;
  /** Video only: sampled time -> thumbnail data URL, for the timeline. */
  thumbnails?: Map<number, string>;
}

export type ClientSettings = AnalyzeSettings & { sampling?: SamplingOptions };

/** What the client needs of a worker: a comlink endpoint that can be terminated (a real Worker, or a test double). */
export interface WorkerHandle extends Comlink.Endpoint {
  terminate(): void;
}

export interface DetectorOptions {
  backend: string;
  modelsBase: string;
  watchdog?: WatchdogOptions;
  /** Makes the worker; the default is the real detector worker. Tests pass a double. */
  createWorker?: () => WorkerHandle;
}

/** Test-only faults (see automation.ts): a real crash or kill of the worker right after a file was sent to it. */
export type WorkerFault = 'uncaught-error' | 'kill';

/**
 * The heartbeat reads the arity of `init` (a comlink GET of `init.length`): a round trip through the worker's
 * message loop, harmless to it. ProxyMarked only makes comlink's types allow the nested read.
 */
interface Probe {
  init: Comlink.ProxyMarked & { length: number };
}

interface Live {
  worker: WorkerHandle;
  api: Comlink.Remote<DetectorApi>;
  probe: Comlink.Remote<Probe>;
  info: Promise<InitInfo>;
  /** Rejects when the worker reports an uncaught error or is torn down; never resolves. */
  died: Promise<never>;
  kill(reason: Error): void;
  inFlight: number;
}

function defaultWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/detector.worker.ts', import.meta.url), { type: 'module', name: 'detector' });
}

function errorText(e: unknown): string {
  if (e instanceof Error)
    return e.name && e.name !== 'Error' && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

export class DetectorClient {
  private live: Live | undefined;
  private fault: WorkerFault | undefined;
  private readonly watchdog: WatchdogOptions;
  /** How many workers this client has started: a restart shows here (tests and the status line read it). */
  workersStarted = 0;
  /** The longest heartbeat silence seen while a file was in flight, in ms: how busy a live worker can look. */
  longestSilenceMs = 0;

  constructor(private readonly options: DetectorOptions) {
    this.watchdog = options.watchdog ?? DEFAULT_WATCHDOG;
  }

  private start(): Live {
    const worker = (this.options.createWorker ?? defaultWorker)();
    this.workersStarted++;
    const api = Comlink.wrap<DetectorApi>(worker);
    let kill: (reason: Error) => void = () => undefined;
    const died = new Promise<never>((_, reject) => {
      kill = reject;
    });
    died.catch(() => undefined);
    const info = Promise.race([api.init({ modelsBase: this.options.modelsBase, backend: this.options.backend }), died]);
    info.catch(() => undefined);
    const live: Live = { worker, api, probe: Comlink.wrap<Probe>(worker), info, died, kill, inFlight: 0 };
    const failed = (reason: Error): void => {
      live.kill(reason);
      // Broken while idle: drop it now, so the next file does not inherit the failure.
      if (live.inFlight === 0 && this.live === live) this.terminate(reason);
    };
    worker.addEventListener('error', (e) =>
      failed(
        new Error(
          `the detector worker crashed: ${'message' in e && typeof e.message === 'string' && e.message ? e.message : 'unknown error'}`,
        ),
      ),
    );
    worker.addEventListener('messageerror', () =>
      failed(new Error('a message from the detector worker could not be read')),
    );
    return live;
  }

  private ensure(): Live {
    this.live ??= this.start();
    return this.live;
  }

  /** Loads the worker and model; resolves with the backend actually used. */
  init(): Promise<InitInfo> {
    return this.ensure().info;
  }

  terminate(reason: Error = new DOMException('The detector worker was stopped', 'AbortError')): void {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    live.worker.terminate();
    // Anything else still waiting on this worker fails now instead of waiting for its heartbeat.
    live.kill(reason);
  }

  /** Test hook: the next file sent to the worker is followed by this fault. */
  injectFault(fault: WorkerFault): void {
    this.fault = fault;
  }

  private fireFault(live: Live): void {
    const fault = this.fault;
    this.fault = undefined;
    if (fault === 'kill') {
      // What a browser does to a worker it kills: no event, no answer, ever.
      live.worker.terminate();
    } else if (fault === 'uncaught-error') {
      // A request comlink cannot decode throws inside the worker's message handler, outside any try: a real
      // uncaught exception in the worker thread, reported to the page as an 'error' event.
      live.worker.postMessage({
        id: 'fault',
        type: 'APPLY',
        path: ['init'],
        argumentList: [{ type: 'HANDLER', name: 'no-such-handler', value: null }],
      });
    }
  }

  /**
   * A small WebP of a photo this page cannot draw itself (HEIC), decoded in the worker; undefined when it cannot be
   * made (a preview is cosmetic: its failure never touches an answer).
   */
  async preview(file: Blob, maxSide: number): Promise<Blob | undefined> {
    const live = this.ensure();
    try {
      return await Promise.race([live.api.preview(file, maxSide), live.died]);
    } catch {
      return undefined;
    }
  }

  async analyzeFile(
    signal: AbortSignal,
    file: File,
    settings: ClientSettings,
    onProgress?: ProgressListener,
  ): Promise<HiveResult> {
    return (await this.analyze(signal, file, settings, onProgress)).result;
  }

  /** Images go to the worker whole; videos are sampled here and their frames streamed to the worker. */
  async analyze(
    signal: AbortSignal,
    file: File,
    settings: ClientSettings,
    onProgress?: ProgressListener,
  ): Promise<Analysis> {
    signal.throwIfAborted();
    let head: ReturnType<typeof sniff>;
    try {
      head = sniff(new Uint8Array(await file.slice(0, 64).arrayBuffer()));
    } catch (e) {
      // A file that vanished or changed on disk since it was picked: the worker is not involved.
      return {
        result: buildErrorResponse({
          code: '400',
          message: `The file could not be read: ${errorText(e)}`,
          filename: file.name,
          mimetype: file.type,
        }),
      };
    }
    // Animated GIF / WebP with more than one frame are analysed as videos; their frame table is read here (images
    // are at most 100 MB) so the right deadline and path are chosen before the worker sees the file.
    let animated = false;
    if (
      head?.kind === 'image' &&
      (head.format === 'gif' || head.format === 'webp') &&
      file.size <= (settings.limits?.maxImageBytes ?? DEFAULT_LIMITS.maxImageBytes)
    ) {
      try {
        animated = animationTiming(new Uint8Array(await file.arrayBuffer()), head.format) !== null;
      } catch {
        animated = false; // unreadable here: the image path gives the file its error
      }
    }
    const isVideo = head?.kind === 'video' || animated;
    const live = this.ensure();
    live.inFlight++;
    // Stops page-side work too (the <video> sampling path) when the worker fails or the user cancels.
    const work = new AbortController();
    const onAbort = (): void => {
      work.abort(signal.reason);
      this.terminate();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
    });
    aborted.catch(() => undefined);
    const watch = watchWorker(() => live.probe.init.length, {
      deadlineMs: isVideo ? this.watchdog.videoMs : this.watchdog.imageMs,
      kind: isVideo ? 'a video' : 'an image',
      silenceMs: this.watchdog.silenceMs,
      pingMs: this.watchdog.pingMs,
      quietUntil: live.info,
    });
    const guard = <T>(p: Promise<T>): Promise<T> => Promise.race([p, live.died, watch.failed, aborted]);
    try {
      await guard(live.info);
      if (head && isVideo) {
        // MP4 / MOV: demuxed and decoded inside the worker (WebCodecs); WebM and fragmented MP4: the <video> element.
        // Animations: frames decoded in the worker (ImageDecoder).
        if (
          animated ||
          head.mime === 'video/mp4' ||
          head.mime === 'video/quicktime' ||
          head.mime === 'video/x-msvideo'
        ) {
          const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
          const call = Promise.resolve(
            live.api.analyzeVideo({ file, filename: file.name, mimetype: head.mime }, settings, progress),
          );
          this.fireFault(live);
          const answer = await guard(call);
          if (answer.kind === 'result') return { result: answer.result, thumbnails: new Map(answer.thumbnails) };
        }
        const viaElement = await guard(analyzeVideo(work.signal, live.api, file, head.mime, settings, onProgress));
        if (!viaElement.undecodable) return viaElement;
        // The element cannot decode it (HEVC in Matroska, MPEG-4 Part 2 in fragmented MP4...): ffmpeg.wasm in the worker.
        const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
        const answer: WorkerVideoAnswer = await guard(
          Promise.resolve(
            live.api.analyzeVideo(
              { file, filename: file.name, mimetype: head.mime },
              { ...settings, fallbackDecoder: true },
              progress,
            ),
          ),
        );
        return answer.kind === 'result'
          ? { result: answer.result, thumbnails: new Map(answer.thumbnails) }
          : viaElement;
      }
      const bytes = new Uint8Array(await guard(file.arrayBuffer()));
      const input = { bytes, filename: file.name, mimetype: file.type };
      const progress = onProgress ? Comlink.proxy(onProgress) : undefined;
      const call = live.api.analyzeImage(Comlink.transfer(input, [bytes.buffer]), settings, progress);
      this.fireFault(live);
      return { result: await guard(call) };
    } catch (e) {
      if (signal.aborted) throw e;
      // The worker is in an unknown state after any failure: replace it, answer this file with a 500.
      const reason = errorText(e);
      work.abort(e);
      if (this.live === live)
        this.terminate(new Error(`the detector was restarted after another file failed (${reason})`));
      return {
        result: buildErrorResponse({
          code: '500',
          message: `Internal failure while analysing this file: ${reason}. The detector was restarted for the next file.`,
          filename: file.name,
          mimetype: file.type,
          type: isVideo ? 'VIDEO' : 'PHOTO',
        }),
      };
    } finally {
      live.inFlight--;
      watch.stop();
      this.longestSilenceMs = Math.max(this.longestSilenceMs, watch.longestSilenceMs());
      signal.removeEventListener('abort', onAbort);
    }
  }
}
