import { useState } from 'react';
import type { HiveResult } from '../../core/response';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The full answer as JSON, with copy and download: what a Hive client would receive. */
export function JsonView({ result, filename }: { result: HiveResult; filename: string }) {
  const text = JSON.stringify(result, null, 2);
  const [copied, setCopied] = useState(false);
  return (
    <details className="jsonview">
      <summary>Full JSON (Hive response shape)</summary>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy JSON'}
        </button>
        <button type="button" onClick={() => download(`${filename}.json`, text, 'application/json')}>
          Download JSON
        </button>
      </div>
      <pre data-testid="result-json">{text}</pre>
    </details>
  );
}
