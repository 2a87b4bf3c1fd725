import { useMemo, useState } from 'react';
import type { HiveResult } from '../../core/response';
import { downloadText } from '../download';

/** The full answer as JSON, with copy and download: what a Hive client would receive. */
export function JsonView({ result, filename }: { result: HiveResult; filename: string }) {
  // Once per answer, not on every re-render of the card.
  const text = useMemo(() => JSON.stringify(result, null, 2), [result]);
  const [copied, setCopied] = useState(false);
  return (
    <details className="jsonview">
      <summary>Full JSON (Hive response shape)</summary>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? 'Copied' : 'Copy JSON'}
        </button>
        <button type="button" onClick={() => downloadText(`${filename}.json`, text, 'application/json')}>
          Download JSON
        </button>
      </div>
      <pre data-testid="result-json">{text}</pre>
    </details>
  );
}
