/**
 * Provenance of a video container: C2PA (MP4 / MOV, BMFF-hashed manifests such as Sora's and Veo's). The file is
 * handed over as a Blob, so a large clip is never copied into the worker's memory by us. Never throws.
 */
import { emptyTags } from '../core/emptyTags';
import { c2paEvidence, c2paTags } from './c2paEvidence';
import { summariseC2pa } from './c2paSummary';
import { emptyReport, type ProvenanceOptions, type ProvenanceReport } from './index';

export async function readVideoProvenance(
  blob: Blob,
  mime: string,
  options: ProvenanceOptions = {},
): Promise<ProvenanceReport> {
  const errors: string[] = [];
  if (options.c2pa === false) return emptyReport();
  try {
    // The container is sniffed from its first bytes, not from the name or the MIME type the browser guessed.
    const head = new Uint8Array(await blob.slice(0, 64).arrayBuffer());
    const major =
      head.length >= 12 && String.fromCharCode(...head.subarray(4, 8)) === 'ftyp'
        ? String.fromCharCode(...head.subarray(8, 12))
        : '';
    const container =
      major === 'qt  ' || /quicktime|mov/i.test(mime)
        ? 'video/quicktime'
        : major !== '' || /mp4/i.test(mime)
          ? 'video/mp4'
          : '';
    if (container === '') return emptyReport();
    const { readC2paBlob } = await import('./c2paReader');
    const read = await readC2paBlob(blob, container, options.trustAnchorsPem ?? []);
    if (read.error) errors.push(read.error);
    const c2pa = read.store ? summariseC2pa(read.store) : null;
    return {
      tags: { ...emptyTags(), c2pa: c2paTags(c2pa) },
      evidence: c2pa ? c2paEvidence(c2pa, 'video') : [],
      c2pa,
      manifestStore: read.store,
      exif: null,
      text: [],
      errors,
    };
  } catch (e) {
    return emptyReport([
      `Video metadata could not be read: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`,
    ]);
  }
}
