import { memo, useMemo, type ReactNode } from 'react';
import { scoreOf } from '../../core/headScores';
import type { Entry } from '../hooks/useDetector';
import { progressText, verdict } from './verdict';
import './ResultCard.css';

/**
 * One line per file for a large batch: name, verdict and AI score, or progress or the error. Keeps what the
 * page must keep per finished file small (a few elements and the compact answer) instead of a full card with
 * pretty JSON, score bars, provenance and a preview image; the full card is one click away.
 * The compact answer sits in a hidden element so every file's JSON stays readable from the page (tests and
 * scripts read `result-json`) without laying it out.
 */
export const ResultRow = memo(function ResultRow({
  entry,
  onExpand,
}: {
  entry: Entry;
  onExpand: (id: number) => void;
}) {
  const result = entry.result;
  const json = useMemo(() => (result ? JSON.stringify(result) : null), [result]);
  const status = result?.status[0];
  const response = status?.response;
  const source = response?.input.media.type === 'VIDEO' ? response.summary : response?.output[0];
  let line: ReactNode;
  if (!status) line = <span className="muted">{progressText(entry)}</span>;
  else if (status.status.code !== '0')
    line = (
      <span className="error" role="alert">
        Error {status.status.code}: {status.status.message}
      </span>
    );
  else if (source) {
    const ai = scoreOf(source.classes, 'ai_generated');
    const v = verdict(ai, source.inconclusive === true);
    line = (
      <>
        <span className={`badge ${v.tone}`}>{v.text}</span> <span className="score">AI {(ai * 100).toFixed(1)}%</span>
      </>
    );
  }
  return (
    <article className="resultcard compact" data-state={entry.state}>
      <button
        type="button"
        className="expand"
        aria-expanded={false}
        disabled={!result}
        onClick={() => onExpand(entry.id)}
        title="Show the full result"
      >
        <span className="name">{entry.file.name}</span>
      </button>
      <span className="line">{line}</span>
      {json !== null ? (
        <pre data-testid="result-json" hidden>
          {json}
        </pre>
      ) : null}
    </article>
  );
});
