import './ScoreBars.css';

export interface Bar {
  label: string;
  score: number;
}

/** Horizontal bars, score as a percentage; the caller picks which classes to show. */
export function ScoreBars({ bars, accent }: { bars: Bar[]; accent?: string }) {
  return (
    <ul className="scorebars">
      {bars.map((b) => (
        <li key={b.label}>
          <span className="label">{b.label}</span>
          <span className="track">
            <span
              className="fill"
              style={{ width: `${(b.score * 100).toFixed(1)}%`, background: accent ?? '#2f6fed' }}
            />
          </span>
          <span className="value">{(b.score * 100).toFixed(1)}%</span>
        </li>
      ))}
    </ul>
  );
}
