/**
 * The provenance reader in a real browser, without the rest of the app: a tiny Vite build of
 * `provenancePage/` (page + module worker running `readProvenance`, c2pa-web included), served from
 * 127.0.0.1 by a small node server, opened in the system Chromium. Every request the browser makes is recorded
 * (page, worker, nested workers); anything not on our origin is "foreign". Chromium's resolver is also pointed
 * at nothing, so a leak is recorded but never leaves the machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { ProvenanceOptions } from '../../src/provenance/index';
import type { FromWorker, ReadMode } from './provenancePage/protocol';

const here = dirname(fileURLToPath(import.meta.url));

export function findChromium(): string | null {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

export const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
/** Outside CI a missing Chromium skips these tests; in CI they must run (and fail loudly if they cannot). */
export const skipReaderBrowser = findChromium() === null && !inCi;
export const READER_BROWSER_SKIP_REASON = 'skipped: no Chromium found (apt-get install -y chromium, or set CHROME_PATH); CI runs these';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface ReaderHarness {
  origin: string;
  /** Every URL requested that is not on our origin (nor blob:/data:). */
  foreign: string[];
  /** Every URL requested, in order. */
  all: string[];
  /** Serves `bytes` at a same-origin URL and returns that URL. */
  host(name: string, bytes: Uint8Array): string;
  read(url: string, mime: string, options?: ProvenanceOptions, mode?: ReadMode): Promise<FromWorker>;
  probe(url: string): Promise<void>;
  page: Page;
  close(): Promise<void>;
}

async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'veritas-prov-page-'));
  await build({
    configFile: false,
    root: join(here, 'provenancePage'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: false, target: 'es2022', reportCompressedSize: false },
    worker: { format: 'es' },
  });
  return outDir;
}

function serve(root: string, hosted: Map<string, Uint8Array>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const fx = hosted.get(path);
    if (fx) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(fx);
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export async function startReaderHarness(): Promise<ReaderHarness> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: install Debian chromium (apt-get install -y chromium) or set CHROME_PATH');
  const dist = await buildPage();
  const hosted = new Map<string, Uint8Array>();
  const server = await serve(dist, hosted);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'veritas-prov-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      // Nothing resolves except our server: a leak is recorded below, but goes nowhere.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const foreign: string[] = [];
  const all: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    all.push(u);
    if (!u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'provenanceTest' in window);

  type Api = { read(url: string, mime: string, mode: ReadMode, o: ProvenanceOptions): Promise<FromWorker>; probe(url: string): Promise<FromWorker> };
  return {
    origin,
    foreign,
    all,
    page,
    host(name, bytes) {
      const path = `/fx/${encodeURIComponent(name)}`;
      hosted.set(path, bytes);
      return `${origin}${path}`;
    },
    read: (url, mime, options = {}, mode = 'bytes') =>
      page.evaluate(({ url, mime, mode, options }) => (window as unknown as { provenanceTest: Api }).provenanceTest.read(url, mime, mode, options), { url, mime, mode, options }),
    probe: async (url) => {
      await page.evaluate((u) => (window as unknown as { provenanceTest: Api }).provenanceTest.probe(u), url);
    },
    async close() {
      await context.close().catch(() => undefined);
      await new Promise((ok) => server.close(ok));
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
