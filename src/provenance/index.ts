/**
 * Provenance read from the file itself, locally: C2PA (c2pa-web, wasm from our origin, no network), XMP / EXIF /
 * IPTC (exifr), PNG text chunks and JPEG comments (our own readers). Only the proper structures are read, never a
 * substring search of the bytes. Never throws: problems land in `errors` and the rest of the report still comes back.
 */
import { emptyTags } from '../core/emptyTags';
import type { AlgorithmicTags, Evidence } from '../core/response';
import { sniff } from '../media/sniff';
import { c2paEvidence, c2paTags } from './c2paEvidence';
import { summariseC2pa, type C2paSummary } from './c2paSummary';
import { readExifXmp } from './exifXmp';
import { readJpegComments, readPngText, truncateForDisplay, type TextEntry } from './textChunks';
import { textEvidence } from './textDialects';

export type { C2paAction, C2paIngredient, C2paState, C2paSummary, C2paValidation } from './c2paSummary';
export type { TextEntry } from './textChunks';
export { explainC2pa } from './c2paSummary';
export { WEIGHTS } from './weights';

export interface ProvenanceReport {
  /** Hive's algorithmic_tags: every field a string, '' when absent. */
  tags: AlgorithmicTags;
  /** What each metadata signal said, with its weight (./weights.ts) and the source class it names. */
  evidence: Evidence[];
  c2pa: C2paSummary | null;
  /** The full manifest store as c2pa-web read it (JSON), for `response.provenance`; null when there is none. */
  manifestStore: unknown;
  /** A JSON-safe subset of EXIF / XMP / IPTC worth showing. */
  exif: Record<string, unknown> | null;
  /** PNG tEXt / iTXt / zTXt and JPEG COM, values truncated for display. */
  text: TextEntry[];
  /** Non-fatal read problems, in plain words. */
  errors: string[];
}

export interface ProvenanceOptions {
  /** PEM texts of the user's trust anchors; only their CERTIFICATE blocks are used. */
  trustAnchorsPem?: string[];
  /** Read C2PA (default true); false leaves the wasm unloaded (the node tests of the pure readers). */
  c2pa?: boolean;
}

/** Formats c2pa-web reads that the app accepts. */
const C2PA_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'heic', 'gif', 'mp4', 'mov']);

/** The PNG text keyword of an XMP packet (XMP spec part 3, PNG). */
const XMP_KEYWORD = 'XML:com.adobe.xmp';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

export function emptyReport(errors: string[] = []): ProvenanceReport {
  return { tags: emptyTags(), evidence: [], c2pa: null, manifestStore: null, exif: null, text: [], errors };
}

export async function readProvenance(
  bytes: Uint8Array,
  mime: string,
  options: ProvenanceOptions = {},
): Promise<ProvenanceReport> {
  try {
    return await read(bytes, mime, options);
  } catch (e) {
    // Every reader below catches its own failures; this is the last line of the "never throws" promise.
    return emptyReport([`Metadata could not be read: ${message(e)}`]);
  }
}

async function read(bytes: Uint8Array, mime: string, options: ProvenanceOptions): Promise<ProvenanceReport> {
  const errors: string[] = [];
  const sniffed = sniff(bytes);
  if (!sniffed)
    return emptyReport(
      bytes.length === 0
        ? []
        : [`Metadata not read: the file is not a format we read metadata from (${mime || 'unknown type'})`],
    );
  const { format, kind } = sniffed;

  let store: unknown = null;
  if (options.c2pa !== false && C2PA_FORMATS.has(format)) {
    try {
      // Loaded lazily so the node-side tests of the pure readers never touch the wasm.
      const { readC2pa } = await import('./c2paReader');
      const got = await readC2pa(bytes, sniffed.mime, options.trustAnchorsPem ?? []);
      store = got.store;
      if (got.error) errors.push(got.error);
    } catch (e) {
      errors.push(`C2PA reader could not start: ${message(e)}`);
    }
  }
  let c2pa: C2paSummary | null = null;
  try {
    c2pa = store ? summariseC2pa(store) : null;
  } catch (e) {
    errors.push(`C2PA manifest could not be summarised: ${message(e)}`);
  }

  let text: TextEntry[] = [];
  try {
    text = format === 'png' ? await readPngText(bytes, errors) : format === 'jpeg' ? readJpegComments(bytes) : [];
  } catch (e) {
    errors.push(`Text metadata could not be read: ${message(e)}`);
  }
  const pngXmp = text.find((t) => t.keyword === XMP_KEYWORD)?.value ?? '';
  const exifXmp = await readExifXmp(bytes, format, errors, pngXmp);

  let evidence: Evidence[] = [];
  try {
    evidence = [...(c2pa ? c2paEvidence(c2pa, kind) : []), ...exifXmp.evidence, ...textEvidence(text)];
  } catch (e) {
    errors.push(`Metadata evidence could not be derived: ${message(e)}`);
  }
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
