/**
 * A C2PA manifest store (as JSON, from c2pa-web) -> what a person needs: who signed, when, what was done, from what,
 * and whether the signature holds. Pure and defensive: the store is untrusted input. Field names follow the C2PA
 * JSON (snake_case) because this object goes out unchanged in `response.provenance`.
 */
export type C2paState = 'Trusted' | 'Valid' | 'Invalid';

export interface C2paAction {
  action: string;
  softwareAgent: string;
  digitalSourceType: string;
  description: string;
  when: string;
}

export interface C2paIngredient {
  title: string;
  format: string;
  relationship: string;
  /** Label of the ingredient's own manifest in the store, '' when it came without Content Credentials. */
  manifest: string;
  /** Actions of the ingredient's own manifest (one level deep). */
  actions: C2paAction[];
}

export interface C2paValidation {
  state: C2paState;
  /** The signature and hashes verify, but the signing certificate chains to no anchor on the trust list. */
  untrusted_signer: boolean;
  /** Every status code c2pa-rs reported for the active manifest (success, informational and failure). */
  codes: string[];
  /** The failure codes that make it Invalid (never `signingCredential.untrusted` alone). */
  failures: string[];
}

export interface C2paSummary {
  claim_generator: string;
  title: string;
  format: string;
  signer: { issuer: string; common_name: string; alg: string };
  /** When it was signed (from the time-stamp when there is one), ISO-8601, '' when unknown. */
  signing_time: string;
  actions: C2paAction[];
  ingredients: C2paIngredient[];
  validation: C2paValidation;
  /** How many manifests the store holds (the active one plus its ingredients' ones). */
  manifests: number;
}

type Bag = Record<string, unknown>;
const obj = (v: unknown): Bag => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Bag) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 500) : typeof v === 'number' ? String(v) : '');
const MAX_ACTIONS = 200;
/** Reported in the failure list, but about trust or revocation look-ups, not about the file or the signature. */
const NOT_A_FAILURE: ReadonlySet<string> = new Set(['signingCredential.untrusted', 'timeStamp.untrusted', 'signingCredential.ocsp.skipped', 'signingCredential.ocsp.unknown']);
const MAX_INGREDIENTS = 100;

function agentName(v: unknown): string {
  if (typeof v === 'string') return v.slice(0, 200);
  const o = obj(v);
  return [s(o.name), s(o.version)].filter(Boolean).join(' ');
}

function codesOf(list: unknown): string[] {
  return arr(list)
    .slice(0, 500)
    .map((c) => s(obj(c).code))
    .filter(Boolean);
}

/** Actions of one manifest, v1 (`c2pa.actions`) and v2 (`c2pa.actions.v2`) alike. */
function actionsOf(manifest: Bag): C2paAction[] {
  const out: C2paAction[] = [];
  for (const a of arr(manifest.assertions).slice(0, 1000)) {
    const as = obj(a);
    if (!/^c2pa\.actions(\.v\d+)?$/.test(s(as.label))) continue;
    const data = obj(as.data);
    const agents = arr(data.softwareAgents);
    for (const act of arr(data.actions)) {
      if (out.length >= MAX_ACTIONS) return out;
      const x = obj(act);
      const params = obj(x.parameters);
      const idx = typeof x.softwareAgentIndex === 'number' ? x.softwareAgentIndex : -1;
      out.push({
        action: s(x.action),
        softwareAgent: agentName(x.softwareAgent) || agentName(agents[idx]) || agentName(params.softwareAgent),
        digitalSourceType: s(x.digitalSourceType) || s(params.digitalSourceType),
        description: s(x.description) || s(params.description),
        when: s(x.when),
      });
    }
  }
  return out;
}

export function summariseC2pa(store: unknown): C2paSummary | null {
  const st = obj(store);
  const manifests = obj(st.manifests);
  const label = s(st.active_manifest);
  const m = obj(manifests[label] ?? Object.values(manifests)[0]);
  if (Object.keys(m).length === 0) return null;

  const info = arr(m.claim_generator_info).map((g) => agentName(g)).filter(Boolean);
  const sig = obj(m.signature_info);
  const ingredients = arr(m.ingredients)
    .slice(0, MAX_INGREDIENTS)
    .map((i): C2paIngredient => {
      const o = obj(i);
      const own = s(o.active_manifest);
      return { title: s(o.title), format: s(o.format), relationship: s(o.relationship), manifest: own, actions: own ? actionsOf(obj(manifests[own])) : [] };
    });

  // c2pa-rs 0.5x reports `validation_results.activeManifest`; older readers a flat `validation_status` list.
  const results = obj(obj(st.validation_results).activeManifest);
  const failures = codesOf(results.failure);
  const legacy = codesOf(st.validation_status);
  const codes = [...codesOf(results.success), ...codesOf(results.informational), ...failures, ...legacy];
  const untrusted = codes.includes('signingCredential.untrusted');
  const declared = s(st.validation_state);
  // An untrusted signer alone does not make a manifest invalid: the signature and the hashes still verify.
  const hard = [...failures, ...legacy].filter((c) => !NOT_A_FAILURE.has(c) && !c.endsWith('.trusted') && !c.endsWith('.validated') && !c.endsWith('.match'));
  const state: C2paState = declared === 'Invalid' || hard.length > 0 ? 'Invalid' : declared === 'Trusted' && !untrusted ? 'Trusted' : 'Valid';
  return {
    claim_generator: s(m.claim_generator) || info.join(', '),
    title: s(m.title),
    format: s(m.format),
    signer: { issuer: s(sig.issuer), common_name: s(sig.common_name), alg: s(sig.alg) },
    signing_time: s(sig.time),
    actions: actionsOf(m),
    ingredients,
    validation: { state, untrusted_signer: untrusted, codes: [...new Set(codes)], failures: [...new Set(hard)] },
    manifests: Object.keys(manifests).length,
  };
}

export function signerName(c: C2paSummary): string {
  return c.signer.common_name || c.signer.issuer || 'an unnamed signer';
}

/** One plain sentence on what the validation state means. */
export function explainC2pa(c: C2paSummary): string {
  const who = signerName(c);
  const org = c.signer.issuer && c.signer.issuer !== who ? ` (issued by ${c.signer.issuer})` : '';
  if (c.validation.state === 'Trusted') {
    return `Signed by ${who}${org}, whose certificate chains to an anchor on your trust list, and nothing in the file has changed since it was signed.`;
  }
  if (c.validation.state === 'Valid') {
    return c.validation.untrusted_signer
      ? `Signed by ${who}${org}; the signature is valid and the file has not changed since signing, but ${who} is not on your trust list: this is not a forgery, it means nobody you trust has vouched that the certificate really belongs to ${who}.`
      : `Signed by ${who}${org}; the signature is valid and the file has not changed since signing.`;
  }
  return `The Content Credentials in this file do not verify (${c.validation.failures.join(', ') || 'validation failed'}): the file was changed after signing or the manifest is damaged, so what it claims cannot be relied on.`;
}
