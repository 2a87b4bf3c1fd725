/**
 * What a C2PA manifest says about AI generation, as evidence for the fusion, and Hive's c2pa algorithmic tags.
 * Weights: ./weights.ts.
 */
import type { AlgorithmicTags, Evidence } from '../core/response';
import { credentialProblem, signerName, type C2paAction, type C2paSummary } from './c2paSummary';
import {
  classifyDigitalSourceType,
  matchGenerator,
  matchVendor,
  type GeneratorMatch,
  type SourceTypeVerdict,
} from './signatures';
import { WEIGHTS } from './weights';

export type MediaKind = 'image' | 'video';

/**
 * The action Hive's tags describe: the one that declares where the content came from (the first with a
 * digitalSourceType, `c2pa.created` preferred), else the first action. All three action tags come from that
 * one action, so they never mix fields of different actions; a missing softwareAgent falls back to the first
 * action that has one.
 */
function taggedAction(actions: readonly C2paAction[]): C2paAction | undefined {
  return (
    actions.find((a) => a.action === 'c2pa.created' && a.digitalSourceType) ??
    actions.find((a) => a.digitalSourceType) ??
    actions[0]
  );
}

export function c2paTags(c: C2paSummary | null): AlgorithmicTags['c2pa'] {
  if (!c)
    return { claim_generator: '', actions_software_agent: '', actions_action: '', actions_digital_source_type: '' };
  const a = taggedAction(c.actions);
  return {
    claim_generator: c.claim_generator,
    actions_software_agent: a?.softwareAgent || (c.actions.find((x) => x.softwareAgent)?.softwareAgent ?? ''),
    actions_action: a?.action ?? '',
    actions_digital_source_type: a?.digitalSourceType ?? '',
  };
}

const RANK: Record<SourceTypeVerdict, number> = { ai: 4, ai_composite: 3, algorithmic: 2, capture: 1, other: 0 };

function strongest(actions: readonly C2paAction[]): SourceTypeVerdict | null {
  let best: SourceTypeVerdict | null = null;
  for (const a of actions) {
    const v = classifyDigitalSourceType(a.digitalSourceType);
    if (v && (best === null || RANK[v] > RANK[best])) best = v;
  }
  return best;
}

/** A C2PA weight moved by how well the signer is vouched for (see ./weights.ts); the sign is kept. */
function forState(weight: number, c: C2paSummary): number {
  const delta =
    c.validation.state === 'Trusted'
      ? WEIGHTS.c2paTrustedDelta
      : c.validation.state === 'Expired'
        ? -WEIGHTS.c2paExpiredDelta
        : 0;
  if (weight === 0 || delta === 0) return weight;
  const strength = Math.min(1, Math.max(0, Math.abs(weight) + delta));
  return (Math.sign(weight) * Math.round(strength * 100)) / 100;
}

/** Who signed and how far that can be relied on, in the words the page shows. */
function signedBy(c: C2paSummary): string {
  const signer = signerName(c);
  switch (c.validation.state) {
    case 'Trusted':
      return `signed by ${signer}, ${c.validation.label}`;
    case 'Expired':
      return `signed by ${signer} with ${credentialProblem(c)}; the file is unchanged since signing`;
    default:
      return `signed by ${signer} (${c.validation.label})`;
  }
}

export function c2paEvidence(c: C2paSummary, media: MediaKind = 'image'): Evidence[] {
  if (c.validation.state === 'Invalid') {
    return [
      {
        kind: 'c2pa',
        detail: `C2PA manifest is INVALID, tampered or damaged (${c.validation.failures.join(', ')}): the file or its manifest changed after signing, so its claims (claim generator "${c.claim_generator}") are ignored`,
        weight: WEIGHTS.c2paInvalid,
      },
    ];
  }
  const one = (detail: string, weight: number, source?: GeneratorMatch | null): Evidence[] => [
    { kind: 'c2pa', detail, weight: forState(weight, c), ...(source ? { source: source.source } : {}) },
  ];
  const verdict = strongest(c.actions);
  const names = [c.claim_generator, ...c.actions.map((a) => a.softwareAgent), ...c.actions.map((a) => a.description)]
    .filter(Boolean)
    .join(' | ');
  const declaresAi = verdict === 'ai' || verdict === 'ai_composite';
  // A vendor alone never makes an AI claim; it only narrows down a declared one (Google video -> Veo).
  const named =
    matchGenerator(names) ??
    (declaresAi ? matchVendor([c.claim_generator, c.signer.common_name, c.signer.issuer].join(' | '), media) : null);
  const by = named ? ` by ${named.name}` : '';
  const tail = `claim generator "${c.claim_generator}", ${signedBy(c)}`;

  if (verdict === 'ai')
    return one(`C2PA manifest declares trainedAlgorithmicMedia (generated${by}); ${tail}`, WEIGHTS.c2paTrained, named);
  if (verdict === 'ai_composite')
    return one(
      `C2PA manifest declares compositeWithTrainedAlgorithmicMedia (partly generated${by}); ${tail}`,
      WEIGHTS.c2paComposite,
      named,
    );
  if (named)
    return one(
      `C2PA claim generator / software agent names ${named.name} ("${names.slice(0, 160)}"); ${tail}`,
      WEIGHTS.c2paNamedGenerator,
      named,
    );

  // The active manifest says nothing about AI: an ingredient's own (signed) manifest may.
  const parent = c.ingredients.find((i) => {
    const v = strongest(i.actions);
    return v === 'ai' || v === 'ai_composite';
  });
  if (parent) {
    const pn = matchGenerator(parent.actions.map((a) => `${a.softwareAgent} ${a.description}`).join(' | '));
    return one(
      `An ingredient of this file ("${parent.title || 'untitled'}", ${parent.relationship || 'ingredient'}) carries a manifest declaring trained algorithmic media${pn ? ` by ${pn.name}` : ''}; ${tail}`,
      WEIGHTS.c2paIngredientTrained,
      pn,
    );
  }
  if (verdict === 'algorithmic')
    return one(
      `C2PA manifest declares algorithmicMedia (computer-made, not necessarily by a trained model); ${tail}`,
      WEIGHTS.c2paAlgorithmic,
    );
  if (verdict === 'capture') {
    const dst =
      c.actions
        .find((a) => classifyDigitalSourceType(a.digitalSourceType) === 'capture')
        ?.digitalSourceType.split('/')
        .pop() ?? '';
    return one(`C2PA manifest declares a capture (${dst}); ${tail}`, WEIGHTS.c2paCapture);
  }
  return one(`C2PA manifest present, making no claim about AI generation; ${tail}`, WEIGHTS.c2paNoClaim);
}
