/**
 * One file through the page's automation hook (`window.veritas.analyzeFile`: the client the UI, the CLI and eval
 * use), for browser tests that need the answer itself rather than the page's rendering of it. The bytes cross into
 * the page as base64 because `page.evaluate` arguments must be JSON.
 */
import type { Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import type {} from '../../src/app/automation';

export async function analyzeViaHook(page: Page, bytes: Uint8Array, name: string, type: string): Promise<HiveResult> {
  return page.evaluate(
    async ({ b64, name, type }) =>
      window.veritas!.analyzeFile(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type })),
    { b64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), name, type },
  );
}
