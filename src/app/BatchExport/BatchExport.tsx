import { toCsv, toJsonLines } from '../../core/exportRows';
import type { HiveResult } from '../../core/response';
import { downloadText } from '../download';

/** Exports every finished answer of the batch, as JSON Lines (full answers) or CSV (one row per file). */
export function BatchExport({ results }: { results: HiveResult[] }) {
  if (results.length === 0) return null;
  return (
    <span className="batchexport">
      <button
        type="button"
        data-testid="export-jsonl"
        onClick={() => downloadText('veritas-results.jsonl', toJsonLines(results), 'application/x-ndjson')}
      >
        Export JSON Lines
      </button>
      <button
        type="button"
        data-testid="export-csv"
        onClick={() => downloadText('veritas-results.csv', toCsv(results), 'text/csv')}
      >
        Export CSV
      </button>
    </span>
  );
}
