import type { Evidence } from '../../core/response';
import { C2PA_STATE_LABEL, explainC2pa, type C2paAction, type C2paSummary } from '../../provenance/c2paSummary';
import type { ProvenanceReport } from '../../provenance/index';
import type { TextEntry } from '../../provenance/textChunks';
import './ProvenancePanel.css';

/** What reaches the page in `response.provenance` (a serialisable subset of ProvenanceReport). */
export interface ProvenanceView {
  c2pa?: C2paSummary | null;
  exif?: Record<string, unknown> | null;
  text?: TextEntry[];
  errors?: string[];
  evidence?: Evidence[];
}

export interface ProvenancePanelProps {
  /** `response.provenance` as it arrived (untyped JSON). */
  provenance?: unknown;
  /** Or the whole report, when the caller has it. */
  report?: ProvenanceReport;
  /** The frame's evidence list (`output[i].evidence`): which signal said what. */
  evidence?: readonly Evidence[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isSummary(v: unknown): v is C2paSummary {
  if (!isObj(v) || !isObj(v.validation) || !isObj(v.signer)) return false;
  return (
    typeof v.validation.state === 'string' &&
    Array.isArray(v.actions) &&
    Array.isArray(v.ingredients) &&
    Array.isArray(v.validation.codes)
  );
}

function viewOf(p: ProvenancePanelProps): ProvenanceView {
  if (p.report) return p.report;
  const v = p.provenance;
  if (!isObj(v)) return {};
  return {
    c2pa: isSummary(v.c2pa) ? v.c2pa : null,
    exif: isObj(v.exif) ? v.exif : null,
    text: Array.isArray(v.text) ? (v.text as TextEntry[]) : [],
    errors: Array.isArray(v.errors) ? v.errors.filter((e): e is string => typeof e === 'string') : [],
    evidence: Array.isArray(v.evidence) ? (v.evidence as Evidence[]) : [],
  };
}

/** The last path segment of an IPTC digital source type URI, e.g. "trainedAlgorithmicMedia". */
const short = (uri: string): string => uri.split('/').pop() ?? uri;

function when(iso: string): string {
  if (!iso) return 'not recorded';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toLocaleString()} (${iso})`;
}

/** The state in people's words; a summary saved by an older version has no label, so it is derived. */
function stateLabel(c: C2paSummary): string {
  return c.validation.label || (C2PA_STATE_LABEL[c.validation.state] ?? c.validation.state);
}

function ActionItem({ a }: { a: C2paAction }) {
  return (
    <li>
      <code>{a.action || 'unnamed action'}</code>
      {a.softwareAgent ? ` by ${a.softwareAgent}` : ''}
      {a.digitalSourceType ? (
        <>
          {' — '}
          <abbr title={a.digitalSourceType}>{short(a.digitalSourceType)}</abbr>
        </>
      ) : null}
      {a.description ? `: ${a.description}` : ''}
    </li>
  );
}

function C2paBlock({ c }: { c: C2paSummary }) {
  return (
    <div className={`c2pa ${c.validation.state.toLowerCase()}`}>
      <h4>
        Content Credentials (C2PA): <span data-testid="c2pa-state">{stateLabel(c)}</span>
      </h4>
      <p className="meaning" data-testid="c2pa-meaning">
        {explainC2pa(c)}
      </p>
      <dl>
        <dt>Claim generator</dt>
        <dd>{c.claim_generator || '—'}</dd>
        <dt>Signer</dt>
        <dd>
          {c.signer.common_name || '—'}
          {c.signer.issuer ? ` (issued by ${c.signer.issuer})` : ''}
        </dd>
        <dt>Signed</dt>
        <dd>{when(c.signing_time)}</dd>
        <dt>Actions</dt>
        <dd>
          {c.actions.length === 0 ? (
            '—'
          ) : (
            <ul>
              {c.actions.map((a, i) => (
                <ActionItem key={i} a={a} />
              ))}
            </ul>
          )}
        </dd>
        <dt>Ingredients</dt>
        <dd>
          {c.ingredients.length === 0 ? (
            '—'
          ) : (
            <ul>
              {c.ingredients.map((g, i) => (
                <li key={i}>
                  {g.title || 'untitled'} ({g.relationship || 'ingredient'}
                  {g.format ? `, ${g.format}` : ''})
                  {g.manifest ? ' — has its own Content Credentials' : ' — no Content Credentials'}
                  {g.actions.length > 0 ? (
                    <ul>
                      {g.actions.map((a, j) => (
                        <ActionItem key={j} a={a} />
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Validation</dt>
        <dd>
          {c.validation.state}
          {c.validation.failures.length > 0 ? ` — integrity checks failed: ${c.validation.failures.join(', ')}` : ''}
          {(c.validation.credential_failures ?? []).length > 0
            ? ` — signer's credential: ${c.validation.credential_failures.join(', ')}`
            : ''}
        </dd>
        <dt>Status codes</dt>
        <dd className="codes">{c.validation.codes.join(', ') || '—'}</dd>
      </dl>
    </div>
  );
}

function EvidenceList({ evidence }: { evidence: readonly Evidence[] }) {
  return (
    <div className="evidence">
      <h4>What each signal said</h4>
      <ul>
        {evidence.map((e, i) => (
          <li key={i} className={e.weight > 0 ? 'toward-ai' : e.weight < 0 ? 'toward-real' : 'neutral'}>
            <span className="kind">{e.kind}</span>{' '}
            <span className="weight">{e.weight > 0 ? `+${e.weight.toFixed(2)}` : e.weight.toFixed(2)}</span>
            {e.source ? <span className="source"> → {e.source}</span> : null}: {e.detail}
          </li>
        ))}
      </ul>
      <p className="note">
        Metadata is strong evidence, not proof: it can be stripped, and unsigned metadata can be written by anyone.
      </p>
    </div>
  );
}

/** Content Credentials, EXIF and generator text, with one plain sentence on what the signature means. */
export function ProvenancePanel(props: ProvenancePanelProps) {
  const view = viewOf(props);
  const { c2pa, exif, text, errors } = view;
  const evidence = props.evidence ?? view.evidence ?? [];
  const nothing = !c2pa && !exif && !text?.length && !errors?.length;
  return (
    <section className="provenance" data-testid="provenance">
      {nothing ? (
        <p className="none">
          No provenance metadata in this file. That says nothing either way: metadata is easily stripped.
        </p>
      ) : null}
      {c2pa ? <C2paBlock c={c2pa} /> : null}
      {evidence.length > 0 ? <EvidenceList evidence={evidence} /> : null}
      {exif ? (
        <details>
          <summary>EXIF / XMP / IPTC</summary>
          <dl>
            {Object.entries(exif).map(([k, v]) => (
              <span key={k}>
                <dt>{k}</dt>
                <dd>
                  {typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                    ? String(v)
                    : JSON.stringify(v)}
                </dd>
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
