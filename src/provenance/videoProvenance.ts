/**
 * Provenance of a video container: C2PA (MP4 / MOV, BMFF-hashed manifests such as Sora's and Veo's). The file is
 * handed over as a Blob, so a large clip is never copied into the worker's memory by us.
 */
import { emptyTags } from '../core/emptyTags';
import { c2paEvidence, c2paTags } from './c2paEvidence';
import { summariseC2pa } from './c2paSummary';
import type { ProvenanceOptions, ProvenanceReport } from './index';

export async function readVideoProvenance(blob: Blob, mime: string, options: ProvenanceOptions = {}): Promise<ProvenanceReport> {
  const errors: string[] = [];
  const tags = emptyTags();
  if (options.c2pa === false || !/mp4|quicktime|mov/.test(mime)) return { tags, evidence: [], c2pa: null, manifestStore: null, exif: null, text: [], errors };
  const { readC2paBlob } = await import('./c2paReader');
  const read = await readC2paBlob(blob, mime, options.trustAnchorsPem ?? []);
  if (read.error) errors.push(read.error);
  const c2pa = read.store ? summariseC2pa(read.store) : null;
  return { tags: { ...tags, c2pa: c2paTags(c2pa) }, evidence: c2pa ? c2paEvidence(c2pa, 'video') : [], c2pa, manifestStore: read.store, exif: null, text: [], errors };
}
