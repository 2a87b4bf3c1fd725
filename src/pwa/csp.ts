/**
 * The Content-Security-Policy (issue 6). Pure data: vite.config.ts writes it into the built index.html as a
 * <meta http-equiv> (hosts that cannot set headers), HOSTING.md shows it as a header, test/pwa checks both.
 *
 * - connect-src 'self': models, wasm and the files the CLI feeds all come from the app's own origin; nothing else.
 * - script-src 'self' 'wasm-unsafe-eval': onnxruntime-web, c2pa-web and MediaPipe compile WebAssembly; no
 *   'unsafe-eval', no 'unsafe-inline' (the build emits no inline script: modulePreload.polyfill is off).
 * - worker-src 'self' blob:: our workers are files on this origin; c2pa-web starts its reader worker from a blob: URL.
 * - img-src / media-src blob: data:: previews of the user's own files (object URLs) never leave the page.
 * - style-src 'self': one stylesheet; React sets style properties through the CSSOM, which CSP does not govern.
 *
 * A <meta> policy governs the page only; dedicated workers take their policy from their script's response
 * headers. Hosts that can set headers should send the same policy as a header (HOSTING.md), which then covers
 * the workers too; test/pwa/privacy.test.ts runs the app under both.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = Object.freeze({
  'default-src': "'self'",
  'connect-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self' blob:",
  'img-src': "'self' blob: data:",
  'media-src': "'self' blob:",
  'style-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
});

export const CSP = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');
