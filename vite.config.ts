import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The Content-Security-Policy, as a <meta> so it holds on static hosts that cannot set headers. Build only:
 * Vite's dev server injects inline scripts for hot reload.
 * - 'wasm-unsafe-eval': onnxruntime-web, c2pa-web and MediaPipe compile WebAssembly.
 * - worker-src blob:: c2pa-web starts its reader worker from a blob: URL.
 * - connect-src 'self': models, wasm and the files the CLI feeds come from our own origin; nothing else.
 */
export const CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'veritas-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// `base` is relative by default so dist/ works under any sub-path without a rebuild; BASE=/x/ pins it.
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
        description: 'Checks images and videos for AI generation, deepfaked faces and provenance, entirely on your device.',
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
        // Narrow globs: the app shell, the runtimes' wasm, our models and icons; nothing else (PITFALLS.md).
        globPatterns: ['index.html', 'assets/*.{js,css,wasm}', 'models/*.{onnx,json,tflite}', 'icons/*.png'],
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        navigateFallback: 'index.html',
        // The CLI's input files are never cached.
        navigateFallbackDenylist: [/^\/__cli\//],
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    // bench.html drives `npm run bench -- --peers`; it is not linked from the app.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
