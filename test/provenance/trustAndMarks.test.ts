/**
 * Issue 9's pure parts, in node: the four C2PA states from c2pa-rs's status codes (integrity vs credential), the
 * weights each state gives a claim, the shipped trust list (files match their recorded sha256, dates, staleness),
 * XMP in every kind of PNG text chunk, Midjourney's own text, and Google's unnamed marks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fuse } from '../../src/core/fuse';
import type { Evidence } from '../../src/core/response';
import { c2paEvidence } from '../../src/provenance/c2paEvidence';
import { explainC2pa, summariseC2pa } from '../../src/provenance/c2paSummary';
import { readProvenance } from '../../src/provenance/index';
import { midjourneyMark } from '../../src/provenance/textDialects';
import { TRUST_LIST_SOURCE, trustListStatus } from '../../src/provenance/trustListInfo';
import { makePng, pngChunk } from '../helpers/images';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const MJ_TEXT =
  'a lighthouse at dusk, volumetric fog --ar 3:2 --v 7 --stylize 500 Job ID: 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';

interface Code {
  code: string;
  explanation?: string;
}

/** A store as c2pa-web returns it: one active manifest by `issuer`, the given status codes. */
function store(opts: {
  state: string;
  success?: Code[];
  failure?: string[];
  claim?: string;
  issuer?: string;
  cn?: string;
}) {
  return {
    active_manifest: 'urn:a',
    validation_state: opts.state,
    validation_results: {
      activeManifest: {
        success: [{ code: 'claimSignature.validated' }, { code: 'assertion.dataHash.match' }, ...(opts.success ?? [])],
        informational: [],
        failure: (opts.failure ?? []).map((code) => ({ code })),
      },
    },
    manifests: {
      'urn:a': {
        claim_generator: opts.claim ?? 'ChatGPT',
        signature_info: { issuer: opts.issuer ?? 'OpenAI', common_name: opts.cn ?? 'OpenAI Signer', time: '' },
        assertions: [
          { label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED }] } },
        ],
      },
    },
  };
}

/** What the fusion makes of this evidence when the pixel model is as sure as it can be that the file is real. */
function worstCase(evidence: readonly Evidence[]): { ai: number; top: string } {
  const f = fuse({ ai: 0.001, source: { none: 1 }, unstable: false }, evidence);
  return { ai: f.ai, top: Object.entries(f.generators).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]?.[0] ?? '' };
}

describe('C2PA: integrity failures void the claims, credential problems weaken them', () => {
  it('an expired certificate with intact hashes (c2pa-rs says Invalid) is Expired: the claims stay, weaker, and the words say why', () => {
    const c = summariseC2pa(
      store({ state: 'Invalid', failure: ['signingCredential.expired', 'signingCredential.untrusted'] }),
    )!;
    expect(c.validation).toMatchObject({
      state: 'Expired',
      label: 'credential expired or revoked',
      failures: [],
      credential_failures: ['signingCredential.expired'],
      untrusted_signer: true,
    });
    const ev = c2paEvidence(c);
    expect(ev).toEqual([expect.objectContaining({ kind: 'c2pa', weight: 0.85, source: '4o' })]);
    expect(ev[0]?.detail).toMatch(
      /signed by OpenAI Signer with a certificate that has since expired; the file is unchanged since signing/,
    );
    expect(ev[0]?.detail).not.toMatch(/INVALID|tampered/);
    expect(explainC2pa(c)).toMatch(/certificate that has since expired; the file is unchanged since signing/);
    expect(worstCase(ev)).toEqual({ ai: expect.any(Number), top: '4o' });
    expect(worstCase(ev).ai).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['signingCredential.revoked', /has been revoked/],
    ['claimSignature.outsideValidity', /had already expired \(or was not yet valid\) when it signed/],
    ['timeStamp.mismatch', /time-stamp that could not be verified/],
  ])('%s alone is a credential problem, not tampering', (code, words) => {
    const c = summariseC2pa(store({ state: 'Invalid', failure: [code] }))!;
    expect(c.validation).toMatchObject({ state: 'Expired', failures: [], credential_failures: [code] });
    expect(explainC2pa(c)).toMatch(words);
    expect(c2paEvidence(c)[0]?.weight).toBe(0.85);
  });

  it.each([
    ['assertion.dataHash.mismatch'],
    ['assertion.bmffHash.mismatch'],
    ['claimSignature.mismatch'],
    ['assertion.missing'],
    ['manifest.inaccessible'],
  ])('%s is tampering or damage even beside an expired certificate: the claims weigh nothing', (code) => {
    const c = summariseC2pa(store({ state: 'Invalid', failure: [code, 'signingCredential.expired'] }))!;
    expect(c.validation).toMatchObject({
      state: 'Invalid',
      label: 'tampered or damaged',
      failures: [code],
      credential_failures: ['signingCredential.expired'],
    });
    expect(c2paEvidence(c)).toEqual([
      expect.objectContaining({ weight: 0, detail: expect.stringMatching(/tampered or damaged/) }),
    ]);
    expect(c2paEvidence(c)[0]?.source).toBeUndefined();
  });

  it('a newer-rule complaint inside a signed, byte-intact manifest is conformance, not tampering; without intact hashes it is damage', () => {
    // As OpenAI's 2025 gpt-image-1 PNGs read today: "first action must be created or opened", hashes intact.
    const c = summariseC2pa(
      store({ state: 'Invalid', failure: ['assertion.action.malformed', 'signingCredential.expired'] }),
    )!;
    expect(c.validation).toMatchObject({ state: 'Expired', failures: [], conformance: ['assertion.action.malformed'] });
    expect(explainC2pa(c)).toMatch(
      /breaks a newer C2PA rule \(assertion\.action\.malformed\); that is how it was written, not a sign of tampering/,
    );
    expect(c2paEvidence(c)[0]).toMatchObject({ weight: 0.85, source: '4o' });
    const broken = store({ state: 'Invalid', failure: ['assertion.action.malformed'] });
    broken.validation_results.activeManifest.success = [{ code: 'claimSignature.validated' }];
    expect(summariseC2pa(broken)?.validation).toMatchObject({
      state: 'Invalid',
      failures: ['assertion.action.malformed'],
      conformance: [],
    });
  });

  it('Invalid with no status code we can sort is read as damage (the safe reading)', () => {
    const c = summariseC2pa(store({ state: 'Invalid' }))!;
    expect(c.validation).toMatchObject({ state: 'Invalid', failures: ['validation failed'] });
  });

  it('Trusted names the list that vouched, and weighs a little more than an unknown signer', () => {
    const system = summariseC2pa(
      store({
        state: 'Trusted',
        success: [
          {
            code: 'signingCredential.trusted',
            explanation: 'signing certificate trusted, found in System trust anchors',
          },
        ],
      }),
    )!;
    expect(system.validation).toMatchObject({
      state: 'Trusted',
      trust_source: 'c2pa_trust_list',
      label: 'trusted signer (on the C2PA Trust List)',
    });
    expect(explainC2pa(system)).toMatch(/a trusted signer on the C2PA Trust List/);
    expect(c2paEvidence(system)[0]).toMatchObject({
      weight: 0.95,
      source: '4o',
      detail: expect.stringMatching(/trusted signer \(on the C2PA Trust List\)/),
    });
    const user = summariseC2pa(
      store({
        state: 'Trusted',
        success: [
          {
            code: 'signingCredential.trusted',
            explanation: 'signing certificate trusted, found in User trust anchors',
          },
        ],
      }),
    )!;
    expect(user.validation).toMatchObject({
      state: 'Trusted',
      trust_source: 'user',
      label: 'trusted signer (on your own trust anchors)',
    });
    const unknown = summariseC2pa(store({ state: 'Valid', failure: ['signingCredential.untrusted'] }))!;
    expect(unknown.validation).toMatchObject({
      state: 'Valid',
      label: 'valid signature, signer not on your trust lists',
      trust_source: '',
    });
    expect(c2paEvidence(unknown)[0]?.weight).toBe(0.9);
  });

  it('a capture claim keeps its sign through the trust adjustment', () => {
    const s = store({
      state: 'Trusted',
      claim: 'Camera firmware',
      issuer: 'Camera Maker',
      success: [{ code: 'signingCredential.trusted', explanation: 'found in System trust anchors' }],
    });
    s.manifests['urn:a'].assertions[0]!.data.actions[0]!.digitalSourceType =
      'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';
    expect(c2paEvidence(summariseC2pa(s)!)[0]?.weight).toBe(-0.35);
  });
});

describe('the shipped C2PA trust lists', () => {
  const dir = join(__dirname, '../../src/provenance/trustList');
  it('each PEM matches the sha256 and certificate count recorded with its source commit', () => {
    for (const f of [TRUST_LIST_SOURCE.trust_list, TRUST_LIST_SOURCE.tsa_trust_list]) {
      const bytes = readFileSync(join(dir, f.file));
      expect(createHash('sha256').update(bytes).digest('hex'), f.file).toBe(f.sha256);
      expect(bytes.toString('latin1').split('-----BEGIN CERTIFICATE-----').length - 1).toBe(f.certificates);
      expect(Number.isNaN(Date.parse(f.issued))).toBe(false);
      expect(Date.parse(f.next_update)).toBeGreaterThan(Date.parse(f.issued));
    }
    expect(TRUST_LIST_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(TRUST_LIST_SOURCE.licence).toBe('CC BY 4.0');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/Attribution 4\.0 International/);
  });

  it('warns once past the next-update date, and not before', () => {
    const next = Date.parse(TRUST_LIST_SOURCE.trust_list.next_update);
    expect(trustListStatus(new Date(next - 86_400_000))).toMatchObject({ stale: false, warning: '' });
    const late = trustListStatus(new Date(next + 86_400_000));
    expect(late.stale).toBe(true);
    expect(late.warning).toMatch(/was due for an update on \d{4}-\d\d-\d\d/);
  });
});

const xmp = (credit = ''): string =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ` +
  `Iptc4xmpExt:DigitalSourceType="${TRAINED}"${credit ? ` photoshop:Credit="${credit}"` : ''}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const KEY = Buffer.from('XML:com.adobe.xmp\0', 'latin1');
const pngText = (keyword: string, value: string): Buffer =>
  pngChunk('tEXt', Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(value, 'latin1')]));

describe('XMP in every kind of PNG text chunk', () => {
  const packet = xmp();
  it.each([
    [
      'iTXt, compressed (as Midjourney writes it)',
      () => pngChunk('iTXt', Buffer.concat([KEY, Buffer.from([1, 0, 0, 0]), deflateSync(Buffer.from(packet))])),
    ],
    [
      'iTXt, uncompressed',
      () => pngChunk('iTXt', Buffer.concat([KEY, Buffer.from([0, 0, 0, 0]), Buffer.from(packet)])),
    ],
    ['zTXt', () => pngChunk('zTXt', Buffer.concat([KEY, Buffer.from([0]), deflateSync(Buffer.from(packet))]))],
    ['tEXt', () => pngText('XML:com.adobe.xmp', packet)],
  ])('%s: DigitalSourceType read, tags filled, strong evidence', async (_name, chunk) => {
    const r = await readProvenance(makePng(16, 16, 1, [chunk()]), 'image/png', { c2pa: false });
    expect(r.errors).toEqual([]);
    expect(r.tags.xmp.digital_source_type).toBe(TRAINED);
    expect(r.evidence).toEqual([expect.objectContaining({ kind: 'xmp', weight: 0.8 })]);
  });
});

describe("generators' own marks", () => {
  it('Midjourney: the Job ID, or a version flag with another parameter; not an ordinary prompt', () => {
    expect(midjourneyMark(MJ_TEXT)).toBe('Midjourney v7');
    expect(midjourneyMark('portrait of a cat --niji 6 --ar 2:3')).toBe('Midjourney v6');
    expect(midjourneyMark('city street Job ID: 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d')).toBe('Midjourney');
    for (const t of ['a cat --ar 16:9', 'use --v 2 of the tool', 'Steps: 20, Sampler: Euler a, CFG scale: 7', ''])
      expect(midjourneyMark(t), t).toBeNull();
  });

  it('a Midjourney PNG with its Description text only is attributed to Midjourney; with its XMP too, ai >= 0.9 whatever the pixels say', async () => {
    const textOnly = await readProvenance(
      makePng(16, 16, 2, [pngText('Author', 'some_user'), pngText('Description', MJ_TEXT)]),
      'image/png',
      { c2pa: false },
    );
    expect(textOnly.evidence).toEqual([
      expect.objectContaining({
        kind: 'png_text',
        weight: 0.6,
        source: 'midjourney',
        detail: expect.stringMatching(/Midjourney v7/),
      }),
    ]);
    const itxt = pngChunk('iTXt', Buffer.concat([KEY, Buffer.from([1, 0, 0, 0]), deflateSync(Buffer.from(xmp()))]));
    const both = await readProvenance(makePng(16, 16, 2, [pngText('Description', MJ_TEXT), itxt]), 'image/png', {
      c2pa: false,
    });
    expect(both.tags.xmp.digital_source_type).toBe(TRAINED);
    expect(worstCase(both.evidence).top).toBe('midjourney');
    expect(worstCase(both.evidence).ai).toBeGreaterThanOrEqual(0.9);
  });

  it('a PNG whose Author is Midjourney is Midjourney; any other Author says nothing', async () => {
    const mj = await readProvenance(makePng(16, 16, 3, [pngText('Author', 'Midjourney')]), 'image/png', {
      c2pa: false,
    });
    expect(mj.evidence[0]?.source).toBe('midjourney');
    const other = await readProvenance(
      makePng(16, 16, 3, [pngText('Author', 'Jane Doe'), pngText('Description', 'holiday photo')]),
      'image/png',
      { c2pa: false },
    );
    expect(other.evidence).toEqual([]);
  });

  it('Google: XMP Credit "Made with Google AI" maps to imagen, and the evidence says the model is not named', async () => {
    const r = await readProvenance(
      makePng(16, 16, 4, [pngText('XML:com.adobe.xmp', xmp('Made with Google AI'))]),
      'image/png',
      { c2pa: false },
    );
    expect(r.tags.xmp.credit).toBe('Made with Google AI');
    expect(r.evidence).toEqual([
      expect.objectContaining({
        kind: 'xmp',
        weight: 0.8,
        source: 'imagen',
        detail: expect.stringMatching(/does not name the model/),
      }),
    ]);
  });
});

describe('XMP in a GIF (application extension "XMP DataXMP")', () => {
  /** A 1x1 GIF89a with an XMP packet written as the XMP spec says: raw, then the 258-byte magic trailer. */
  function gifWithXmp(packet: string): Buffer {
    const trailer = Buffer.from([0x01, ...Array.from({ length: 255 }, (_, i) => 0xff - i), 0x00, 0x00]);
    return Buffer.concat([
      Buffer.from('GIF89a', 'latin1'),
      Buffer.from([1, 0, 1, 0, 0x80, 0, 0]), // 1x1, global table of 2 colours
      Buffer.from([0, 0, 0, 255, 255, 255]),
      Buffer.from([0x21, 0xff, 11]),
      Buffer.from('XMP DataXMP', 'latin1'),
      Buffer.from(packet, 'utf8'),
      trailer,
      Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]),
    ]);
  }

  it('reads the packet (DigitalSourceType and Credit), and survives truncation at every length', async () => {
    const gif = gifWithXmp(xmp('Made with Google AI'));
    const r = await readProvenance(gif, 'image/gif', { c2pa: false });
    expect(r.errors).toEqual([]);
    expect(r.tags.xmp).toMatchObject({ digital_source_type: TRAINED, credit: 'Made with Google AI' });
    expect(r.evidence).toEqual([expect.objectContaining({ kind: 'xmp', weight: 0.8, source: 'imagen' })]);
    for (let n = 0; n < gif.length; n += 13)
      await expect(readProvenance(gif.subarray(0, n), 'image/gif', { c2pa: false })).resolves.toBeDefined();
  });
});
