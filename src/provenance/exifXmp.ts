/**
 * EXIF, XMP and IPTC through exifr, from their proper segments only. Returns the Hive tags, a small JSON-safe
 * subset worth showing, and evidence: an IPTC DigitalSourceType saying "trained algorithmic media" is strong,
 * a generator named in Software / CreatorTool is moderate, a camera Make/Model is weak (it is easily copied).
 */
// Named imports: exifr 7's default export lacks `sidecar`.
import { parse as exifrParse, sidecar as exifrSidecar } from 'exifr';
import type { AlgorithmicTags, Evidence } from '../core/response';
import { classifyDigitalSourceType, matchGenerator } from './signatures';
import { gifXmp } from './gifXmp';
import { heifExif, heifXmp } from './heifXmp';
import { midjourneyMark } from './textDialects';
import { webpMetadataChunks } from './riffChunks';
import { WEIGHTS } from './weights';

const SHOWN = [
  'Make',
  'Model',
  'Software',
  'DateTimeOriginal',
  'CreateDate',
  'ModifyDate',
  'LensModel',
  'Artist',
  'Copyright',
  'CreatorTool',
  'Credit',
  'DigitalSourceType',
  'DigitalSourceFileType',
  'ImageDescription',
  'UserComment',
];
// GPS coordinates are left out on purpose: this subset travels in exported results, and a location is not evidence.

export interface ExifXmpResult {
  exif: Record<string, unknown> | null;
  tags: Pick<AlgorithmicTags, 'xmp' | 'exif'>;
  evidence: Evidence[];
}

type Bag = Record<string, unknown>;

/** Finds a key anywhere in exifr's (possibly namespaced) output, depth-limited. */
function find(obj: unknown, key: string, depth = 0): unknown {
  if (typeof obj !== 'object' || obj === null || depth > 4) return undefined;
  const o = obj as Bag;
  if (key in o) return o[key];
  for (const v of Object.values(o)) {
    const hit = find(v, key, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.slice(0, 2000);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ');
  if (typeof v === 'object') {
    const o = v as Bag;
    if (typeof o.value === 'string') return o.value; // XMP lang-alt
    return '';
  }
  return '';
}

const OPTIONS = {
  tiff: true,
  xmp: true,
  iptc: true,
  icc: false,
  jfif: false,
  ihdr: false,
  mergeOutput: true,
  translateValues: true,
  sanitize: true,
  silentErrors: true,
  multiSegment: true,
} as const;

/** exifr parses XMP with regular expressions (no DTD, no entity expansion); the size is capped anyway. */
const MAX_XMP = 1024 * 1024;

async function parseXmp(xmp: Uint8Array): Promise<Bag> {
  if (xmp.length > MAX_XMP) return {};
  return ((await exifrSidecar(xmp, OPTIONS, 'xmp').catch(() => null)) as Bag | null) ?? {};
}

/**
 * `pngXmp`: the XMP packet the PNG text reader found (iTXt / zTXt / tEXt `XML:com.adobe.xmp`). exifr reads only an
 * uncompressed iTXt packet; Midjourney and others write compressed ones, so ours is parsed on top of exifr's.
 */
async function parseAll(bytes: Uint8Array, format: string, pngXmp: string): Promise<Bag | null> {
  if (format === 'webp') {
    const { exif, xmp } = webpMetadataChunks(bytes);
    const out: Bag = {};
    if (exif) {
      // The chunk is a TIFF structure, sometimes behind an "Exif\0\0" prefix.
      const tiff = exif[0] === 0x45 && exif[1] === 0x78 ? exif.subarray(6) : exif;
      Object.assign(out, ((await exifrParse(tiff, OPTIONS).catch(() => null)) as Bag | null) ?? {});
    }
    if (xmp) Object.assign(out, await parseXmp(xmp));
    return Object.keys(out).length ? out : null;
  }
  if (format === 'gif') {
    const xmp = gifXmp(bytes);
    return xmp ? await parseXmp(xmp) : null;
  }
  if (format === 'avif' || format === 'heic') {
    // exifr reads the Exif item of a HEIF file (in Apple's layout only) but not its XMP item: both come from our
    // own box reader, the Exif item parsed by exifr as plain TIFF.
    const tiff = heifExif(bytes);
    const fromTiff = tiff ? (((await exifrParse(tiff, OPTIONS).catch(() => null)) as Bag | null) ?? {}) : {};
    const whole = ((await exifrParse(bytes, OPTIONS).catch(() => null)) as Bag | null) ?? {};
    const out: Bag = { ...whole, ...fromTiff };
    delete out.errors;
    const xmp = heifXmp(bytes);
    if (xmp) Object.assign(out, await parseXmp(xmp));
    return Object.keys(out).length ? out : null;
  }
  if (format === 'png') {
    const out: Bag = { ...(((await exifrParse(bytes, OPTIONS)) as Bag | undefined) ?? {}) };
    if (pngXmp !== '') Object.assign(out, await parseXmp(new TextEncoder().encode(pngXmp)));
    return Object.keys(out).length ? out : null;
  }
  if (format === 'jpeg') {
    return ((await exifrParse(bytes, OPTIONS)) as Bag | undefined) ?? null;
  }
  return null;
}

export async function readExifXmp(
  bytes: Uint8Array,
  format: string,
  errors: string[],
  pngXmp = '',
): Promise<ExifXmpResult> {
  const tags = { xmp: { digital_source_file_type: '', credit: '', digital_source_type: '' }, exif: { make: '' } };
  let all: Bag | null = null;
  try {
    all = await parseAll(bytes, format, pngXmp);
  } catch (e) {
    errors.push(`EXIF/XMP could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!all) return { exif: null, tags, evidence: [] };

  const dst = str(find(all, 'DigitalSourceType'));
  tags.xmp.digital_source_type = dst;
  tags.xmp.digital_source_file_type = str(find(all, 'DigitalSourceFileType'));
  tags.xmp.credit = str(find(all, 'Credit'));
  tags.exif.make = str(find(all, 'Make'));

  const evidence: Evidence[] = [];
  const verdict = dst ? classifyDigitalSourceType(dst) : null;
  const software = [str(find(all, 'Software')), str(find(all, 'CreatorTool')), tags.xmp.credit]
    .filter(Boolean)
    .join(' | ');
  // Midjourney's description text ("... --v 7 Job ID: <uuid>") in EXIF / XMP; in a PNG the text chunk says it.
  const mj =
    format === 'png'
      ? null
      : midjourneyMark([str(find(all, 'ImageDescription')), str(find(all, 'description'))].join('\n'));
  const named = (software ? matchGenerator(software) : null) ?? (mj !== null ? matchGenerator(mj) : null);
  if (verdict === 'ai' || verdict === 'ai_composite') {
    evidence.push({
      kind: 'xmp',
      detail: `IPTC DigitalSourceType says ${verdict === 'ai' ? 'trainedAlgorithmicMedia (made by a generative model)' : 'compositeWithTrainedAlgorithmicMedia (partly generated)'}${named ? `; software: ${named.name}` : ''}`,
      weight: verdict === 'ai' ? WEIGHTS.xmpTrained : WEIGHTS.xmpComposite,
      ...(named ? { source: named.source } : {}),
    });
  } else if (verdict === 'algorithmic') {
    evidence.push({
      kind: 'xmp',
      detail: 'IPTC DigitalSourceType says algorithmicMedia (computer-made, not necessarily by AI)',
      weight: WEIGHTS.xmpAlgorithmic,
    });
  } else if (named) {
    const what = software
      ? `Software field names a generator: ${named.name} ("${software.slice(0, 120)}")`
      : `Image description is Midjourney's own text (${mj ?? ''}: parameters and Job ID)`;
    evidence.push({
      kind: 'exif',
      detail: what,
      weight: software ? WEIGHTS.softwareNamesGenerator : WEIGHTS.generatorText,
      source: named.source,
    });
  } else if (verdict === 'capture') {
    evidence.push({
      kind: 'xmp',
      detail: `IPTC DigitalSourceType says ${dst.split('/').pop()} (a capture, per the file's own claim)`,
      weight: WEIGHTS.xmpCapture,
    });
  }
  if (tags.exif.make && !named && verdict !== 'ai' && verdict !== 'ai_composite') {
    const model = str(find(all, 'Model'));
    evidence.push({
      kind: 'exif',
      detail: `Camera EXIF: ${tags.exif.make}${model ? ` ${model}` : ''} (weak: EXIF is easy to copy)`,
      weight: WEIGHTS.cameraExif,
    });
  }

  const exif: Bag = {};
  for (const k of SHOWN) {
    const v = str(find(all, k));
    if (v) exif[k] = v;
  }
  return { exif: Object.keys(exif).length ? exif : null, tags, evidence };
}
