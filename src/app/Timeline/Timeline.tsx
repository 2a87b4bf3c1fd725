import { useState } from 'react';
import { scoreOf } from '../../core/headScores';
import type { FrameOutput } from '../../core/response';
import { FaceOverlay } from '../FaceOverlay/FaceOverlay';
import './Timeline.css';

const W = 640;
const H = 160;
const PAD = 28;

/** ai_generated and deepfake over the clip's time; a click on a point shows that frame. */
export function Timeline({
  frames,
  duration,
  thumbnails,
  size,
}: {
  frames: FrameOutput[];
  duration: number;
  thumbnails?: Map<number, string>;
  size?: { width: number; height: number };
}) {
  const [picked, setPicked] = useState<number | null>(null);
  const end = Math.max(duration, frames.at(-1)?.time ?? 0, 1e-3);
  const x = (t: number): number => PAD + ((W - 2 * PAD) * t) / end;
  const y = (p: number): number => H - PAD - (H - 2 * PAD) * p;
  const line = (name: 'ai_generated' | 'deepfake'): string =>
    frames.map((f, i) => `${i ? 'L' : 'M'}${x(f.time).toFixed(1)},${y(scoreOf(f.classes, name)).toFixed(1)}`).join(' ');
  const frame = picked === null ? null : frames[picked];
  const thumbnail = frame ? thumbnails?.get(frame.time) : undefined;
  return (
    <div className="timeline" data-testid="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="ai_generated and deepfake scores over time">
        <line x1={PAD} x2={W - PAD} y1={y(0.5)} y2={y(0.5)} className="mid" />
        <text x={4} y={y(1) + 4}>
          1
        </text>
        <text x={4} y={y(0) + 4}>
          0
        </text>
        <text x={W - PAD} y={H - 6} textAnchor="end">
          {end.toFixed(1)} s
        </text>
        <path d={line('ai_generated')} className="ai" />
        <path d={line('deepfake')} className="df" />
        {frames.map((f, i) => (
          <circle
            key={i}
            cx={x(f.time)}
            cy={y(scoreOf(f.classes, 'ai_generated'))}
            r={picked === i ? 5 : 3.5}
            className="ai"
            onClick={() => setPicked(i)}
          >
            <title>{`${f.time.toFixed(2)} s: ai_generated ${(scoreOf(f.classes, 'ai_generated') * 100).toFixed(1)}%`}</title>
          </circle>
        ))}
      </svg>
      <p className="legend">
        <span className="ai">● ai_generated</span> <span className="df">● deepfake</span> — click a point to see the
        frame
      </p>
      {frame ? (
        <figure>
          {thumbnail ? (
            // Face boxes are in the video's pixels; the overlay's viewBox maps them onto the (smaller) thumbnail.
            size && frame.faces && frame.faces.length > 0 ? (
              <FaceOverlay
                src={thumbnail}
                width={size.width}
                height={size.height}
                faces={frame.faces}
                alt={`frame at ${frame.time} s with its faces`}
              />
            ) : (
              <img src={thumbnail} alt={`frame at ${frame.time} s`} />
            )
          ) : null}
          <figcaption>
            {frame.time.toFixed(2)} s: ai_generated {(scoreOf(frame.classes, 'ai_generated') * 100).toFixed(1)}%,
            deepfake {(scoreOf(frame.classes, 'deepfake') * 100).toFixed(1)}%, {frame.faces?.length ?? 0} face(s)
          </figcaption>
        </figure>
      ) : null}
    </div>
  );
}
