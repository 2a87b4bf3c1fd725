/**
 * A 200-file batch through the real page in Chromium, picked in one go through the file input: three corrupt
 * files among them (zero bytes, a truncated PNG, random bytes named .jpg) get error answers and the queue goes
 * on; all 200 answers appear in the order the files were picked; only one file is in the worker at a time; the
 * page's JS heap grows by little more than the answers it keeps (measured over CDP after a forced GC, at 50 and
 * at 200: a large batch is listed as one row per file, the full card opens on click); the page's JSON Lines and CSV
 * exports, downloaded like a user would, hold one record per file, in order; opening 30 rows keeps at most
 * PREVIEW_KEEP preview object URLs alive, and Clear revokes them all.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import type { HiveResult } from '../../src/core/response';
import { PREVIEW_KEEP } from '../../src/app/hooks/makePreview';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { makePng } from '../helpers/images';
import { useAppPage } from '../helpers/useAppPage';

const N = 200;
/** Index -> what is wrong with the file there; every other file is a small valid PNG. */
const CORRUPT = new Map<number, { name: string; mimeType: string; buffer: Buffer }>([
  [20, { name: 'f020-empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) }],
  [101, { name: 'f101-truncated.png', mimeType: 'image/png', buffer: makePng(64, 48, 101).subarray(0, 60) }],
  [177, { name: 'f177-random.jpg', mimeType: 'image/jpeg', buffer: randomBytes(4096) }],
]);

function batch(): { name: string; mimeType: string; buffer: Buffer }[] {
  return Array.from(
    { length: N },
    (_, i) =>
      CORRUPT.get(i) ?? {
        name: `f${String(i).padStart(3, '0')}.png`,
        mimeType: 'image/png',
        buffer: makePng(64, 48, i + 1),
      },
  );
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

interface Heap {
  usedMB: number;
  /** ArrayBuffer backing stores: where file bytes kept by mistake would show. */
  backingMB: number;
}

async function heapAfterGc(cdp: CDPSession): Promise<Heap> {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return { usedMB: h.usedSize / 2 ** 20, backingMB: (h.backingStorageSize ?? 0) / 2 ** 20 };
}

/** Counts the page's live object URLs (created, not yet revoked): previews are Blob memory the heap figure misses. */
function countObjectUrls(): void {
  const live = new Set<string>();
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (o: Blob | MediaSource) => {
    const url = create(o);
    live.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    live.delete(url);
    revoke(url);
  };
  (window as unknown as { liveObjectUrls: () => number }).liveObjectUrls = () => live.size;
}
const liveObjectUrls = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { liveObjectUrls: () => number }).liveObjectUrls());

const doneCount = (page: Page): Promise<number> => page.locator('[data-testid="result-json"]').count();

async function download(page: Page, testId: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testId).click()]);
  const path = await d.path();
  return readFileSync(path, 'utf8');
}

describe.skipIf(skipBrowser)(`a 200-file batch in the page${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  // faces=0, crops=1: the queue, order, memory and export are the subject; one crop per file keeps 200 fast.
  const app = useAppPage({ query: 'backend=wasm&faces=0&crops=1', initScript: countObjectUrls, waitReady: false });

  beforeAll(async () => {
    await app.page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.textContent?.includes('Model ready'),
      undefined,
      { timeout: 120_000 },
    );
  });

  it('answers all 200 in order (3 errors), one at a time, with bounded heap growth, and exports 200 records', async () => {
    const cdp = await app.page.context().newCDPSession(app.page);
    const start = await heapAfterGc(cdp);
    const t0 = Date.now();
    await app.page.getByTestId('file-input').setInputFiles(batch());

    // Bounded queue: sampled while the batch runs, never more than one file in the worker.
    let mostWorking = 0;
    const heaps = new Map<number, Heap>();
    for (const mark of [50, 200]) {
      for (;;) {
        const [done, working] = await Promise.all([
          doneCount(app.page),
          app.page.locator('article.resultcard[data-state="working"]').count(),
        ]);
        mostWorking = Math.max(mostWorking, working);
        if (done >= mark) break;
        if (Date.now() - t0 > 400_000)
          throw new Error(`only ${done} of ${N} answered after ${(Date.now() - t0) / 1000} s`);
        await app.page.waitForTimeout(250);
      }
      heaps.set(mark, await heapAfterGc(cdp));
    }
    const seconds = (Date.now() - t0) / 1000;
    expect(mostWorking).toBe(1);
    await expect(app.page.getByTestId('status').textContent()).resolves.toContain(`${N} of ${N} analysed`);

    const results = (await app.page.getByTestId('result-json').allTextContents()).map(
      (t) => JSON.parse(t) as HiveResult,
    );
    expect(results.map((r) => r.status[0]!.response.input.media.filename)).toEqual(batch().map((f) => f.name));
    const codes = results.map((r) => r.status[0]!.status.code);
    expect(codes.filter((c) => c === '0')).toHaveLength(N - CORRUPT.size);
    for (const i of CORRUPT.keys()) {
      expect(codes[i], results[i]!.status[0]!.status.message).toBe('400');
      expect(results[i]!.status[0]!.status.message.length).toBeGreaterThan(10);
    }

    // Bounded growth: what 150 more answered files may add is their answers and their rows, not their bytes nor
    // full cards. An answer is ~3 KB of compact JSON, kept once as text and once as the object the exports use;
    // 15 KB per file allows that and a row. Full cards (pretty JSON, bars, provenance) measured ~40 KB each here,
    // any real leak (a kept worker, model, decoded image or preview canvas) MBs.
    const at50 = heaps.get(50)!;
    const at200 = heaps.get(200)!;
    const perFileKB = ((at200.usedMB - at50.usedMB) * 1024) / 150;
    const backingGrowthMB = at200.backingMB - at50.backingMB;

    const jsonl = await download(app.page, 'export-jsonl');
    const lines = jsonl.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(N);
    console.log(
      `batch of ${N} (${CORRUPT.size} corrupt): ${seconds.toFixed(1)} s, ${((seconds / N) * 1000).toFixed(0)} ms per file; ` +
        `page JS heap after GC (CDP Runtime.getHeapUsage): start ${start.usedMB.toFixed(1)} MB, after 50 ${at50.usedMB.toFixed(1)} MB, after 200 ${at200.usedMB.toFixed(1)} MB ` +
        `(${perFileKB.toFixed(1)} KB per file from 50 to 200); ArrayBuffer backing store ${at50.backingMB.toFixed(2)} -> ${at200.backingMB.toFixed(2)} MB; at most ${mostWorking} file in the worker at once; ` +
        `an answer is ${(jsonl.length / N / 1024).toFixed(1)} KB of compact JSON on average`,
    );
    expect(perFileKB).toBeLessThan(15);
    expect(backingGrowthMB).toBeLessThan(10);

    expect(lines.map((l) => (JSON.parse(l) as HiveResult).status[0]!.response.input.media.filename)).toEqual(
      batch().map((f) => f.name),
    );

    const csv = parseCsv(await download(app.page, 'export-csv'));
    expect(csv[0]!.slice(0, 2)).toEqual(['filename', 'status']);
    expect(csv.slice(1)).toHaveLength(N);
    expect(csv.slice(1).map((r) => r[0])).toEqual(batch().map((f) => f.name));
    expect(
      csv
        .slice(1)
        .filter((r) => r[1] === '400')
        .map((r) => r[0]),
    ).toEqual([...CORRUPT.values()].map((f) => f.name));

    // No row of a large batch holds a preview; opening 30 rows (29 photos and the empty file) makes previews
    // for the opened cards, of which at most PREVIEW_KEEP stay alive; Clear revokes every one.
    // (The exports' download URLs are revoked a tick after the click.)
    await app.page.waitForFunction(
      () => (window as unknown as { liveObjectUrls: () => number }).liveObjectUrls() === 0,
      undefined,
      { timeout: 5_000 },
    );
    for (let i = 0; i < 30; i++) await app.page.locator('article.resultcard.compact button.expand').first().click();
    await app.page.waitForFunction(
      () => document.querySelector('article.resultcard:nth-child(30) header img[src^="blob:"]') !== null,
      undefined,
      { timeout: 30_000 },
    );
    const live = await liveObjectUrls(app.page);
    const shown = await app.page.locator('article.resultcard header img[src^="blob:"]').count();
    console.log(`30 rows opened: ${live} live object URLs, ${shown} previews shown (PREVIEW_KEEP ${PREVIEW_KEEP})`);
    expect(live).toBe(PREVIEW_KEEP);
    expect(shown).toBe(PREVIEW_KEEP);
    await expect(app.page.getByTestId('result-json').count()).resolves.toBe(N);
    await expect(app.page.getByTestId('provenance').count()).resolves.toBe(29);
    await app.page.getByRole('button', { name: 'Clear' }).click();
    await expect(app.page.locator('article.resultcard').count()).resolves.toBe(0);
    await expect(liveObjectUrls(app.page)).resolves.toBe(0);
    expect(app.pageErrors).toEqual([]);
  }, 480_000);
});
