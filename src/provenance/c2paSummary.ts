/**
 * A C2PA manifest store (as JSON, from c2pa-web) -> what a person needs: who signed, when, what was done, from what,
 * and whether the signature holds. Pure and defensive: the store is untrusted input. Field names follow the C2PA
 * JSON (snake_case) because this object goes out unchanged in `response.provenance`.
 *
 * The four states follow c2pa-rs's own split of its status codes (ISO/C2PA spec section 15, "Validation"):
 * - integrity (`*.mismatch`, `*.missing`, `claimSignature.*` failures, malformed assertions...): the bytes or the
 *   manifest changed after signing, so the claims are void -> `Invalid` ("tampered or damaged");
 * - the signer's credential (`signingCredential.expired / .revoked / .invalid`, `timeStamp.*`): the file is
 *   unchanged since signing, only the certificate no longer vouches -> `Expired`, claims kept as weaker evidence;
 * - the signer is on no trust list the reader holds -> `Valid` ("valid signature, signer not on your trust lists");
 * - the signer chains to the C2PA Trust List or to the user's own anchors -> `Trusted`.
 */
export type C2paState = 'Trusted' | 'Valid' | 'Expired' | 'Invalid';

/** Which anchors vouched for a Trusted signer ('' when none did). */
export type C2paTrustSource = 'c2pa_trust_list' | 'user' | '';

/** The four states in words for people, as the page and the JSON show them. */
export const C2PA_STATE_LABEL: Readonly<Record<C2paState, string>> = Object.freeze({
  Trusted: 'trusted signer',
  Valid: 'valid signature, signer not on your trust lists',
  Expired: 'credential expired or revoked',
  Invalid: 'tampered or damaged',
});

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
  /** `C2PA_STATE_LABEL[state]`, refined for a Trusted signer ("trusted signer (on the C2PA Trust List)"). */
  label: string;
  /** The signature and hashes verify, but the signing certificate chains to no anchor on the trust lists. */
  untrusted_signer: boolean;
  /** Which anchors vouched for the signer: the shipped C2PA Trust List or the user's own. */
  trust_source: C2paTrustSource;
  /** Every status code c2pa-rs reported for the active manifest (success, informational and failure). */
  codes: string[];
  /** The integrity failures that make it Invalid (never a credential code). */
  failures: string[];
  /** The credential failures that make it Expired (`signingCredential.expired`, `.revoked`, `timeStamp.*`...). */
  credential_failures: string[];
  /**
   * Rules of a newer C2PA version that a signed, byte-intact manifest breaks (e.g. `assertion.action.malformed`:
   * "first action must be created or opened" on manifests OpenAI signed in 2025). Shown, but not tampering.
   */
  conformance: string[];
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
/** Reported in the failure list, but about trust or revocation look-ups we did not make, not about the file. */
const NOT_A_FAILURE: ReadonlySet<string> = new Set([
  'signingCredential.untrusted',
  'timeStamp.untrusted',
  'signingCredential.ocsp.skipped',
  'signingCredential.ocsp.unknown',
]);
/**
 * About the signer's certificate, not the file: the certificate expired (or was used outside its validity), was
 * revoked or does not meet the profile, or the time-stamp could not be checked. The hashes still verify.
 */
const isCredentialCode = (c: string): boolean =>
  c.startsWith('signingCredential.') || c.startsWith('timeStamp.') || c === 'claimSignature.outsideValidity';
/** A malformed-content complaint about an assertion, as opposed to a broken hash or signature. */
const isConformanceCode = (c: string): boolean => c === 'assertion.action.malformed';
const HARD_BINDING_MATCH = /^assertion\.(dataHash|boxesHash|bmffHash|collectionHash)\.match$/;
const isSuccessCode = (c: string): boolean =>
  c.endsWith('.trusted') || c.endsWith('.validated') || c.endsWith('.match') || c.endsWith('.insideValidity');
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

const TRUST_LIST_WORDS = { c2pa_trust_list: 'the C2PA Trust List', user: 'your own trust anchors' } as const;

/** Which trust list vouched, in words ('' when none did): the label and the sentence both say it this way. */
function trustListWords(source: C2paTrustSource): string {
  return source === '' ? '' : TRUST_LIST_WORDS[source];
}

/**
 * c2pa-rs says which anchors vouched in the explanation of `signingCredential.trusted` ("... found in User trust
 * anchors" / "... System trust anchors"); the shipped C2PA Trust List is handed to it as the system anchors.
 */
function trustSource(results: Bag): C2paTrustSource {
  const hit = [...arr(results.success), ...arr(results.informational)]
    .map(obj)
    .find((c) => s(c.code) === 'signingCredential.trusted');
  if (!hit) return '';
  return /\buser\b/i.test(s(hit.explanation)) ? 'user' : 'c2pa_trust_list';
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
  const active = s(st.active_manifest);
  const m = obj(manifests[active] ?? Object.values(manifests)[0]);
  if (Object.keys(m).length === 0) return null;

  const info = arr(m.claim_generator_info)
    .map((g) => agentName(g))
    .filter(Boolean);
  const sig = obj(m.signature_info);
  const ingredients = arr(m.ingredients)
    .slice(0, MAX_INGREDIENTS)
    .map((i): C2paIngredient => {
      const o = obj(i);
      const own = s(o.active_manifest);
      return {
        title: s(o.title),
        format: s(o.format),
        relationship: s(o.relationship),
        manifest: own,
        actions: own ? actionsOf(obj(manifests[own])) : [],
      };
    });

  // c2pa-rs 0.5x reports `validation_results.activeManifest`; older readers a flat `validation_status` list.
  const results = obj(obj(st.validation_results).activeManifest);
  const failed = [...codesOf(results.failure), ...codesOf(st.validation_status)];
  const codes = [...codesOf(results.success), ...codesOf(results.informational), ...failed];
  const untrusted = codes.includes('signingCredential.untrusted');
  const declared = s(st.validation_state);
  const problems = failed.filter((c) => !NOT_A_FAILURE.has(c) && !isSuccessCode(c));
  const credential = [...new Set(problems.filter(isCredentialCode))];
  // A rule broken inside the signed manifest is conformance, not tampering, only when the signature validated and
  // the file's bytes still match their hash; otherwise it counts with the integrity failures.
  const intact = codes.includes('claimSignature.validated') && codes.some((c) => HARD_BINDING_MATCH.test(c));
  const conformance = intact ? [...new Set(problems.filter(isConformanceCode))] : [];
  const integrity = [...new Set(problems.filter((c) => !isCredentialCode(c) && !conformance.includes(c)))];
  // The reader said Invalid and named no reason we could sort: treat it as damage, the safe reading.
  if (declared === 'Invalid' && problems.length === 0) integrity.push('validation failed');
  const state: C2paState =
    integrity.length > 0
      ? 'Invalid'
      : credential.length > 0
        ? 'Expired'
        : declared === 'Trusted' && !untrusted
          ? 'Trusted'
          : 'Valid';
  const source = state === 'Trusted' || state === 'Expired' ? (untrusted ? '' : trustSource(results)) : '';
  const label =
    state === 'Trusted'
      ? `${C2PA_STATE_LABEL.Trusted} (on ${trustListWords(source) || TRUST_LIST_WORDS.c2pa_trust_list})`
      : C2PA_STATE_LABEL[state];
  return {
    claim_generator: s(m.claim_generator) || info.join(', '),
    title: s(m.title),
    format: s(m.format),
    signer: { issuer: s(sig.issuer), common_name: s(sig.common_name), alg: s(sig.alg) },
    signing_time: s(sig.time),
    actions: actionsOf(m),
    ingredients,
    validation: {
      state,
      label,
      untrusted_signer: untrusted,
      trust_source: source,
      codes: [...new Set(codes)],
      failures: integrity,
      credential_failures: credential,
      conformance,
    },
    manifests: Object.keys(manifests).length,
  };
}

export function signerName(c: C2paSummary): string {
  return c.signer.common_name || c.signer.issuer || 'an unnamed signer';
}

/** What went wrong with the certificate, in words. */
export function credentialProblem(c: C2paSummary): string {
  const f = c.validation.credential_failures;
  if (f.includes('signingCredential.revoked')) return 'a certificate that has been revoked';
  if (f.includes('claimSignature.outsideValidity'))
    return 'a certificate that had already expired (or was not yet valid) when it signed';
  if (f.includes('signingCredential.expired')) return 'a certificate that has since expired';
  if (f.some((x) => x.startsWith('timeStamp.'))) return `a time-stamp that could not be verified (${f.join(', ')})`;
  return `a certificate that does not verify (${f.join(', ')})`;
}

/** One plain sentence on what the validation state means. */
export function explainC2pa(c: C2paSummary): string {
  const rules = c.validation.conformance ?? [];
  const note =
    rules.length > 0
      ? ` The manifest breaks a newer C2PA rule (${rules.join(', ')}); that is how it was written, not a sign of tampering.`
      : '';
  return explainState(c) + note;
}

function explainState(c: C2paSummary): string {
  const who = signerName(c);
  const org = c.signer.issuer && c.signer.issuer !== who ? ` (issued by ${c.signer.issuer})` : '';
  const list = trustListWords(c.validation.trust_source);
  switch (c.validation.state) {
    case 'Trusted':
      return `Signed by ${who}${org}, a trusted signer on ${list || 'your trust list'}, and nothing in the file has changed since it was signed.`;
    case 'Valid':
      return c.validation.untrusted_signer
        ? `Signed by ${who}${org}; the signature is valid and the file has not changed since signing, but ${who} is not on your trust lists: this is not a forgery, it means nobody you trust has vouched that the certificate really belongs to ${who}.`
        : `Signed by ${who}${org}; the signature is valid and the file has not changed since signing.`;
    case 'Expired':
      return `Signed by ${who}${org}${list ? ` (on ${list})` : ''} with ${credentialProblem(c)}; the file is unchanged since signing, so what the manifest says still counts as evidence, but less than a current trusted signature.`;
    case 'Invalid':
      return `The Content Credentials in this file do not verify (${c.validation.failures.join(', ')}): the file was tampered with or damaged after signing, so what it claims cannot be relied on.`;
  }
}
