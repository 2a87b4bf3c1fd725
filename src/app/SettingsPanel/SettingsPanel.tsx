import { useState } from 'react';
import { loadTrustAnchors, saveTrustAnchors } from '../trustAnchors';

/** Trust anchors for C2PA, added by the user, stored only in this browser. */
export function SettingsPanel({ onChange }: { onChange(anchors: string[]): void }) {
  const [text, setText] = useState(() => loadTrustAnchors().join('\n'));
  const [count, setCount] = useState(() => loadTrustAnchors().length);
  return (
    <details className="settings">
      <summary>Settings: C2PA trust anchors ({count})</summary>
      <p>
        Paste PEM certificates of signers (or their CAs) you trust. They are kept in this browser only. With none, a valid
        signature is shown as "valid, signer not on your trust list", which is not a sign of forgery.
      </p>
      <textarea data-testid="trust-anchors" rows={6} value={text} onChange={(e) => setText(e.currentTarget.value)} placeholder="-----BEGIN CERTIFICATE-----" />
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
