/**
 * The provenance panel, rendered to static markup in node: signer, dates, actions, ingredients, validation state,
 * the one plain sentence, and the evidence list.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { C2PA_STATE_LABEL, type C2paSummary } from '../../src/provenance/c2paSummary';

// The node tsconfig has no JSX, so the .tsx component is loaded at run time (vitest compiles it) and typed here.
const panelModule = '../../src/app/ProvenancePanel/ProvenancePanel';
const { ProvenancePanel } = (await import(/* @vite-ignore */ panelModule)) as {
  ProvenancePanel: (p: { provenance?: unknown; evidence?: readonly unknown[] }) => ReactElement | null;
};

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

const summary = (
  state: C2paSummary['validation']['state'],
  untrusted: boolean,
  failures: string[] = [],
  credential: string[] = [],
): C2paSummary => ({
  claim_generator: 'Sora',
  title: 'clip.mp4',
  format: 'video/mp4',
  signer: { issuer: 'OpenAI', common_name: 'Truepic Lens CLI in Sora', alg: 'Es256' },
  signing_time: '2025-10-22T06:51:14+00:00',
  actions: [{ action: 'c2pa.created', softwareAgent: 'Sora', digitalSourceType: TRAINED, description: '', when: '' }],
  ingredients: [{ title: 'prompt image.png', format: 'image/png', relationship: 'inputTo', manifest: '', actions: [] }],
  validation: {
    state,
    label: state === 'Trusted' ? 'trusted signer (on the C2PA Trust List)' : C2PA_STATE_LABEL[state],
    untrusted_signer: untrusted,
    trust_source: state === 'Trusted' ? 'c2pa_trust_list' : '',
    codes: [
      'claimSignature.validated',
      ...(untrusted ? ['signingCredential.untrusted'] : []),
      ...failures,
      ...credential,
    ],
    failures,
    credential_failures: credential,
    conformance: [],
  },
  manifests: 1,
});

const html = (
  provenance: unknown,
  evidence = [
    { kind: 'c2pa' as const, detail: 'C2PA manifest declares trainedAlgorithmicMedia', weight: 0.9, source: 'sora' },
  ],
) => renderToStaticMarkup(createElement(ProvenancePanel, { provenance, evidence }));

describe('ProvenancePanel', () => {
  it('valid but untrusted: says who signed, when, what, from what, and that it is not a forgery', () => {
    const out = html({ c2pa: summary('Valid', true), exif: null, text: [], errors: [] });
    expect(out).toContain('valid signature, signer not on your trust lists');
    expect(out).toMatch(
      /Signed by Truepic Lens CLI in Sora \(issued by OpenAI\); the signature is valid .* not on your trust lists: this is not a forgery/,
    );
    expect(out).toContain('2025-10-22T06:51:14+00:00');
    expect(out).toContain('<code>c2pa.created</code> by Sora');
    expect(out).toContain('trainedAlgorithmicMedia');
    expect(out).toContain('prompt image.png (inputTo, image/png) — no Content Credentials');
    expect(out).toContain('signingCredential.untrusted');
    expect(out).toMatch(/c2pa<\/span> <span class="weight">\+0\.90<\/span><span class="source"> → sora<\/span>/);
  });

  it('each of the four states gets its label in words and its own sentence', () => {
    const trusted = html({ c2pa: summary('Trusted', false) });
    expect(trusted).toContain('trusted signer (on the C2PA Trust List)');
    expect(trusted).toMatch(/a trusted signer on the C2PA Trust List, and nothing in the file has changed/);
    const expired = html({ c2pa: summary('Expired', true, [], ['signingCredential.expired']) });
    expect(expired).toContain('credential expired or revoked');
    expect(expired).toMatch(/with a certificate that has since expired; the file is unchanged since signing/);
    expect(expired).toContain('credential: signingCredential.expired');
    expect(expired).not.toMatch(/tampered/);
    const bad = html({ c2pa: summary('Invalid', true, ['assertion.bmffHash.mismatch']) });
    expect(bad).toContain('tampered or damaged');
    expect(bad).toMatch(/do not verify \(assertion\.bmffHash\.mismatch\): the file was tampered with or damaged/);
    expect(bad).toContain('integrity checks failed: assertion.bmffHash.mismatch');
  });

  it('no metadata: says that absence proves nothing; malformed input renders without throwing', () => {
    expect(html({ c2pa: null, exif: null, text: [], errors: [] }, [])).toContain('That says nothing either way');
    for (const p of [null, 42, 'x', { c2pa: { validation: 'nope' } }, { text: 'x', errors: [1, 'e'] }])
      expect(() => html(p, [])).not.toThrow();
  });
});
