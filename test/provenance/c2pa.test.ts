/**
 * C2PA in the real page (c2pa-web in the worker): files signed here with a CA -> leaf chain, a byte-flipped copy,
 * the reference fixtures, and the Sora 2 / Veo 3 clips. Every request is recorded: none may leave the origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreOf } from '../../src/core/headScores';
import { SOURCE_CLASSES } from '../../src/core/classes';
import type { HiveResult } from '../../src/core/response';
import type { C2paSummary } from '../../src/provenance/c2paSummary';
import { analyzeViaHook } from '../helpers/analyzeViaHook';
import { BROWSER_SKIP_REASON, skipBrowser } from '../helpers/browser';
import { makeChain, signAsset } from '../fixtures-gen/sign';
import { useAppPage } from '../helpers/useAppPage';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

const analyse = analyzeViaHook;

function topSource(r: HiveResult): string {
  const res = r.status[0]!.response;
  const classes = (res.summary ?? res.output[0])!.classes;
  return classes
    .filter((c) => (SOURCE_CLASSES as readonly string[]).includes(c.class))
    .sort((a, b) => b.score - a.score)[0]!.class;
}
const aiScore = (r: HiveResult): number =>
  scoreOf((r.status[0]!.response.summary ?? r.status[0]!.response.output[0])!.classes, 'ai_generated');
const c2paOf = (r: HiveResult): C2paSummary | null =>
  (r.status[0]!.response.provenance as { c2pa: C2paSummary | null } | null)?.c2pa ?? null;

describe.skipIf(skipBrowser)(`C2PA in the page${skipBrowser ? ` (${BROWSER_SKIP_REASON})` : ''}`, () => {
  const foreign: string[] = [];
  const app = useAppPage({
    query: 'backend=wasm',
    onRequest: (req, origin) => {
      const u = req.url();
      if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
    },
  });

  // Before the page closes (afterAll hooks run last registered first).
  afterAll(() => {
    expect(foreign).toEqual([]);
  });

  it('a JPEG signed here as DALL-E trainedAlgorithmicMedia: attributed, ai >= 0.9, valid but untrusted; a flipped byte reads Invalid', async () => {
    const jpeg = await app.page.evaluate(async () => {
      const c = new OffscreenCanvas(320, 240);
      const x = c.getContext('2d')!;
      x.fillStyle = '#4a6';
      x.fillRect(0, 0, 320, 240);
      x.fillStyle = '#fff';
      x.fillRect(40, 40, 100, 60);
      return Array.from(
        new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()),
      );
    });
    const signed = signAsset(makeChain(), Uint8Array.from(jpeg), 'image/jpeg', {
      claimGenerator: 'Veritas test generator',
      actions: [{ action: 'c2pa.created', softwareAgent: 'DALL-E 3', digitalSourceType: TRAINED }],
    });
    const r = await analyse(app.page, signed, 'signed.jpg', 'image/jpeg');
    expect(r.status[0]!.status.code).toBe('0');
    const tags = r.status[0]!.response.output[0]!.algorithmic_tags.c2pa;
    expect(tags).toMatchObject({
      actions_action: 'c2pa.created',
      actions_software_agent: 'DALL-E 3',
      actions_digital_source_type: TRAINED,
    });
    expect(c2paOf(r)?.validation).toMatchObject({ state: 'Valid', untrusted_signer: true });
    expect(c2paOf(r)?.signer.common_name).toBe('Veritas Test Signer');
    expect(topSource(r)).toBe('dalle');
    expect(aiScore(r)).toBeGreaterThanOrEqual(0.9);

    // Flip one byte of the image data (well past the manifest, before the end marker).
    const flipped = Buffer.from(signed);
    const at = flipped.length - 40;
    flipped[at] = (flipped[at] ?? 0) ^ 0x55;
    const bad = await analyse(app.page, flipped, 'flipped.jpg', 'image/jpeg');
    expect(bad.status[0]!.status.code).toBe('0');
    expect(c2paOf(bad)?.validation.state).toBe('Invalid');
    expect(bad.status[0]!.response.output[0]!.evidence?.find((e) => e.kind === 'c2pa')?.weight).toBe(0);
  });

  describe.skipIf(!hasShared)(`reference fixtures (${hasShared ? 'shared present' : SHARED_SKIP_REASON})`, () => {
    const fixture = (name: string): Buffer => readFileSync(join(sharedDir, 'fixtures', 'c2pa', name));

    it('C.jpg is valid with an untrusted test signer; XCA.jpg is invalid; no_manifest.jpg has none', async () => {
      const c = await analyse(app.page, fixture('C.jpg'), 'C.jpg', 'image/jpeg');
      expect(c2paOf(c)?.validation).toMatchObject({ state: 'Valid', untrusted_signer: true });
      expect(c.status[0]!.response.output[0]!.algorithmic_tags.c2pa.actions_digital_source_type).toMatch(
        /algorithmicMedia$/,
      );
      const x = await analyse(app.page, fixture('XCA.jpg'), 'XCA.jpg', 'image/jpeg');
      expect(c2paOf(x)?.validation.state).toBe('Invalid');
      expect(c2paOf(x)?.validation.failures).toContain('assertion.dataHash.mismatch');
      const n = await analyse(app.page, fixture('no_manifest.jpg'), 'no_manifest.jpg', 'image/jpeg');
      expect(c2paOf(n)).toBeNull();
    });

    it.each([
      ['sora2_openai_truepic.mp4', 'sora'],
      ['veo3_google.mp4', 'veo3'],
    ])(
      '%s is attributed to %s with ai_generated >= 0.9',
      async (name, source) => {
        if (!existsSync(join(sharedDir, 'fixtures', 'c2pa', name))) return;
        const r = await analyse(app.page, fixture(name), name, 'video/mp4');
        expect(r.status[0]!.status.code, r.status[0]!.status.message).toBe('0');
        // The app hands c2pa-web the shipped C2PA Trust List: Google's signer is on it, Sora 2's older issuer is not.
        expect(c2paOf(r)?.validation.state).toBe(source === 'veo3' ? 'Trusted' : 'Valid');
        expect(topSource(r)).toBe(source);
        expect(aiScore(r)).toBeGreaterThanOrEqual(0.9);
      },
      240_000,
    );
  });
});
