/** Messages between the detector worker and the ffmpeg.wasm decoder worker (ffmpegDecoder.worker.ts). */
import type { SamplingOptions } from '../../../src/core/video/samplingPlan';
import type { VideoLimits } from '../../../src/core/video/videoLimits';
import type { FallbackFetch } from '../../../src/media/fallback/fallbackAsset';
import type { DecodedFrame } from '../frameProducer';

export interface FfmpegClipInfo {
  /** Codec as ffprobe names it (hevc, mpeg4, h264...). */
  codec: string;
  duration: number;
  /** Frames the container declares; null where it declares none (Matroska). */
  frames: number | null;
  width: number;
  height: number;
  /** The planned instants (samplingPlan over `duration`), after the length limits passed. */
  times: number[];
  /** HEVC in MP4 / MOV: only the samples the sampled frames need are decoded (hevcFrames.ts), not a seek each. */
  indexed: boolean;
}

export type ToFfmpeg =
  | { type: 'start'; file: Blob; sampling?: SamplingOptions; videoLimits?: Partial<VideoLimits>; ahead: number }
  | { type: 'credit' };

export type FromFfmpeg =
  | { type: 'loading'; fetch: FallbackFetch }
  | { type: 'info'; info: FfmpegClipInfo }
  | { type: 'frame'; frame: DecodedFrame }
  /** A planned instant that got no frame, and why. */
  | { type: 'lost'; index: number; reason: string }
  | { type: 'end' }
  | { type: 'error'; code: 400 | 413 | 500; message: string };
