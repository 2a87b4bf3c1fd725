/**
 * The pure parts of the provenance reader, in node: XMP in every image container (JPEG APP1, PNG iTXt, WebP RIFF,
 * AVIF `mime` item), trust-anchor sanitising, the C2PA summary and its evidence, and "never throws" on hostile bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuse } from '../../src/core/fuse';
import { anchorPem } from '../../src/provenance/anchors';
import { c2paEvidence, c2paTags } from '../../src/provenance/c2paEvidence';
import { explainC2pa, summariseC2pa } from '../../src/provenance/c2paSummary';
import { heifXmp } from '../../src/provenance/heifXmp';
import { readProvenance } from '../../src/provenance/index';
import { WEIGHTS } from '../../src/provenance/weights';
import { hasFfmpeg, makeMedia } from '../fixtures-gen/media';
import { c2paFixtureDir, hasC2paFixtures } from '../fixtures-gen/shared';
import { webpLossy } from '../helpers/headers';
import { makePng } from '../helpers/images';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

const xmpPacket = (dst: string, tool: string): string =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ` +
  `Iptc4xmpExt:DigitalSourceType="${dst}" xmp:CreatorTool="${tool}" photoshop:Credit="Made with Google AI"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const box = (type: string, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
};
const full = (type: string, version: number, ...parts: Buffer[]): Buffer =>
  box(type, Buffer.from([version, 0, 0, 0]), ...parts);

function jpegWithXmp(xmp: string): Buffer {
  const payload = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmp, 'utf8')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(payload.length + 2), payload]);
  const base = hasFfmpeg ? makeMedia('jpeg') : Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  return Buffer.concat([base.subarray(0, 2), app1, base.subarray(2)]);
}

function webpWithXmp(xmp: string): Buffer {
  const base = webpLossy(16, 16);
  const data = Buffer.from(xmp, 'utf8');
  const chunk = Buffer.concat([
    Buffer.from('XMP ', 'latin1'),
    Buffer.alloc(4),
    data,
    data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0),
  ]);
  chunk.writeUInt32LE(data.length, 4);
  const out = Buffer.concat([base, chunk]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/** A minimal AVIF: ftyp, meta (hdlr pict, iinf with one `mime` item for XMP, iloc pointing into mdat), mdat. */
function avifWithXmp(xmp: string): Buffer {
  const data = Buffer.from(xmp, 'utf8');
  const ftyp = box('ftyp', Buffer.from('avif', 'latin1'), u32(0), Buffer.from('avifmif1miaf', 'latin1'));
  const hdlr = full('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from('\0'));
  const infe = full(
    'infe',
    2,
    u16(7),
    u16(0),
    Buffer.from('mime', 'latin1'),
    Buffer.from('XMP\0application/rdf+xml\0', 'latin1'),
  );
  const iinf = full('iinf', 0, u16(1), infe);
  const ilocFor = (offset: number): Buffer =>
    full('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(7), u16(0), u16(1), u32(offset), u32(data.length));
  const metaFor = (offset: number): Buffer => full('meta', 0, hdlr, iinf, ilocFor(offset));
  const head = ftyp.length + metaFor(0).length + 8;
  return Buffer.concat([ftyp, metaFor(head), box('mdat', data)]);
}

describe('XMP DigitalSourceType in every image container', () => {
  const packet = xmpPacket(TRAINED, 'Google Imagen 4');
  it.each([
    ['JPEG (APP1)', () => jpegWithXmp(packet), 'image/jpeg'],
    ['WebP (RIFF "XMP " chunk)', () => webpWithXmp(packet), 'image/webp'],
    ['AVIF (meta "mime" item)', () => avifWithXmp(packet), 'image/avif'],
  ] as const)('%s: Hive xmp tags filled, strong evidence naming the tool', async (_name, make, mime) => {
    const r = await readProvenance(make(), mime, { c2pa: false });
    expect(r.errors).toEqual([]);
    expect(r.tags.xmp).toEqual({
      digital_source_type: TRAINED,
      credit: 'Made with Google AI',
      digital_source_file_type: '',
    });
    expect(r.evidence).toEqual([
      expect.objectContaining({ kind: 'xmp', weight: WEIGHTS.xmpTrained, source: 'imagen4' }),
    ]);
    const f = fuse({ ai: 0.001, source: {}, unstable: false }, r.evidence);
    expect(f.ai).toBeGreaterThanOrEqual(0.9);
  });

  it('the AVIF box reader finds exactly the XMP item, and survives truncation at every length', () => {
    const avif = avifWithXmp(packet);
    expect(Buffer.from(heifXmp(avif) ?? []).toString('utf8')).toBe(packet);
    for (let n = 0; n < avif.length; n += 7) expect(() => heifXmp(avif.subarray(0, n))).not.toThrow();
  });

  it('an XMP packet over 1 MiB in WebP is not parsed', async () => {
    const huge = xmpPacket(TRAINED, 'x'.repeat(1024 * 1024 + 10));
    const r = await readProvenance(webpWithXmp(huge), 'image/webp', { c2pa: false });
    expect(r.evidence).toEqual([]);
  });
});

describe('trust anchors handed to c2pa-web', () => {
  const cert = '-----BEGIN CERTIFICATE-----\r\nMIIBszCCAVmgAwIBAgIU\r\nAAAA==\r\n-----END CERTIFICATE-----';
  it('keeps only certificate blocks, normalised; URLs, keys and junk are dropped', () => {
    const out = anchorPem([
      `my CA\n${cert}\ntrailing`,
      'https://anchors.invalid/list.pem',
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
    ]);
    expect(out).toBe('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUAAAA==\n-----END CERTIFICATE-----');
    expect(out.startsWith('http')).toBe(false);
    expect(anchorPem(['https://x.invalid/a.pem'])).toBe('');
    expect(anchorPem([])).toBe('');
  });

  it('is linear on hostile text (many unterminated BEGIN lines)', () => {
    const t0 = performance.now();
    anchorPem(['-----BEGIN CERTIFICATE-----AAAA'.repeat(100_000)]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

function store(active: Record<string, unknown>, extra: Record<string, unknown> = {}, state = 'Valid') {
  return {
    active_manifest: 'urn:a',
    validation_state: state,
    validation_results: {
      activeManifest: {
        success: [{ code: 'claimSignature.validated' }],
        informational: [],
        failure: [{ code: 'signingCredential.untrusted' }],
      },
    },
    manifests: { 'urn:a': active, ...extra },
  };
}

describe('C2PA summary, tags and evidence (pure)', () => {
  it('tags come from one action: the one that declares the source type', () => {
    const c = summariseC2pa(
      store({
        claim_generator_info: [{ name: 'ChatGPT', version: '1' }],
        signature_info: { issuer: 'OpenAI', common_name: 'Truepic Lens CLI', time: '2025-01-01T00:00:00Z' },
        assertions: [
          {
            label: 'c2pa.actions.v2',
            data: {
              actions: [
                { action: 'c2pa.opened' },
                { action: 'c2pa.created', digitalSourceType: TRAINED, softwareAgent: { name: 'GPT-4o' } },
                { action: 'c2pa.converted', softwareAgent: { name: 'Other tool' } },
              ],
            },
          },
        ],
      }),
    )!;
    expect(c.claim_generator).toBe('ChatGPT 1');
    expect(c.signing_time).toBe('2025-01-01T00:00:00Z');
    expect(c2paTags(c)).toEqual({
      claim_generator: 'ChatGPT 1',
      actions_software_agent: 'GPT-4o',
      actions_action: 'c2pa.created',
      actions_digital_source_type: TRAINED,
    });
    expect(c2paEvidence(c)[0]).toMatchObject({ weight: WEIGHTS.c2paTrained, source: '4o' });
    expect(explainC2pa(c)).toMatch(/not a forgery/);
  });

  it('v1 softwareAgent strings and softwareAgentIndex are both read', () => {
    const c = summariseC2pa(
      store({
        claim_generator: 'Adobe_Firefly/1.0',
        assertions: [
          {
            label: 'c2pa.actions',
            data: {
              softwareAgents: [{ name: 'Adobe Firefly' }],
              actions: [{ action: 'c2pa.created', softwareAgentIndex: 0, digitalSourceType: TRAINED }],
            },
          },
        ],
      }),
    )!;
    expect(c.actions[0]?.softwareAgent).toBe('Adobe Firefly');
    expect(c2paEvidence(c)[0]).toMatchObject({ source: 'adobefirefly', weight: 0.9 });
  });

  it('an edit of an AI-generated ingredient: the ingredient manifest speaks (0.8), naming its generator', () => {
    const c = summariseC2pa(
      store(
        {
          claim_generator: 'Adobe Photoshop 26.0',
          signature_info: { issuer: 'Adobe Inc.', common_name: 'Adobe Content Credentials' },
          assertions: [
            { label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.opened' }, { action: 'c2pa.cropped' }] } },
          ],
          ingredients: [
            { title: 'firefly.jpg', format: 'image/jpeg', relationship: 'parentOf', active_manifest: 'urn:b' },
          ],
        },
        {
          'urn:b': {
            assertions: [
              {
                label: 'c2pa.actions',
                data: {
                  actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED, softwareAgent: 'Adobe Firefly' }],
                },
              },
            ],
          },
        },
      ),
    )!;
    expect(c.ingredients[0]).toMatchObject({ title: 'firefly.jpg', manifest: 'urn:b' });
    expect(c2paEvidence(c)).toEqual([
      expect.objectContaining({ weight: WEIGHTS.c2paIngredientTrained, source: 'adobefirefly' }),
    ]);
  });

  it('Invalid: the sentence and the evidence say why, and nothing is claimed', () => {
    const s = store(
      {
        claim_generator: 'Sora',
        assertions: [
          { label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED }] } },
        ],
      },
      {},
      'Invalid',
    );
    s.validation_results.activeManifest.failure.push({ code: 'assertion.bmffHash.mismatch' });
    const c = summariseC2pa(s)!;
    expect(c.validation).toMatchObject({ state: 'Invalid', failures: ['assertion.bmffHash.mismatch'] });
    expect(explainC2pa(c)).toMatch(/assertion\.bmffHash\.mismatch/);
    expect(c2paEvidence(c, 'video')).toEqual([
      expect.objectContaining({
        weight: 0,
        detail: expect.stringMatching(/INVALID, tampered or damaged \(assertion\.bmffHash\.mismatch\)/),
      }),
    ]);
    expect(c2paEvidence(c, 'video')[0]?.source).toBeUndefined();
  });

  it('Trusted: no untrusted code and the reader said Trusted', () => {
    const s = store({ claim_generator: 'x' }, {}, 'Trusted');
    s.validation_results.activeManifest.failure = [];
    expect(summariseC2pa(s)?.validation).toMatchObject({ state: 'Trusted', untrusted_signer: false });
  });
});

describe('readProvenance never throws', () => {
  it('on 600 mutated JPEG / PNG / WebP / AVIF files, and returns a complete report', async () => {
    const seeds = [
      jpegWithXmp(xmpPacket(TRAINED, 'Sora')),
      makePng(16, 16, 3),
      webpWithXmp(xmpPacket(TRAINED, 'Midjourney')),
      avifWithXmp(xmpPacket(TRAINED, 'FLUX.1')),
    ];
    let rng = 12345;
    const rand = (n: number): number => {
      rng = (rng * 1103515245 + 12345) & 0x7fffffff;
      return rng % n;
    };
    for (let i = 0; i < 600; i++) {
      const seed = seeds[i % seeds.length]!;
      const b = Buffer.from(seed.subarray(0, i % 3 === 0 ? rand(seed.length) + 1 : seed.length));
      for (let k = 0; k < 1 + rand(8); k++) if (b.length > 0) b[rand(b.length)] = rand(256);
      const r = await readProvenance(b, 'image/jpeg', { c2pa: false });
      expect(
        Array.isArray(r.evidence) && Array.isArray(r.errors) && typeof r.tags.c2pa.claim_generator === 'string',
      ).toBe(true);
      expect(() => JSON.stringify(r)).not.toThrow();
    }
  }, 60_000);

  it('an unknown format reports it in words; an empty file reports nothing', async () => {
    expect((await readProvenance(Buffer.from('hello world, not an image'), 'text/plain', {})).errors[0]).toMatch(
      /not a format/,
    );
    expect(await readProvenance(new Uint8Array(0), '', {})).toMatchObject({ errors: [], evidence: [], c2pa: null });
  });
});

describe.skipIf(!hasFfmpeg && !hasC2paFixtures)('appended text after the end marker', () => {
  it('a real JPEG with a fake A1111 / ComfyUI prompt appended is not called AI because of it', async () => {
    const jpeg = hasFfmpeg ? makeMedia('jpeg') : readFileSync(join(c2paFixtureDir, 'no_manifest.jpg'));
    const a1111 = 'a cat\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 42, Model: sd_xl_base_1.0';
    const fake = Buffer.concat([
      jpeg,
      Buffer.from(
        `\0parameters\0${a1111}\0prompt\0{"4":{"class_type":"UNETLoader","inputs":{"unet_name":"flux1-dev.safetensors"}}}`,
      ),
    ]);
    const r = await readProvenance(fake, 'image/jpeg', { c2pa: false });
    expect(r.evidence.filter((e) => e.weight > 0)).toEqual([]);
    expect(r.text.filter((t) => /Steps|UNETLoader/.test(t.value))).toEqual([]);
  });
});
