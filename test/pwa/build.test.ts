/**
 * The built app as a static site (issue 6), read from disk: the CSP meta with no inline script, relative URLs
 * (sub-path hosting), an installable manifest with real icons, and a service worker that precaches exactly the
 * app shell, the runtimes' wasm and the models, asks before updating and drops outdated caches.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES } from '../../src/pwa/csp';
import { repoRoot } from '../helpers/shared';
import { pwaDist, requirePwaBuild } from './harness';

const read = (f: string) => readFileSync(join(pwaDist, f), 'utf8');
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('built app', () => {
  let html: string;
  let sw: string;
  let precached: string[];

  beforeAll(() => {
    requirePwaBuild();
    html = read('index.html');
    sw = read('sw.js');
    precached = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]!);
  });

  it('carries the strict CSP as the first element of <head>', () => {
    const head = /<head>\s*(<meta[^>]*>)/.exec(html);
    const meta = head?.[1] ?? '';
    expect(meta).toMatch(/http-equiv="Content-Security-Policy"/);
    const content = decode(/content="([^"]*)"/.exec(meta)?.[1] ?? '');
    expect(content).toBe(CSP);
    // The policy, word for word, and nothing weaker anywhere.
    expect(CSP_DIRECTIVES).toMatchObject({
      'default-src': "'self'",
      'connect-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'worker-src': "'self' blob:",
    });
    expect(content).not.toMatch(/unsafe-inline|'unsafe-eval'|\*|https?:/);
    // <meta charset> must still fall in the first 1024 bytes.
    expect(html.indexOf('<meta charset')).toBeLessThan(1024);
  });

  it('has no inline script, inline handler or style attribute', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('refers to everything relatively, so dist/ works under any sub-path', () => {
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(3);
    for (const u of urls) expect(u, u).toMatch(/^\.\//);
    // The service worker is registered as ./sw.js (scope: the page's folder), not /sw.js.
    const entry = readdirSync(join(pwaDist, 'assets')).filter((f) => /^(main|workbox-window).*\.js$/.test(f));
    const code = entry.map((f) => read(`assets/${f}`)).join('\n');
    expect(code).not.toMatch(/["'`]\/sw\.js/);
  });

  it('has an installable manifest with real 192 and 512 px icons', () => {
    const manifest = JSON.parse(read('manifest.webmanifest')) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '.', scope: '.', display: 'standalone' });
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(html).toMatch(/<link rel="manifest" href="\.\/manifest\.webmanifest">/);
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === undefined);
      expect(icon, `${size} icon`).toBeDefined();
      const png = readFileSync(join(pwaDist, icon!.src));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });

  it('precaches the app shell, every runtime wasm and every model, and nothing else', () => {
    const assets = readdirSync(join(pwaDist, 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    expect(wasm.some((f) => f.startsWith('ort-wasm'))).toBe(true);
    expect(wasm.some((f) => f.startsWith('c2pa'))).toBe(true);
    // MediaPipe's wasm appears once the worker imports the face detector: it is then precached like the others.
    // The fallback decoders (libheif, ffmpeg.wasm) are cached at first use instead (next test).
    const fallback = (f: string): boolean => /^(libheif|ffmpeg-core|ffmpegDecoder)/.test(f);
    expect(assets.filter((f) => f.endsWith('.wasm') && fallback(f)).length).toBe(2);
    const app = assets
      .filter((f) => /\.(js|css|wasm)$/.test(f) && !f.startsWith('bench') && !fallback(f))
      .map((f) => `assets/${f}`);
    const models = readdirSync(join(repoRoot, 'public', 'models'))
      .filter((f) => /\.(onnx|json|tflite)$/.test(f))
      .map((f) => `models/${f}`);
    expect(models).toContain('models/classifier.onnx');
    expect(new Set(precached)).toEqual(
      new Set([
        'index.html',
        'manifest.webmanifest',
        ...app,
        ...models,
        'icons/icon-192.png',
        'icons/icon-512.png',
        'icons/maskable-512.png',
      ]),
    );
    expect(precached.length).toBe(new Set(precached).size);
    let total = 0;
    for (const url of precached) {
      expect(existsSync(join(pwaDist, url)), url).toBe(true);
      total += statSync(join(pwaDist, url)).size;
    }
    // Narrow globs (PITFALLS.md): a careless one once precached 89 MB. Today it is ~42 MB (+11 MB with MediaPipe).
    expect(total).toBeLessThan(70 * 1024 * 1024);
  });

  it('caches the fallback decoders at first use (cache first, same origin only), not in the precache', () => {
    expect(precached.filter((u) => /libheif|ffmpeg/.test(u))).toEqual([]);
    expect(sw).toMatch(/"veritas-decoders"/);
    expect(sw).toMatch(/CacheFirst/);
    expect(sw).toMatch(/libheif\|ffmpeg-core\|ffmpegDecoder/);
  });

  it('asks before updating and removes outdated caches on activate', () => {
    // registerType 'prompt': the new worker waits; skipWaiting() runs only on the page's SKIP_WAITING message.
    expect(sw.match(/skipWaiting\(\)/g)).toHaveLength(1);
    expect(sw).toMatch(/"SKIP_WAITING"===e\.data\.type&&self\.skipWaiting\(\)/);
    expect(sw).not.toMatch(/clientsClaim/);
    expect(sw).toMatch(/cleanupOutdatedCaches\(\)/);
    // Navigations fall back to the precached page, relative to the worker (sub-path safe).
    expect(sw).toMatch(/createHandlerBoundToURL\("index\.html"\)/);
  });
});
