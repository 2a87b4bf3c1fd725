import { useState } from 'react';
import { TRUST_LIST_SOURCE, trustListStatus, type TrustListStatus } from '../../provenance/trustListInfo';
import { loadTrustAnchors, saveTrustAnchors } from '../trustAnchors';

const day = (iso: string): string => iso.slice(0, 10);

/** The C2PA Trust List shipped with the app (never fetched at run time): where from, how current. */
function ShippedTrustList({ status }: { status: TrustListStatus }) {
  const src = TRUST_LIST_SOURCE;
  return (
    <div className="shipped-trust-list" data-testid="trust-list-info">
      <p>
        Signers on the <strong>C2PA Trust List</strong> ({src.trust_list.certificates} certificates) are shown as
        trusted. The list ships with this app and is never fetched: issued {day(status.issued)}, next update due{' '}
        {day(status.nextUpdate)}. The C2PA TSA Trust List ({src.tsa_trust_list.certificates} certificates, issued{' '}
        {day(src.tsa_trust_list.issued)}) ships beside it.
      </p>
      {status.stale ? (
        <p className="warning" role="alert" data-testid="trust-list-stale">
          {status.warning}
        </p>
      ) : null}
      <p className="attribution">
        {src.attribution}; from {src.repository}, folder {src.folder}, commit <code>{src.commit.slice(0, 12)}</code>.
      </p>
    </div>
  );
}

/** Trust anchors for C2PA: the shipped C2PA Trust List, plus the user's own, stored only in this browser. */
export function SettingsPanel({ onChange, now = new Date() }: { onChange: (anchors: string[]) => void; now?: Date }) {
  const [text, setText] = useState(() => loadTrustAnchors().join('\n'));
  const [count, setCount] = useState(() => loadTrustAnchors().length);
  const status = trustListStatus(now);
  const stale = status.stale;
  return (
    <details className="settings" open={stale || undefined}>
      <summary>
        Settings: C2PA trust lists (C2PA Trust List{stale ? ', out of date' : ''} + {count} of your own)
      </summary>
      <ShippedTrustList status={status} />
      <p>
        Add PEM certificates of signers (or their CAs) you trust; they add to the C2PA Trust List and are kept in this
        browser only. A valid signature from a signer on neither list is shown as "valid signature, signer not on your
        trust lists", which is not a sign of forgery.
      </p>
      <textarea
        data-testid="trust-anchors"
        rows={6}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        placeholder="-----BEGIN CERTIFICATE-----"
      />
      <button
        type="button"
        onClick={() => {
          const certs = saveTrustAnchors(text);
          setCount(certs.length);
          onChange(certs);
        }}
      >
        Save trust anchors
      </button>
    </details>
  );
}
