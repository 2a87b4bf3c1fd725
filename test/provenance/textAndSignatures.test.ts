import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readProvenance } from '../../src/provenance/index';
import { matchGenerator, classifyDigitalSourceType } from '../../src/provenance/signatures';
import { readJpegComments, readPngText } from '../../src/provenance/textChunks';
import { textEvidence } from '../../src/provenance/textDialects';
import { jpegHeader } from '../helpers/headers';
import { makePng, pngChunk } from '../helpers/images';
import { hasShared, SHARED_SKIP_REASON, sharedDir } from '../helpers/shared';

const tEXt = (k: string, v: string) => pngChunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1'));
const zTXt = (k: string, v: string) =>
  pngChunk('zTXt', Buffer.concat([Buffer.from(`${k}\0\0`, 'latin1'), deflateSync(Buffer.from(v, 'latin1'))]));
const iTXt = (k: string, v: string, compressed: boolean) =>
  pngChunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(`${k}\0${compressed ? '\x01' : '\0'}\0en\0\0`, 'latin1'),
      compressed ? deflateSync(Buffer.from(v, 'utf8')) : Buffer.from(v, 'utf8'),
    ]),
  );

const comfyGraph = JSON.stringify({
  '4': { class_type: 'UNETLoader', inputs: { unet_name: 'flux1-dev.safetensors' } },
  '3': { class_type: 'KSampler', inputs: { seed: 1 } },
});
const a1111 =
  'a cat in a hat\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 42, Size: 1024x1024, Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Version: v1.6.0';

describe('PNG text chunks, by dialect', () => {
  it.each([
    ['Automatic1111 tEXt parameters (SDXL)', [tEXt('parameters', a1111)], 'stablediffusionxl', /Automatic1111/],
    [
      'Automatic1111 zTXt parameters (SD 1.5)',
      [zTXt('parameters', a1111.replace('sd_xl_base_1.0', 'v1-5-pruned-emaonly'))],
      'stablediffusion',
      /Automatic1111/,
    ],
    ['ComfyUI prompt graph with a FLUX unet', [tEXt('prompt', comfyGraph)], 'flux', /ComfyUI/],
    [
      'ComfyUI workflow in compressed iTXt',
      [
        iTXt(
          'workflow',
          JSON.stringify({
            nodes: [{ type: 'CheckpointLoaderSimple', widgets_values: ['juggernautXL_v9.safetensors'] }],
          }),
          true,
        ),
      ],
      'stablediffusionxl',
      /ComfyUI/,
    ],
    [
      'NovelAI',
      [tEXt('Software', 'NovelAI'), tEXt('Source', 'NovelAI Diffusion V4.5')],
      'other_image_generators',
      /NovelAI/,
    ],
    [
      'InvokeAI',
      [iTXt('invokeai_metadata', JSON.stringify({ model: { name: 'stable-diffusion-xl-base-1-0' } }), false)],
      'stablediffusionxl',
      /InvokeAI/,
    ],
    [
      'Fooocus',
      [tEXt('parameters', JSON.stringify({ prompt: 'x', base_model: 'juggernautXL', version: 'Fooocus v2.5' }))],
      'stablediffusionxl',
      /Fooocus/,
    ],
  ])('%s', async (_name, chunks, source, tool) => {
    const png = makePng(32, 32, 1, chunks);
    const entries = await readPngText(png);
    const ev = textEvidence(entries);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ kind: 'png_text', source, weight: 0.6 });
    expect(ev[0]?.detail).toMatch(tool);
  });

  it('an A1111 inpainting run (Mask blur) maps to the inpainting class of its family; Fooocus is counted once', async () => {
    const inpaint = a1111.replace('Seed: 42,', 'Seed: 42, Denoising strength: 0.75, Mask blur: 4,');
    expect(textEvidence(await readPngText(makePng(8, 8, 1, [tEXt('parameters', inpaint)])))[0]?.source).toBe(
      'sdxlinpaint',
    );
    const fooocus = [
      tEXt('parameters', JSON.stringify({ base_model: 'juggernautXL_v8', version: 'Fooocus v2.5.0' })),
      tEXt('fooocus_scheme', 'fooocus'),
    ];
    expect(textEvidence(await readPngText(makePng(8, 8, 1, fooocus)))).toHaveLength(1);
  });

  it('ordinary text chunks (Title, Author) are not generator evidence', async () => {
    const png = makePng(8, 8, 1, [
      tEXt('Title', 'Holiday'),
      tEXt('Author', 'Ann'),
      tEXt('parameters', 'not a generation log'),
    ]);
    expect(textEvidence(await readPngText(png))).toEqual([]);
  });

  it('a zip-bomb zTXt is capped and reported, not inflated', async () => {
    const bomb = pngChunk(
      'zTXt',
      Buffer.concat([Buffer.from('prompt\0\0', 'latin1'), deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x41))]),
    );
    const errors: string[] = [];
    const entries = await readPngText(makePng(8, 8, 1, [bomb]), errors);
    expect(entries).toEqual([]);
    expect(errors[0]).toMatch(/could not be decompressed/);
  });

  it('through readProvenance (no C2PA): tags empty, evidence named, values truncated for display', async () => {
    const r = await readProvenance(makePng(32, 32, 1, [tEXt('parameters', a1111 + 'x'.repeat(10_000))]), 'image/png', {
      c2pa: false,
    });
    expect(r.evidence[0]?.source).toBe('stablediffusionxl');
    expect(r.text[0]?.value.length).toBeLessThan(5000);
    expect(r.tags.c2pa.claim_generator).toBe('');
    expect(r.errors).toEqual([]);
  });
});

describe('JPEG text', () => {
  it('reads COM segments but never text appended after the end marker', async () => {
    const jpeg = jpegHeader(16, 16);
    const withCom = Buffer.concat([
      jpeg.subarray(0, 2),
      Buffer.from([0xff, 0xfe, 0x00, 0x07]),
      Buffer.from('hello'),
      jpeg.subarray(2),
    ]);
    expect(readJpegComments(withCom)).toEqual([{ keyword: 'comment', value: 'hello' }]);
    const appended = Buffer.concat([
      jpeg,
      Buffer.from(`parameters\0${a1111}`),
      Buffer.from('prompt: a photo, Steps: 20, Sampler: Euler, Model: sdxl'),
    ]);
    const r = await readProvenance(appended, 'image/jpeg', { c2pa: false });
    expect(r.evidence).toEqual([]);
    expect(r.text).toEqual([]);
  });
});

describe('generator signatures', () => {
  it.each([
    ['Sora', 'sora'],
    ['ChatGPT', '4o'],
    ['GPT-4o', '4o'],
    ['DALL·E 3', 'dalle'],
    ['Adobe Firefly', 'adobefirefly'],
    ['Imagen 4', 'imagen4'],
    ['Google Veo 3', 'veo3'],
    ['Gemini 2.5 Flash Image', 'other_image_generators'],
    ['Microsoft Designer', 'bingimagecreator'],
    ['Midjourney v6', 'midjourney'],
    ['FLUX.1 [dev]', 'flux'],
    ['Black Forest Labs', 'flux'],
    ['Stable Diffusion 3.5', 'stablediffusion'],
    ['sd_xl_base_1.0', 'stablediffusionxl'],
    ['Runway Gen-3', 'runway'],
    ['Kling AI', 'kling'],
    ['Seedream 4.0', 'other_image_generators'],
    ['ponyDiffusionV6XL_v6StartWithThisOne', 'stablediffusionxl'],
    ['RealVisXL_V4.0', 'stablediffusionxl'],
    ['sd_xl_base_1.0_inpainting_0.1', 'sdxlinpaint'],
    ['sd-v1-5-inpainting', 'stablediffusioninpaint'],
    ['flux1-dev-bnb-nf4', 'flux'],
    ['Playground v2.5', 'other_image_generators'],
  ])('%s -> %s', (text, source) => {
    expect(matchGenerator(text)?.source).toBe(source);
  });

  it('does not name a generator for camera or editor software', () => {
    for (const t of ['Adobe Photoshop 25.0', 'GIMP 2.10', 'Canon EOS R5', 'Apple iPhone 15 Pro', 'Lightroom'])
      expect(matchGenerator(t)).toBeNull();
  });

  it('classifies IPTC digital source types', () => {
    expect(classifyDigitalSourceType('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia')).toBe(
      'ai',
    );
    expect(
      classifyDigitalSourceType('http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia'),
    ).toBe('ai_composite');
    expect(classifyDigitalSourceType('http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia')).toBe(
      'algorithmic',
    );
    expect(classifyDigitalSourceType('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture')).toBe('capture');
  });
});

describe.skipIf(!hasShared)(
  `EXIF from a real camera file (${hasShared ? 'shared present' : SHARED_SKIP_REASON})`,
  () => {
    it('fills exif.make and gives only a weak negative', async () => {
      const bytes = readFileSync(
        join(sharedDir, 'data', 'camera_originals_metadata_extractor', 'Canon_PowerShot_A720_IS.jpg'),
      );
      const r = await readProvenance(bytes, 'image/jpeg', { c2pa: false });
      expect(r.tags.exif.make).toBe('Canon');
      expect(r.exif).toMatchObject({ Make: 'Canon', Model: 'Canon PowerShot A720 IS' });
      expect(r.evidence).toEqual([expect.objectContaining({ kind: 'exif', weight: -0.1 })]);
    });
  },
);

describe('XMP DigitalSourceType', () => {
  const xmp = (dst: string, tool: string) =>
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ` +
    `Iptc4xmpExt:DigitalSourceType="${dst}" xmp:CreatorTool="${tool}" photoshop:Credit="Made with AI"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

  it('trainedAlgorithmicMedia in a PNG XMP packet fills the Hive tags and is strong evidence naming the tool', async () => {
    const png = makePng(16, 16, 1, [
      iTXt(
        'XML:com.adobe.xmp',
        xmp('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', 'Adobe Firefly'),
        false,
      ),
    ]);
    const r = await readProvenance(png, 'image/png', { c2pa: false });
    expect(r.tags.xmp.digital_source_type).toBe(
      'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    );
    expect(r.tags.xmp.credit).toBe('Made with AI');
    expect(r.evidence[0]).toMatchObject({ kind: 'xmp', weight: 0.8, source: 'adobefirefly' });
  });

  it('an entity-expansion attempt in XMP is read as inert text, quickly', async () => {
    const bomb =
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` +
      xmp('&d;', '&d;');
    const t0 = performance.now();
    const r = await readProvenance(makePng(16, 16, 1, [iTXt('XML:com.adobe.xmp', bomb, false)]), 'image/png', {
      c2pa: false,
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
    expect(r.evidence.filter((e) => e.weight > 0)).toEqual([]);
  });
});
