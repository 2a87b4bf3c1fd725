/**
 * Provenance read from the file itself, locally: C2PA, XMP / EXIF / IPTC, PNG text chunks and JPEG comments.
 * Never throws: problems land in `errors` and the rest of the report still comes back.
 */
import type { AlgorithmicTags, Evidence } from '../core/response';
import { sniff } from '../media/sniff';
import { c2paEvidence, c2paTags } from './c2paEvidence';
import { summariseC2pa, type C2paSummary } from './c2paSummary';
import { readExifXmp } from './exifXmp';
import { readJpegComments, readPngText, truncateForDisplay, type TextEntry } from './textChunks';
import { textEvidence } from './textDialects';

export interface ProvenanceReport {
  tags: AlgorithmicTags;
  evidence: Evidence[];
  c2pa: C2paSummary | null;
  manifestStore: unknown | null;
  exif: Record<string, unknown> | null;
  text: TextEntry[];
  errors: string[];
}

export interface ProvenanceOptions {
  trustAnchorsPem?: string[];
  /** Read C2PA (default true); the pure parts run without it (node tests). */
  c2pa?: boolean;
}

const C2PA_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'heic', 'gif', 'mp4', 'mov']);

export async function readProvenance(bytes: Uint8Array, mime: string, options: ProvenanceOptions = {}): Promise<ProvenanceReport> {
  const errors: string[] = [];
  const format = sniff(bytes)?.format ?? '';
  const realMime = sniff(bytes)?.mime ?? mime;

  let store: unknown | null = null;
  if (options.c2pa !== false && C2PA_FORMATS.has(format)) {
    // Loaded lazily so the node-side tests of the pure readers never touch the wasm.
    const { readC2pa } = await import('./c2paReader');
    const read = await readC2pa(bytes, realMime, options.trustAnchorsPem ?? []);
    store = read.store;
    if (read.error) errors.push(read.error);
  }
  let c2pa: C2paSummary | null = null;
  try {
    c2pa = store ? summariseC2pa(store) : null;
  } catch (e) {
    errors.push(`C2PA manifest could not be summarised: ${e instanceof Error ? e.message : String(e)}`);
  }

  const exifXmp = await readExifXmp(bytes, format, errors);
  let text: TextEntry[] = [];
  try {
    text = format === 'png' ? await readPngText(bytes, errors) : format === 'jpeg' ? readJpegComments(bytes) : [];
  } catch (e) {
    errors.push(`Text metadata could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }

  const evidence: Evidence[] = [...(c2pa ? c2paEvidence(c2pa) : []), ...exifXmp.evidence, ...textEvidence(text)];
  return {
    tags: { c2pa: c2paTags(c2pa), xmp: exifXmp.tags.xmp, exif: exifXmp.tags.exif },
    evidence,
    c2pa,
    manifestStore: store,
    exif: exifXmp.exif,
    text: truncateForDisplay(text),
    errors,
  };
}
