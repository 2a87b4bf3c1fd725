/**
 * The provenance reader in a real browser, without the rest of the app: `provenancePage/` (page + module worker
 * running `readProvenance`, c2pa-web included) as a page harness (test/helpers/pageHarness), the fixtures served
 * from the same origin under /fx/. Every request the browser makes is recorded (page, worker, nested workers);
 * anything not on our origin is "foreign". Chromium's resolver is also pointed at nothing, so a leak is recorded
 * but never leaves the machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { ProvenanceOptions } from '../../src/provenance/index';
import { startPageHarness } from '../helpers/pageHarness';
import type { ProvenanceTestApi } from './provenancePage/main';
import type { FromWorker, ReadMode } from './provenancePage/protocol';

const here = dirname(fileURLToPath(import.meta.url));

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

export async function startReaderHarness(): Promise<ReaderHarness> {
  const fixtures = mkdtempSync(join(tmpdir(), 'veritas-prov-fx-'));
  const foreign: string[] = [];
  const all: string[] = [];
  const harness = await startPageHarness<ProvenanceTestApi>({
    root: join(here, 'provenancePage'),
    global: 'provenanceTest',
    mounts: { '/fx/': fixtures },
    label: 'veritas-prov-page',
    // Nothing resolves except our server: a leak is recorded below, but goes nowhere.
    launch: { args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] },
    onRequest: (request, origin) => {
      const u = request.url();
      all.push(u);
      if (!u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
    },
  }).catch((e: unknown) => {
    rmSync(fixtures, { recursive: true, force: true });
    throw e;
  });
  const origin = new URL(harness.url).origin;
  return {
    origin,
    foreign,
    all,
    page: harness.page,
    host(name, bytes) {
      writeFileSync(join(fixtures, name), bytes);
      return `${origin}/fx/${encodeURIComponent(name)}`;
    },
    read: (url, mime, options = {}, mode = 'bytes') => harness.call('read', url, mime, mode, options),
    probe: async (url) => {
      await harness.call('probe', url);
    },
    async close() {
      await harness.close();
      rmSync(fixtures, { recursive: true, force: true });
    },
  };
}
