/**
 * What a C2PA manifest says about AI generation, as evidence for the fusion, and Hive's c2pa algorithmic tags.
 */
import type { AlgorithmicTags, Evidence } from '../core/response';
import type { C2paSummary } from './c2paSummary';
import { classifyDigitalSourceType, matchGenerator, matchVendor } from './signatures';

/** Weights (HIVE-RESPONSE.md: metadata is evidence, not proof). */
export const C2PA_WEIGHTS = Object.freeze({
  trainedAlgorithmicMedia: 0.9,
  compositeWithTrainedAlgorithmicMedia: 0.7,
  namedGeneratorOnly: 0.7,
  algorithmicMedia: 0.4,
  capture: -0.3,
});

export function c2paTags(c: C2paSummary | null): AlgorithmicTags['c2pa'] {
  const first = (f: (a: C2paSummary['actions'][number]) => string): string => c?.actions.map(f).find((v) => v !== '') ?? '';
  return {
    claim_generator: c?.claimGenerator ?? '',
    actions_software_agent: first((a) => a.softwareAgent),
    actions_action: first((a) => a.action),
    actions_digital_source_type: first((a) => a.digitalSourceType),
  };
}

export function c2paEvidence(c: C2paSummary, media: 'image' | 'video' = 'image'): Evidence[] {
  const signer = c.signer.commonName || c.signer.issuer || 'unknown signer';
  if (c.validation.state === 'Invalid') {
    return [{ kind: 'c2pa', detail: `C2PA manifest is INVALID (${c.validation.failures.join(', ') || 'validation failed'}); its claims are ignored`, weight: 0 }];
  }
  const trust = c.validation.state === 'Trusted' ? 'trusted signer' : 'valid signature, signer not on the trust list';
  const verdicts = c.actions.map((a) => classifyDigitalSourceType(a.digitalSourceType));
  const names = [c.claimGenerator, ...c.actions.map((a) => a.softwareAgent), ...c.actions.map((a) => a.description), c.title].filter(Boolean).join(' | ');
  const declaresAi = verdicts.includes('ai') || verdicts.includes('ai_composite');
  const vendor = [c.claimGenerator, c.signer.commonName, c.signer.issuer].join(' | ');
  const named = matchGenerator(names) ?? (declaresAi ? matchVendor(vendor, media) : null);
  const source = named ? { source: named.source } : {};
  const who = named ? ` by ${named.name}` : '';
  if (verdicts.includes('ai')) {
    return [{ kind: 'c2pa', detail: `C2PA manifest declares trainedAlgorithmicMedia (generated${who}); claim generator "${c.claimGenerator}", signed by ${signer} (${trust})`, weight: C2PA_WEIGHTS.trainedAlgorithmicMedia, ...source }];
  }
  if (verdicts.includes('ai_composite')) {
    return [{ kind: 'c2pa', detail: `C2PA manifest declares compositeWithTrainedAlgorithmicMedia (partly generated${who}); signed by ${signer} (${trust})`, weight: C2PA_WEIGHTS.compositeWithTrainedAlgorithmicMedia, ...source }];
  }
  if (named) {
    return [{ kind: 'c2pa', detail: `C2PA claim generator / software agent names ${named.name} ("${names.slice(0, 160)}"); signed by ${signer} (${trust})`, weight: C2PA_WEIGHTS.namedGeneratorOnly, ...source }];
  }
  if (verdicts.includes('algorithmic')) {
    return [{ kind: 'c2pa', detail: `C2PA manifest declares algorithmicMedia (computer-made, not necessarily by AI); signed by ${signer} (${trust})`, weight: C2PA_WEIGHTS.algorithmicMedia }];
  }
  if (verdicts.includes('capture')) {
    return [{ kind: 'c2pa', detail: `C2PA manifest declares a capture (${c.actions.find((a) => a.digitalSourceType)?.digitalSourceType.split('/').pop() ?? ''}); signed by ${signer} (${trust})`, weight: C2PA_WEIGHTS.capture }];
  }
  return [{ kind: 'c2pa', detail: `C2PA manifest present (claim generator "${c.claimGenerator}", signed by ${signer}, ${trust}); it makes no claim about AI generation`, weight: 0 }];
}
