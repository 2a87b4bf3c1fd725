/**
 * The C2PA Trust List and C2PA TSA Trust List shipped with the app (src/provenance/trustList/, refreshed by
 * scripts/update-trust-list.ts from a snapshot of c2pa-org/conformance-public, CC BY 4.0): where they came from and
 * whether they are past their next-update date. Pure: the page shows it, the worker hands the PEMs to c2pa-web.
 * The lists are never fetched at run time; a stale list is still used, with a visible warning.
 */
import source from './trustList/source.json';

export interface TrustListFile {
  file: string;
  sha256: string;
  certificates: number;
  /** ISO-8601, from the list's own ListIssueDateTime. */
  issued: string;
  /** ISO-8601, from the list's own NextUpdate: after it, a newer list should exist. */
  next_update: string;
  sequence: number;
}

export interface TrustListSource {
  repository: string;
  folder: string;
  commit: string;
  licence: string;
  attribution: string;
  trust_list: TrustListFile;
  tsa_trust_list: TrustListFile;
}

export const TRUST_LIST_SOURCE: Readonly<TrustListSource> = Object.freeze(source);

export interface TrustListStatus {
  issued: string;
  nextUpdate: string;
  /** True once `now` is past either list's next-update date. */
  stale: boolean;
  /** A sentence for the page when stale, '' otherwise. */
  warning: string;
}

export function trustListStatus(now: Date, src: TrustListSource = TRUST_LIST_SOURCE): TrustListStatus {
  const next = [src.trust_list.next_update, src.tsa_trust_list.next_update]
    .map((d) => Date.parse(d))
    .filter((t) => !Number.isNaN(t));
  const due = next.length > 0 ? Math.min(...next) : Number.NaN;
  const stale = !Number.isNaN(due) && now.getTime() > due;
  const nextUpdate = Number.isNaN(due) ? '' : new Date(due).toISOString();
  return {
    issued: src.trust_list.issued,
    nextUpdate,
    stale,
    warning: stale
      ? `The shipped C2PA Trust List was due for an update on ${nextUpdate.slice(0, 10)}: signers added or removed since then are not reflected. Update the app, or add current anchors yourself.`
      : '',
  };
}
