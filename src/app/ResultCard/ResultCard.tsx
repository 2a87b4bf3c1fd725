import { memo, useEffect } from 'react';
import { GENERATOR_CLASSES, type HiveClass } from '../../core/classes';
import { scoreOf } from '../../core/headScores';
import type { Entry } from '../hooks/useDetector';
import { JsonView } from '../JsonView/JsonView';
import { ScoreBars } from '../ScoreBars/ScoreBars';
import { Timeline } from '../Timeline/Timeline';
import { ProvenancePanel } from '../ProvenancePanel/ProvenancePanel';
import { FaceOverlay, faceLabel } from '../FaceOverlay/FaceOverlay';
import type { FaceResult } from '../../core/response';
import { progressText, verdict } from './verdict';
import './ResultCard.css';

const SOURCE_SHOWN: readonly HiveClass[] = [...GENERATOR_CLASSES, 'none', 'inconclusive', 'inconclusive_video'];

export interface ResultCardProps {
  entry: Entry;
  /** Asks for the image preview (the hook keeps only the most recent few and remakes one on demand). */
  onWantPreview?: (id: number) => void;
  /** Set when the card was opened from a batch row: folds it back into its row. */
  onCollapse?: (id: number) => void;
}

/** The full answer for one file: verdict, score bars, faces or timeline, provenance and the JSON. */
export const ResultCard = memo(function ResultCard({ entry, onWantPreview, onCollapse }: ResultCardProps) {
  const status = entry.result?.status[0];
  const response = status?.response;
  const isVideo = response?.input.media.type === 'VIDEO';
  // A video's verdict is its summary; a photo's is its only output.
  const verdictSource = isVideo ? response?.summary : response?.output[0];
  const answered = status?.status.code === '0' && response?.input.media.type === 'PHOTO';
  // Once per card and answer, not on every preview change: an evicted preview must not be remade in a loop.
  useEffect(() => {
    if (answered) onWantPreview?.(entry.id);
  }, [answered, entry.id, onWantPreview]);
  return (
    <article className="resultcard" data-state={entry.state}>
      <header>
        {entry.previewUrl ? <img src={entry.previewUrl} alt="" /> : null}
        <div>
          <h3 title={entry.file.name}>{entry.file.name}</h3>
          {!status ? <p className="muted">{progressText(entry)}</p> : null}
          {onCollapse ? (
            <button type="button" className="collapse" aria-expanded={true} onClick={() => onCollapse(entry.id)}>
              Collapse to a row
            </button>
          ) : null}
          {status && status.status.code !== '0' ? (
            <p className="error" role="alert">
              Error {status.status.code}: {status.status.message}
            </p>
          ) : null}
        </div>
      </header>
      {status && verdictSource ? (
        <Verdict
          classes={verdictSource.classes}
          unsure={verdictSource.inconclusive === true}
          evidence={verdictSource.evidence ?? []}
        />
      ) : null}
      {!isVideo && response?.output[0]?.faces ? (
        <Faces
          faces={response.output[0].faces}
          deepfake={scoreOf(response.output[0].classes, 'deepfake')}
          width={response.input.media.width}
          height={response.input.media.height}
          {...(entry.previewUrl ? { src: entry.previewUrl } : {})}
        />
      ) : null}
      {isVideo && response && response.output.length > 0 ? (
        <Timeline
          frames={response.output}
          duration={response.input.media.duration}
          size={{ width: response.input.media.width, height: response.input.media.height }}
          {...(entry.thumbnails ? { thumbnails: entry.thumbnails } : {})}
        />
      ) : null}
      {status?.status.code === '0' && response ? <ProvenancePanel provenance={response.provenance} /> : null}
      {entry.result ? <JsonView result={entry.result} filename={entry.file.name} /> : null}
    </article>
  );
});

function Verdict({
  classes,
  unsure,
  evidence,
}: {
  classes: { class: HiveClass; score: number }[];
  unsure: boolean;
  evidence: { kind: string; detail: string }[];
}) {
  const ai = scoreOf(classes, 'ai_generated');
  const v = verdict(ai, unsure);
  const sources = SOURCE_SHOWN.map((c) => ({ label: c, score: scoreOf(classes, c) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
  return (
    <div className="verdict">
      <p className={`badge ${v.tone}`}>{v.text}</p>
      <h4>Generation</h4>
      <ScoreBars
        bars={[
          { label: 'ai_generated', score: ai },
          { label: 'not_ai_generated', score: scoreOf(classes, 'not_ai_generated') },
        ]}
        accent="#d9480f"
      />
      <h4>Most likely source</h4>
      <ScoreBars bars={sources} />
      {evidence.length > 0 ? (
        <>
          <h4>Why</h4>
          <ul className="evidence">
            {evidence.map((e, i) => (
              <li key={i}>
                <span className="kind">{e.kind}</span> {e.detail}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The deepfake head's answer for a photo: Hive's `deepfake` (highest face score) and each face boxed on the image. */
function Faces({
  faces,
  deepfake,
  width,
  height,
  src,
}: {
  faces: readonly FaceResult[];
  deepfake: number;
  width: number;
  height: number;
  src?: string;
}) {
  return (
    <section className="faces" data-testid="faces">
      <h4>Faces and deepfake</h4>
      {faces.length === 0 ? (
        <p className="muted">
          No face found: deepfake is 0. (The face detector is tuned for faces near the camera; small faces in wide shots
          can be missed.)
        </p>
      ) : (
        <>
          <ScoreBars bars={[{ label: 'deepfake', score: deepfake }]} accent="#7048e8" />
          {src ? (
            <FaceOverlay src={src} width={width} height={height} faces={faces} alt="the image with its faces boxed" />
          ) : null}
          <ul className="facelist">
            {faces.map((f, i) => (
              <li key={i}>
                Face {i + 1}: {faceLabel(f)} (detector confidence {(f.detection_score * 100).toFixed(0)}%,{' '}
                {Math.round(f.box.width)}×{Math.round(f.box.height)} px)
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
