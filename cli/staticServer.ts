/**
 * A loopback-only static server for the built app. The CLI also exposes the files it was given under
 * /__cli/input/<n>, so the page reads them from its own origin (no cross-origin request, no body upload).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServerOptions {
  root: string;
  /** Files served at /__cli/input/<index>. */
  inputs?: readonly string[];
  /** Serve the app under this sub-path (e.g. "/sub/"), to test sub-path hosting. */
  basePath?: string;
  /** Add COOP/COEP so the page is cross-origin isolated (WASM threads). Off by default: most static hosts can't. */
  isolate?: boolean;
  /** Extra folders served under a URL prefix (e.g. { '/bench-models/': dir }). */
  mounts?: Record<string, string>;
  /** Called for every request (tests record them). */
  onRequest?: (req: IncomingMessage) => void;
  /** Headers added to every response, e.g. a Content-Security-Policy as a host that can set one would send it. */
  headers?: Record<string, string>;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
  server: Server;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root);
  const base = options.basePath ?? '/';
  const server = createServer((req, res) => {
    options.onRequest?.(req);
    for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = { 'cache-control': 'no-cache' };
    if (options.isolate) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    const input = /^\/__cli\/input\/(\d+)$/.exec(url.pathname);
    if (input && options.inputs) {
      const file = options.inputs[Number(input[1])];
      if (file === undefined || !existsSync(file)) {
        send(res, 404, 'no such input');
        return;
      }
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/octet-stream',
        'content-length': String(statSync(file).size),
      });
      createReadStream(file).pipe(res);
      return;
    }
    let dirRoot = root;
    let prefix = base;
    for (const [mount, dir] of Object.entries(options.mounts ?? {})) {
      if (url.pathname.startsWith(mount)) {
        dirRoot = resolve(dir);
        prefix = mount;
      }
    }
    if (!url.pathname.startsWith(prefix)) {
      send(res, 404, 'not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const path = normalize(join(dirRoot, rel));
    if (path !== dirRoot && !path.startsWith(dirRoot + sep)) {
      send(res, 403, 'forbidden');
      return;
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      send(res, 404, 'not found');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'content-length': String(statSync(path).size),
    });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    server,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
