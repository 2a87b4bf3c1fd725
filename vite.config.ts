import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { CSP } from './src/pwa/csp';

/** Largest file the service worker precaches: the ORT wasm (jsep build) is ~27 MiB, MediaPipe's ~11 MiB. */
const PRECACHE_FILE_LIMIT = 40 * 1024 * 1024;

/** Fallback decoders' files under assets/ (named by the packages and chunk names they come from). */
const FALLBACK_DECODER_GLOBS = ['assets/libheif*', 'assets/ffmpeg-core*', 'assets/ffmpegDecoder*'];

/**
 * The CSP (src/pwa/csp.ts) as a <meta>, so it holds on static hosts that cannot set headers. Build only: Vite's
 * dev server injects inline scripts for hot reload, which the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'veritas-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

// `base` is relative by default so dist/ works under any sub-path without a rebuild (HOSTING.md): assets, workers,
// sw.js ('./sw.js', scope = its folder) and the manifest (start_url/scope '.') all resolve against the page's folder.
// BASE=/x/ pins an absolute base instead.
export default defineConfig({
  base: process.env.BASE ?? './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Veritas Lens: local AI-image and video detector',
        short_name: 'Veritas Lens',
        description:
          'Checks images and videos for AI generation, deepfaked faces and provenance, entirely on your device.',
        theme_color: '#1f2e54',
        background_color: '#eef1f5',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Narrow globs (PITFALLS.md): the app shell, the runtimes' wasm (ORT, c2pa-web, MediaPipe: all hashed assets
        // under assets/), our models and their manifests. The manifest icons are added by the plugin itself.
        globPatterns: ['index.html', 'assets/*.{js,css,wasm}', 'models/*.{onnx,json,tflite}'],
        // bench.html and its worker are a developer tool (npm run bench), not part of the app. The fallback decoders
        // (libheif ~1.5 MB, ffmpeg ~32 MB) are fetched only when a file needs them, so they stay out of the precache
        // and are cached at first use by the runtime rule below.
        globIgnores: ['assets/bench*', ...FALLBACK_DECODER_GLOBS],
        maximumFileSizeToCacheInBytes: PRECACHE_FILE_LIMIT,
        cleanupOutdatedCaches: true,
        // Cache-first on the app's own origin only: once fetched, a fallback decoder works offline like the rest.
        // Names are content-hashed, so a cached copy is never stale; old versions age out (maxEntries).
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin && /\/assets\/(libheif|ffmpeg-core|ffmpegDecoder)[^/]*\.(js|wasm)$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: 'veritas-decoders',
              expiration: { maxEntries: 8 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
        navigateFallback: 'index.html',
        // The CLI's input files are never cached.
        navigateFallbackDenylist: [/\/__cli\//],
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    // bench.html drives `npm run bench -- --peers`; it is not linked from the app.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
