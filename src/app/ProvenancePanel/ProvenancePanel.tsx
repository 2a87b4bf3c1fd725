import { explainC2pa, type C2paSummary } from '../../provenance/c2paSummary';
import type { TextEntry } from '../../provenance/textChunks';
import './ProvenancePanel.css';

/** What reaches the page in `response.provenance`. */
export interface ProvenanceView {
  c2pa?: C2paSummary | null;
  exif?: Record<string, unknown> | null;
  text?: TextEntry[];
  errors?: string[];
}

function isView(v: unknown): v is ProvenanceView {
  return typeof v === 'object' && v !== null;
}

const short = (uri: string): string => uri.split('/').pop() ?? uri;

/** Content Credentials, EXIF and generator text, with one plain sentence on what the signature means. */
export function ProvenancePanel({ provenance }: { provenance: unknown }) {
  if (!isView(provenance)) return null;
  const { c2pa, exif, text, errors } = provenance;
  if (!c2pa && !exif && !text?.length && !errors?.length) {
    return <p className="provenance none">No provenance metadata in this file. That says nothing either way: metadata is easily stripped.</p>;
  }
  return (
    <section className="provenance" data-testid="provenance">
      {c2pa ? (
        <div className={`c2pa ${c2pa.validation.state.toLowerCase()}`}>
          <h4>
            Content Credentials (C2PA): <span data-testid="c2pa-state">{c2pa.validation.state === 'Valid' && c2pa.validation.untrustedSigner ? 'Valid, signer not on your trust list' : c2pa.validation.state}</span>
          </h4>
          <p className="meaning">{explainC2pa(c2pa)}</p>
          <dl>
            <dt>Claim generator</dt>
            <dd>{c2pa.claimGenerator || '—'}</dd>
            <dt>Signer</dt>
            <dd>
              {c2pa.signer.commonName || '—'}
              {c2pa.signer.issuer ? ` (issued by ${c2pa.signer.issuer})` : ''}
            </dd>
            <dt>Signed</dt>
            <dd>{c2pa.signer.time || 'no trusted time'}</dd>
            <dt>Actions</dt>
            <dd>
              {c2pa.actions.length === 0 ? '—' : null}
              <ul>
                {c2pa.actions.map((a, i) => (
                  <li key={i}>
                    <code>{a.action}</code>
                    {a.softwareAgent ? ` by ${a.softwareAgent}` : ''}
                    {a.digitalSourceType ? ` — ${short(a.digitalSourceType)}` : ''}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>Ingredients</dt>
            <dd>{c2pa.ingredients.length === 0 ? '—' : c2pa.ingredients.map((g) => `${g.title || 'untitled'} (${g.relationship || 'ingredient'})`).join(', ')}</dd>
            <dt>Status codes</dt>
            <dd className="codes">{c2pa.validation.codes.join(', ') || '—'}</dd>
          </dl>
        </div>
      ) : null}
      {exif ? (
        <details>
          <summary>EXIF / XMP</summary>
          <dl>
            {Object.entries(exif).map(([k, v]) => (
              <span key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </span>
            ))}
          </dl>
        </details>
      ) : null}
      {text?.length ? (
        <details>
          <summary>Text metadata ({text.length})</summary>
          {text.map((t, i) => (
            <pre key={i}>
              {t.keyword}: {t.value}
            </pre>
          ))}
        </details>
      ) : null}
      {errors?.length ? <p className="errors">{errors.join('; ')}</p> : null}
    </section>
  );
}
