/**
 * The page's recovery code (src/app/detectorClient.ts) against a worker double speaking real comlink over a
 * MessageChannel: each way a worker can fail while a file is in flight gives that file one 500, a fresh worker
 * that is initialised again, and a normal answer for the next file. Fast and deterministic; the same code is
 * driven against the real worker in Chromium by test/reliability/workerCrash.browser.test.ts.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPhotoResponse } from '../../src/core/buildResponse';
import type { HiveResult } from '../../src/core/response';
import { DetectorClient, type WorkerHandle } from '../../src/app/detectorClient';
import { DEFAULT_WATCHDOG, type WatchdogOptions, watchdogFromUrl } from '../../src/app/watchdog';

/** What the double does with a file, chosen by the file's name. */
type Behaviour = 'ok' | 'throw-oom' | 'uncaught-error' | 'die' | 'hang';

const TAGS = {
  c2pa: { claim_generator: '', actions_software_agent: '', actions_action: '', actions_digital_source_type: '' },
  xmp: { digital_source_file_type: '', credit: '', digital_source_type: '' },
  exif: { make: '' },
};

class FakeWorker extends EventTarget implements WorkerHandle {
  private readonly channel = new MessageChannel();
  /** A dead worker neither receives nor answers anything, like a terminated one. */
  dead = false;
  terminated = false;

  /** While set, the worker's message loop is blocked (as during a real model session creation): messages wait. */
  private blocked: unknown[][] | null = null;

  constructor(
    readonly serial: number,
    log: string[],
    initBlockMs = 0,
  ) {
    super();
    const api = {
      init: async (): Promise<{
        backend: string;
        modelName: string;
        modelVersion: number;
        sessionCreateMs: number;
      }> => {
        log.push(`init #${serial}`);
        if (initBlockMs > 0) {
          this.blocked = [];
          await new Promise((r) => setTimeout(r, initBlockMs));
          const waiting = this.blocked;
          this.blocked = null;
          for (const [message, transfer] of waiting) this.postMessage(message, transfer as Transferable[]);
        }
        return { backend: 'wasm', modelName: `worker #${serial}`, modelVersion: 1, sessionCreateMs: initBlockMs };
      },
      analyzeImage: async (input: { bytes: Uint8Array; filename: string; mimetype: string }): Promise<HiveResult> => {
        // 'throw-oom-x.jpg' -> 'throw-oom': the behaviour is the name without its last '-' part.
        const behaviour = input.filename.replace(/-[^-]*$/, '') as Behaviour;
        log.push(`${input.filename} on #${serial}`);
        if (behaviour === 'throw-oom') throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
        if (behaviour === 'uncaught-error') {
          // What the browser reports for an uncaught exception in a worker: an ErrorEvent on the Worker object.
          setTimeout(
            () =>
              this.dispatchEvent(
                Object.assign(new Event('error'), { message: 'Uncaught RangeError: Array buffer allocation failed' }),
              ),
            5,
          );
          return new Promise<never>(() => undefined);
        }
        if (behaviour === 'die') {
          this.dead = true;
          return new Promise<never>(() => undefined);
        }
        if (behaviour === 'hang') return new Promise<never>(() => undefined);
        return buildPhotoResponse({
          media: { filename: input.filename, mimetype: input.mimetype, width: 1, height: 1 },
          model: { name: `worker #${serial}`, version: 1 },
          frame: { time: 0, classes: [{ class: 'not_ai_generated', score: 1 }], algorithmic_tags: TAGS },
        });
      },
    };
    Comlink.expose(api, this.channel.port2);
    this.channel.port1.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (!this.dead) this.dispatchEvent(new MessageEvent('message', { data: e.data }));
    });
    this.channel.port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.blocked) this.blocked.push([message, transfer]);
    else if (!this.dead) this.channel.port1.postMessage(message, transfer);
  }

  terminate(): void {
    this.dead = true;
    this.terminated = true;
    this.channel.port1.close();
  }
}

const clients: DetectorClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

function setup(watchdog: Partial<WatchdogOptions> = {}, initBlockMs = 0) {
  const log: string[] = [];
  const workers: FakeWorker[] = [];
  const client = new DetectorClient({
    backend: 'wasm',
    modelsBase: 'http://localhost/models/',
    watchdog: { ...DEFAULT_WATCHDOG, silenceMs: 400, pingMs: 50, ...watchdog },
    createWorker: () => {
      const w = new FakeWorker(workers.length + 1, log, initBlockMs);
      workers.push(w);
      return w;
    },
  });
  clients.push(client);
  const analyse = (name: string) =>
    client.analyzeFile(
      new AbortController().signal,
      new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], name, { type: 'image/jpeg' }),
      { metadata: false },
    );
  return { client, log, workers, analyse };
}

const code = (r: HiveResult) => r.status[0]!.status.code;
const message = (r: HiveResult) => r.status[0]!.status.message;
const answeredBy = (r: HiveResult) => r.status[0]!.response.input.model;

describe('DetectorClient recovery', () => {
  it('answers normally on one worker when nothing fails', async () => {
    const { analyse, workers, log } = setup();
    const a = await analyse('ok-1.jpg');
    const b = await analyse('ok-2.jpg');
    expect([code(a), code(b)]).toEqual(['0', '0']);
    expect([answeredBy(a), answeredBy(b)]).toEqual(['worker #1', 'worker #1']);
    expect(workers).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('init'))).toEqual(['init #1']);
  });

  const failures: [Behaviour, RegExp][] = [
    ['throw-oom', /RangeError: WebAssembly\.Memory\.grow\(\): Maximum memory size exceeded/],
    ['uncaught-error', /the detector worker crashed: Uncaught RangeError: Array buffer allocation failed/],
    ['die', /the detector worker stopped responding for \d+ ms \(it crashed or was killed\)/],
  ];
  for (const [behaviour, expected] of failures) {
    it(`${behaviour}: that file gets one 500, the worker is replaced and re-initialised, the next file is answered`, async () => {
      const { analyse, workers, log } = setup();
      const before = await analyse('ok-before.jpg');
      const t0 = performance.now();
      const failed = await analyse(`${behaviour}-x.jpg`);
      const tookMs = performance.now() - t0;
      const after = await analyse('ok-after.jpg');
      const later = await analyse('ok-later.jpg');

      expect(code(before)).toBe('0');
      expect(code(failed)).toBe('500');
      expect(message(failed)).toMatch(expected);
      expect(message(failed)).toMatch(
        /^Internal failure while analysing this file: .*The detector was restarted for the next file\.$/,
      );
      expect(failed.status[0]!.response.input.media.filename).toBe(`${behaviour}-x.jpg`);
      expect(failed.status[0]!.response.output).toEqual([]);
      expect([code(after), code(later)]).toEqual(['0', '0']);
      expect([answeredBy(after), answeredBy(later)]).toEqual(['worker #2', 'worker #2']);
      expect(workers).toHaveLength(2);
      expect(workers[0]!.terminated).toBe(true);
      expect(workers[1]!.terminated).toBe(false);
      expect(log.filter((l) => l.startsWith('init'))).toEqual(['init #1', 'init #2']);
      // A dead worker is noticed by its silence (400 ms here), not by the 5-minute deadline.
      expect(tookMs).toBeLessThan(3000);
    });
  }

  it('a worker that is alive but never finishes a file is stopped by the per-file deadline', async () => {
    const { analyse, workers } = setup({ imageMs: 300 });
    const t0 = performance.now();
    const failed = await analyse('hang-x.jpg');
    const tookMs = performance.now() - t0;
    expect(code(failed)).toBe('500');
    expect(message(failed)).toMatch(/it took longer than 300 ms, the time limit for an image/);
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(3000);
    const next = await analyse('ok-next.jpg');
    expect(code(next)).toBe('0');
    expect(answeredBy(next)).toBe('worker #2');
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a busy worker that answers its heartbeat is not taken for dead before the deadline', async () => {
    // Silence 200 ms, file deadline 1.5 s: a hung-but-alive worker answers pings, so only the deadline ends it.
    const { analyse } = setup({ imageMs: 1500, silenceMs: 200, pingMs: 40 });
    const t0 = performance.now();
    const failed = await analyse('hang-x.jpg');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1490);
    expect(message(failed)).toMatch(/time limit for an image/);
  });

  it('a worker silent while it creates its model session is not taken for dead', async () => {
    // Silence limit 400 ms, session creation blocking the worker for 1 s: silence is judged only once init answered.
    const { analyse, workers } = setup({}, 1000);
    const first = await analyse('ok-1.jpg');
    expect(code(first)).toBe('0');
    expect(workers).toHaveLength(1);
  });

  it('an uncaught error while idle replaces the worker without failing the next file', async () => {
    const { client, analyse, workers } = setup();
    expect(code(await analyse('ok-1.jpg'))).toBe('0');
    workers[0]!.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: late' }));
    const next = await analyse('ok-2.jpg');
    expect(code(next)).toBe('0');
    expect(answeredBy(next)).toBe('worker #2');
    expect(client.workersStarted).toBe(2);
  });

  it('cancelling rejects with the AbortError and terminates the worker; no 500 is made up', async () => {
    const { client, workers } = setup();
    const controller = new AbortController();
    const pending = client.analyzeFile(
      controller.signal,
      new File([new Uint8Array([0xff, 0xd8, 0xff])], 'hang-x.jpg', { type: 'image/jpeg' }),
      { metadata: false },
    );
    setTimeout(() => controller.abort(new DOMException('Cancelled by the user', 'AbortError')), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0]!.terminated).toBe(true);
  });
});

describe('watchdogFromUrl', () => {
  it('keeps generous defaults and reads seconds from the URL', () => {
    expect(watchdogFromUrl(new URL('http://x/'))).toEqual({
      imageMs: 300_000,
      videoMs: 1_800_000,
      silenceMs: 60_000,
      pingMs: 2_000,
    });
    expect(watchdogFromUrl(new URL('http://x/?imageTimeout=2.5&videoTimeout=60&workerSilence=1'))).toEqual({
      imageMs: 2500,
      videoMs: 60_000,
      silenceMs: 1000,
      pingMs: 250,
    });
    expect(watchdogFromUrl(new URL('http://x/?imageTimeout=-1&workerSilence=abc')).imageMs).toBe(300_000);
  });
});
