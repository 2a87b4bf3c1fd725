/**
 * The image with each detected face boxed and labelled with its deepfake score. An SVG laid over the image in the
 * image's own pixel coordinates (viewBox = natural size), so boxes stay put at any display size.
 */
import type { FaceResult } from '../../core/response';
import './FaceOverlay.css';

export interface FaceOverlayProps {
  src: string;
  width: number;
  height: number;
  faces: readonly FaceResult[];
  alt?: string;
  /** Scores at or above this are drawn as "likely deepfake". */
  threshold?: number;
}

export function faceLabel(face: FaceResult): string {
  if (face.score === null) return face.too_small ? 'too small' : 'not scored';
  return `deepfake ${(face.score * 100).toFixed(0)}%`;
}

export function FaceOverlay({ src, width, height, faces, alt = '', threshold = 0.5 }: FaceOverlayProps) {
  const stroke = Math.max(2, Math.round(Math.max(width, height) / 300));
  const font = Math.max(12, Math.round(Math.max(width, height) / 40));
  return (
    <figure className="face-overlay" data-testid="face-overlay">
      <img src={src} alt={alt} width={width} height={height} />
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        aria-label={`${faces.length} face(s)`}
        role="img"
      >
        {faces.map((f, i) => {
          const kind = f.score === null ? 'unscored' : f.score >= threshold ? 'fake' : 'real';
          const labelY = f.box.y > font * 1.4 ? f.box.y - font * 0.35 : f.box.y + f.box.height + font;
          return (
            <g key={i} className={`face face-${kind}`} data-testid="face-box" data-score={f.score ?? ''}>
              <rect x={f.box.x} y={f.box.y} width={f.box.width} height={f.box.height} strokeWidth={stroke} />
              <text x={f.box.x} y={labelY} fontSize={font} strokeWidth={stroke * 1.5}>
                {faceLabel(f)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
