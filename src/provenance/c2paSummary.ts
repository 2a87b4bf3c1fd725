/**
 * A C2PA manifest store (as JSON, from c2pa-web) -> what a person needs: who signed, when, what was done, from what,
 * and whether the signature holds. Pure and defensive: the store is untrusted input.
 */
export type C2paState = 'Trusted' | 'Valid' | 'Invalid';

export interface C2paAction {
  action: string;
  softwareAgent: string;
  digitalSourceType: string;
  description: string;
  when: string;
}

export interface C2paSummary {
  claimGenerator: string;
  title: string;
  signer: { issuer: string; commonName: string; time: string; alg: string };
  actions: C2paAction[];
  ingredients: { title: string; format: string; relationship: string }[];
  validation: { state: C2paState; untrustedSigner: boolean; codes: string[]; failures: string[] };
  manifests: number;
}

type Bag = Record<string, unknown>;
const obj = (v: unknown): Bag => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Bag) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 500) : typeof v === 'number' ? String(v) : '');

function agentName(v: unknown): string {
  if (typeof v === 'string') return v.slice(0, 200);
  const o = obj(v);
  return [s(o.name), s(o.version)].filter(Boolean).join(' ');
}

function codesOf(list: unknown): string[] {
  return arr(list).map((c) => s(obj(c).code)).filter(Boolean);
}

export function summariseC2pa(store: unknown): C2paSummary | null {
  const st = obj(store);
  const manifests = obj(st.manifests);
  const label = s(st.active_manifest);
  const m = obj(manifests[label] ?? Object.values(manifests)[0]);
  if (Object.keys(m).length === 0) return null;

  const info = arr(m.claim_generator_info).map((g) => agentName(g)).filter(Boolean);
  const claimGenerator = s(m.claim_generator) || info.join(', ');
  const sig = obj(m.signature_info);
  const actions: C2paAction[] = [];
  for (const a of arr(m.assertions)) {
    const as = obj(a);
    if (!/^c2pa\.actions(\.v\d+)?$/.test(s(as.label))) continue;
    const agents = arr(obj(as.data).softwareAgents);
    for (const act of arr(obj(as.data).actions).slice(0, 200)) {
      const x = obj(act);
      const params = obj(x.parameters);
      const idx = typeof x.softwareAgentIndex === 'number' ? x.softwareAgentIndex : -1;
      actions.push({
        action: s(x.action),
        softwareAgent: agentName(x.softwareAgent) || agentName(agents[idx]) || agentName(params.softwareAgent),
        digitalSourceType: s(x.digitalSourceType) || s(params.digitalSourceType),
        description: s(x.description) || s(params.description),
        when: s(x.when),
      });
    }
  }
  const ingredients = arr(m.ingredients).slice(0, 100).map((i) => {
    const o = obj(i);
    return { title: s(o.title), format: s(o.format), relationship: s(o.relationship) };
  });

  const results = obj(obj(st.validation_results).activeManifest);
  const failures = codesOf(results.failure);
  const legacy = codesOf(st.validation_status);
  const codes = [...codesOf(results.success), ...codesOf(results.informational), ...failures, ...legacy];
  const untrustedSigner = codes.includes('signingCredential.untrusted');
  const declared = s(st.validation_state);
  // Untrusted signer alone does not make a manifest invalid: the signature and hashes still verify.
  const hardFailures = [...failures, ...legacy].filter((c) => c !== 'signingCredential.untrusted');
  const state: C2paState = declared === 'Invalid' || hardFailures.length > 0 ? 'Invalid' : declared === 'Trusted' && !untrustedSigner ? 'Trusted' : 'Valid';
  return {
    claimGenerator,
    title: s(m.title),
    signer: { issuer: s(sig.issuer), commonName: s(sig.common_name), time: s(sig.time), alg: s(sig.alg) },
    actions,
    ingredients,
    validation: { state, untrustedSigner, codes: [...new Set(codes)], failures: [...new Set(hardFailures)] },
    manifests: Object.keys(manifests).length,
  };
}

/** One plain sentence on what the validation state means. */
export function explainC2pa(c: C2paSummary): string {
  const who = c.signer.commonName || c.signer.issuer || 'an unnamed signer';
  if (c.validation.state === 'Trusted') return `Signed by ${who}, a signer on your trust list, and nothing has changed since it was signed.`;
  if (c.validation.state === 'Valid') {
    return c.validation.untrustedSigner
      ? `Signed by ${who}. The signature is intact and the content has not changed since signing, but ${who} is not on your trust list: this is not a forgery, it only means the signer's identity has not been vouched for here.`
      : `Signed by ${who}; the signature is intact and the content has not changed since signing.`;
  }
  return `The Content Credentials of this file are broken (${c.validation.failures.join(', ') || 'validation failed'}): the file was changed after signing, or the manifest is damaged. Its claims cannot be relied on.`;
}
