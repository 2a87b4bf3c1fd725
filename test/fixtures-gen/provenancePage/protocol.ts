/** Messages between the test page and its provenance worker (test only). */
import type { ProvenanceOptions, ProvenanceReport } from '../../../src/provenance/index';

export type ReadMode = 'bytes' | 'videoBlob';

export type ToWorker =
  | { id: number; kind: 'read'; url: string; mime: string; mode: ReadMode; options: ProvenanceOptions }
  /** Positive control for the request recorder: the worker fetches this (foreign) URL. */
  | { id: number; kind: 'probe'; url: string };

export type FromWorker = { id: number; report: ProvenanceReport | null; error: string | null; ms: number };
