import { describe, expect, it } from 'vitest';
import { c2paEvidence, c2paTags } from '../../src/provenance/c2paEvidence';
import { explainC2pa, summariseC2pa } from '../../src/provenance/c2paSummary';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

function store(over: {
  claim?: string;
  cn?: string;
  issuer?: string;
  actions?: unknown[];
  failure?: string[];
  state?: string;
}) {
  return {
    active_manifest: 'urn:1',
    validation_state: over.state ?? 'Valid',
    validation_results: {
      activeManifest: {
        success: [{ code: 'claimSignature.validated' }],
        informational: [],
        failure: [{ code: 'signingCredential.untrusted' }, ...(over.failure ?? []).map((code) => ({ code }))],
      },
    },
    manifests: {
      'urn:1': {
        claim_generator: over.claim ?? 'Some Tool',
        signature_info: {
          issuer: over.issuer ?? 'Example CA',
          common_name: over.cn ?? 'Example Signer',
          time: '2025-01-01T00:00:00Z',
        },
        assertions: [{ label: 'c2pa.actions.v2', data: { actions: over.actions ?? [] } }],
        ingredients: [{ title: 'parent.jpg', relationship: 'parentOf' }],
      },
    },
  };
}

describe('C2PA summary and evidence', () => {
  it('an untrusted signer is Valid, not Invalid, and the sentence says it is not a forgery', () => {
    const c = summariseC2pa(
      store({ actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED, softwareAgent: { name: 'GPT-4o' } }] }),
    )!;
    expect(c.validation).toMatchObject({ state: 'Valid', untrusted_signer: true, failures: [] });
    expect(explainC2pa(c)).toMatch(/not a forgery/);
    expect(c2paTags(c)).toEqual({
      claim_generator: 'Some Tool',
      actions_software_agent: 'GPT-4o',
      actions_action: 'c2pa.created',
      actions_digital_source_type: TRAINED,
    });
    expect(c2paEvidence(c)[0]).toMatchObject({ kind: 'c2pa', weight: 0.9, source: '4o' });
  });

  it('a hash mismatch makes it Invalid and its claims weigh nothing', () => {
    const c = summariseC2pa(
      store({
        failure: ['assertion.dataHash.mismatch'],
        state: 'Invalid',
        actions: [{ action: 'c2pa.created', digitalSourceType: TRAINED }],
      }),
    )!;
    expect(c.validation.state).toBe('Invalid');
    expect(c2paEvidence(c)).toEqual([expect.objectContaining({ weight: 0 })]);
  });

  it('Google-signed AI without a model name: video to Veo, image to imagen, and the evidence says the model is not named', () => {
    const c = summariseC2pa(
      store({
        claim: 'Google C2PA Core Generator Library',
        cn: 'Google Media Processing Services',
        issuer: 'Google LLC',
        actions: [
          { action: 'c2pa.created', digitalSourceType: TRAINED, description: 'Created by Google Generative AI.' },
        ],
      }),
    )!;
    expect(c2paEvidence(c, 'video')[0]?.source).toBe('veo3');
    expect(c2paEvidence(c, 'image')[0]).toMatchObject({
      source: 'imagen',
      detail: expect.stringMatching(/does not name the model/),
    });
  });

  it('a vendor alone never makes an AI claim: a Google-signed capture stays a capture', () => {
    const c = summariseC2pa(
      store({
        claim: 'Google C2PA Core Generator Library',
        issuer: 'Google LLC',
        actions: [
          {
            action: 'c2pa.created',
            digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
          },
        ],
      }),
    )!;
    expect(c2paEvidence(c, 'image')[0]).toMatchObject({ weight: -0.3 });
    expect(c2paEvidence(c, 'image')[0]?.source).toBeUndefined();
  });

  it('hostile or empty stores do not throw', () => {
    for (const s of [
      null,
      42,
      'x',
      {},
      { manifests: { a: null } },
      { manifests: { a: { assertions: 'nope', signature_info: 7 } }, active_manifest: 'a' },
    ]) {
      expect(() => summariseC2pa(s)).not.toThrow();
    }
  });
});
