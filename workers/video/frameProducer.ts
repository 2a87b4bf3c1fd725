/**
 * Sampled frames ready for the models: decoded (webcodecsFrames), converted to RGBA and thumbnailed, the
 * VideoFrame closed before the result is handed on. Runs inside the frame decoder's worker (frameDecoder.worker.ts),
 * or in the detector's own thread where a worker cannot start one. The messages between the two are typed here.
 */
import type { Rgba } from '../../src/core/preprocess';
import type { Mp4VideoTrack } from '../../src/media/video/mp4Demux';
import { thumbnailMaker, toRgba } from './frameImages';
import { sampledFrames, type FrameSourceStats } from './webcodecsFrames';

export interface DecodedFrame {
  /** Indices into the planned times that this frame answers. */
  targets: number[];
  pts: number;
  rgba: Rgba;
  /** Thumbnail, as a JPEG data URL. */
  jpeg: string;
}

export type ToFrameDecoder =
  | {
      type: 'start';
      file: Blob;
      track: Mp4VideoTrack;
      times: number[];
      /** Frames it may send before one is taken. */ ahead: number;
    }
  /** The detector took a frame: one more may be sent. */
  | { type: 'credit' };

export type FromFrameDecoder =
  | { type: 'frame'; frame: DecodedFrame }
  | { type: 'end'; stats: FrameSourceStats }
  | { type: 'error'; code: 400 | 413 | 500; message: string };

export async function* convertedFrames(
  file: Blob,
  track: Mp4VideoTrack,
  times: readonly number[],
  stats: FrameSourceStats,
): AsyncGenerator<DecodedFrame> {
  const thumb = thumbnailMaker();
  for await (const { targets, pts, frame } of sampledFrames(file, track, times, stats)) {
    let rgba: Rgba;
    const { displayWidth, displayHeight } = frame;
    try {
      rgba = await toRgba(frame);
    } finally {
      frame.close();
    }
    yield { targets, pts, rgba, jpeg: await thumb(rgba, displayWidth, displayHeight) };
  }
}
