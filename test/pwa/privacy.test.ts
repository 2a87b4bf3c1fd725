/**
 * Issue 6's proofs, on the built app in the system Chromium:
 * (a) analysing an image, a video and a C2PA-signed file makes zero requests to any other origin and zero
 *     requests carrying a body (recorded twice: by the server and by the browser), with no CSP violation;
 * (b) once the service worker has precached everything, the app reloads offline and gives the same answer; the
 *     fallback decoders (libheif for HEIC, ffmpeg.wasm for HEVC: not precached) work offline once used online;
 * (c) the app served under a sub-path works, its service worker scoped to that sub-path.
 *
 * (a) runs with the CSP also sent as a header, as a host that can set headers would: a <meta> policy covers the
 * page only, a header covers the workers too. Its report-uri turns any violation, in the page or a worker, into a
 * request the server sees; a deliberate violation at the end shows that channel works.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startStaticServer, type StaticServerOptions } from '../../cli/staticServer';
import type { HiveResult } from '../../src/core/response';
import { CSP } from '../../src/pwa/csp';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { useAppPage } from '../helpers/useAppPage';
import {
  analyse,
  C2PA_SKIP,
  c2paFile,
  classScores,
  FALLBACK_SKIP,
  fallbackFiles,
  png,
  pwaDist,
  requirePwaBuild,
  VIDEO_SKIP,
  videoFile,
  waitModelReady,
  waitPrecached,
  type InputFile,
} from './harness';

interface Seen {
  by: 'server' | 'browser';
  method: string;
  url: string;
  body: boolean;
}

const REPORT_PATH = '/__csp-report';
const hasBody = (req: IncomingMessage) =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** Serving the build, recording every request; `header` adds the CSP as a response header with a report-uri. */
function serving(
  seen: Seen[],
  options: { basePath?: string; header?: boolean } = {},
): Omit<StaticServerOptions, 'root'> {
  return {
    ...(options.basePath ? { basePath: options.basePath } : {}),
    onRequest: (req) => seen.push({ by: 'server', method: req.method ?? '?', url: req.url ?? '', body: hasBody(req) }),
    ...(options.header ? { headers: { 'content-security-policy': `${CSP}; report-uri ${REPORT_PATH}` } } : {}),
  };
}

// The fallback decoders' first fetch and compile (ffmpeg.wasm is 32 MB) take minutes on a busy 2-core machine.
describe.skipIf(skipBrowser)(
  `privacy, offline and sub-path${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`,
  { timeout: 300_000 },
  () => {
    const seen: Seen[] = [];
    const pageErrors: string[] = [];
    const cspConsole: string[] = [];
    const online = new Map<string, HiveResult>();

    function watch(page: Page): void {
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspConsole.push(m.text());
      });
    }

    const app = useAppPage(() => {
      requirePwaBuild();
      return {
        root: pwaDist,
        query: 'backend=wasm',
        server: serving(seen, { header: true }),
        onRequest: (req) =>
          seen.push({ by: 'browser', method: req.method(), url: req.url(), body: req.postDataBuffer() !== null }),
        onPage: watch,
        // The test waits for the model through the page's own status line.
        waitReady: false,
      };
    });

    it('(a) analyses an image, a video and a C2PA-signed file with no request off this machine and none with a body', async () => {
      const { page } = app;
      await waitModelReady(page);
      const files: InputFile[] = [png];
      const video = videoFile();
      if (video) files.push(video);
      else console.warn(VIDEO_SKIP);
      if (c2paFile) files.push(c2paFile);
      else console.warn(C2PA_SKIP);
      // The fallback decoders' path too (issue 21): HEIC through libheif, HEVC through ffmpeg.wasm.
      const fallback = fallbackFiles();
      if (fallback.length === 0) console.warn(FALLBACK_SKIP);
      files.push(...fallback);

      const results = await analyse(page, files);
      expect(results.map((r) => r.status[0]!.status.code)).toEqual(files.map(() => '0'));
      files.forEach((f, i) => online.set(f.name, results[i]!));
      if (video) expect(results[1]!.status[0]!.response.input.media.type).toBe('VIDEO');
      if (c2paFile) {
        const r = results[files.indexOf(c2paFile)]!.status[0]!.response;
        expect(JSON.stringify(r.output[0]!.evidence ?? [])).toMatch(/"kind":"c2pa"/);
      }

      const origin = new URL(app.server.url).origin;
      const local = (u: string) =>
        u.startsWith('/') || u.startsWith(`${origin}/`) || u.startsWith('blob:') || u.startsWith('data:');
      expect(seen.filter((s) => !local(s.url))).toEqual([]);
      expect(seen.filter((s) => s.body || s.method !== 'GET')).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(cspConsole).toEqual([]);
      // Positive controls: both recorders saw the worker's own fetches of the model and the runtime.
      for (const by of ['server', 'browser'] as const) {
        const urls = seen.filter((s) => s.by === by).map((s) => s.url);
        expect(
          urls.some((u) => u.includes('models/classifier.onnx')),
          `${by} saw the model`,
        ).toBe(true);
        expect(
          urls.some((u) => /assets\/ort-wasm.*\.wasm/.test(u)),
          `${by} saw the ORT wasm`,
        ).toBe(true);
        if (fallback.length > 0) {
          expect(
            urls.some((u) => /assets\/libheif.*\.wasm/.test(u)),
            `${by} saw the HEIF decoder`,
          ).toBe(true);
          expect(
            urls.some((u) => /assets\/ffmpeg-core.*\.wasm/.test(u)),
            `${by} saw the ffmpeg.wasm decoder`,
          ).toBe(true);
        }
      }

      // ...and the violation channel works: a cross-origin fetch is refused and reported (a POST to our server).
      const n = seen.length;
      const refused = await page.evaluate(() =>
        fetch('https://example.com/')
          .then(() => false)
          .catch(() => true),
      );
      expect(refused).toBe(true);
      await expect
        .poll(() => seen.slice(n).filter((s) => s.by === 'server' && s.url === REPORT_PATH).length, { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(seen.slice(n).filter((s) => s.url.startsWith('https://example.com'))).toEqual([]);
      await page.close();
    });

    it('(b) reloads and analyses offline with the same answer', async () => {
      const page = await app.browser.context.newPage();
      watch(page);
      await page.goto(`${app.server.url}?backend=wasm`);
      // The worker installed during (a); wait until its precache holds the runtimes and every model.
      await waitPrecached(page, [
        'index.html',
        '.wasm',
        'models/classifier.onnx',
        'models/classifier.json',
        'models/deepfake.onnx',
        'models/face_detector.tflite',
      ]);
      const wasm = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
        return urls.filter((u) => u.endsWith('.wasm')).map((u) => u.replace(/^.*\/assets\//, ''));
      });
      expect(wasm.some((f) => f.startsWith('ort-wasm')) && wasm.some((f) => f.startsWith('c2pa'))).toBe(true);

      // The fallback decoders are cached at first use, not precached: use them once on this controlled page.
      const fallback = fallbackFiles();
      if (fallback.length > 0) {
        const used = await analyse(page, fallback);
        expect(used.map((r) => r.status[0]!.status.code)).toEqual(fallback.map(() => '0'));
        fallback.forEach((f, i) => online.set(f.name, used[i]!));
        await waitPrecached(page, ['.wasm']);
        const runtime = await page.evaluate(async () =>
          (await caches.has('veritas-decoders'))
            ? (await (await caches.open('veritas-decoders')).keys()).map((r) => r.url.replace(/^.*\/assets\//, ''))
            : [],
        );
        expect(
          runtime.some((f) => f.startsWith('libheif') && f.endsWith('.wasm')),
          runtime.join(', '),
        ).toBe(true);
        expect(
          runtime.some((f) => f.startsWith('ffmpeg-core') && f.endsWith('.wasm')),
          runtime.join(', '),
        ).toBe(true);
      }
      const inputs = [png, ...(c2paFile ? [c2paFile] : []), ...fallback];
      // Truly offline: the server is gone too (setOffline alone does not cover the browser's own sw.js update check).
      await app.server.close();
      await app.browser.context.setOffline(true);
      const before = seen.filter((s) => s.by === 'server').length;
      try {
        await page.reload();
        expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
        await waitModelReady(page);
        const offline = await analyse(page, inputs);
        inputs.forEach((f, i) => {
          expect(offline[i]!.status[0]!.status.code, f.name).toBe('0');
          const a = classScores(online.get(f.name)!);
          const b = classScores(offline[i]!);
          expect(Object.keys(b)).toEqual(Object.keys(a));
          for (const k of Object.keys(a)) expect(b[k], `${f.name} ${k}`).toBeCloseTo(a[k]!, 6);
        });
        expect(seen.filter((s) => s.by === 'server').slice(before)).toEqual([]);
      } finally {
        await app.browser.context.setOffline(false);
        await page.close();
      }
      expect(pageErrors).toEqual([]);
    });

    it('(c) works and is installable under a sub-path, its service worker scoped there', async () => {
      const subSeen: Seen[] = [];
      const sub = await startStaticServer({ root: pwaDist, ...serving(subSeen, { basePath: '/sub/path/' }) });
      try {
        const page = await app.browser.context.newPage();
        watch(page);
        await page.goto(`${sub.url}?backend=wasm`);
        await waitModelReady(page);
        const [r] = await analyse(page, [png]);
        expect(r!.status[0]!.status.code).toBe('0');
        expect(classScores(r!)).toEqual(classScores(online.get(png.name)!));
        const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((reg) => reg.scope));
        expect(new URL(scope).pathname).toBe('/sub/path/');
        // Installable there: Chromium's own check of manifest, icons, scope and service worker finds nothing wrong.
        const cdp = await app.browser.context.newCDPSession(page);
        const manifest = await cdp.send('Page.getAppManifest');
        expect(new URL(manifest.url).pathname).toBe('/sub/path/manifest.webmanifest');
        expect(manifest.errors).toEqual([]);
        expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
        const served = subSeen.filter((s) => s.by === 'server').map((s) => s.url);
        expect(served.some((u) => u.startsWith('/sub/path/models/classifier.onnx'))).toBe(true);
        expect(served.filter((u) => !u.startsWith('/sub/path/'))).toEqual([]);
        expect(pageErrors).toEqual([]);
        await page.close();
      } finally {
        await sub.close();
      }
    });
  },
);
