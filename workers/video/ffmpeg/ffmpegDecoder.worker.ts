/**
 * ffmpeg.wasm (@ffmpeg/core 0.12, single-threaded build: no SharedArrayBuffer, so no COOP/COEP needed) in a worker
 * of its own, for codecs and containers the browser cannot decode (HEVC, MPEG-4 Part 2, AVI, Matroska with such
 * codecs). Why its own worker and not the detector's: ffmpeg's `exec` is synchronous and holds its thread for the
 * whole call; in the detector's thread that would starve inference and the page's heartbeat (a busy detector
 * would look dead). Why not @ffmpeg/ffmpeg: its job is to start a worker and load the core into it from a URL
 * (by default a CDN); this file is that worker, and the core and its wasm are Vite assets on our own origin.
 *
 * The file is mounted read-only (WORKERFS: read in slices, never copied whole into wasm memory), probed with
 * ffprobe (length limits checked before anything is decoded), then each planned instant is taken with an input
 * seek: ffmpeg decodes from the keyframe before it and writes, overwriting one PAM file, every frame from just
 * before the instant up to it, so what is left is the frame on screen at that instant (the same rule as the
 * WebCodecs path: the last frame whose time is <= the instant). Autorotation (phone clips' display matrix) applies.
 */
import createFFmpegCore, { type FFmpegCore } from '@ffmpeg/core';
import wasmUrl from '@ffmpeg/core/wasm?url';
import { samplingPlan } from '../../../src/core/video/samplingPlan';
import { checkVideoLength } from '../../../src/core/video/videoLimits';
import { fetchFallbackAsset } from '../../../src/media/fallback/fallbackAsset';
import { MediaError } from '../../../src/media/MediaError';
import { parsePam } from '../../../src/media/video/pam';
import { thumbnailMaker } from '../frameImages';
import { creditGate } from '../creditGate';
import { batchPicks, indexedHevc, indexedHevcFrames } from './hevcFrames';
import type { FfmpegClipInfo, FromFfmpeg, ToFfmpeg } from './protocol';

const INPUT = '/in/clip';
const FRAME = '/tmp/frame.pam';
/** Windows tried before an instant, s: short first (fewer frames converted), wider for low or variable frame rates. */
const WINDOWS = [0.25, 2, Number.POSITIVE_INFINITY];

const credits = creditGate();

function post(m: FromFfmpeg, transfer: Transferable[] = []): void {
  self.postMessage(m, { transfer });
}

async function load(): Promise<FFmpegCore> {
  const wasmBinary = await fetchFallbackAsset(wasmUrl, 'video decoder (ffmpeg.wasm)', (fetch) =>
    post({ type: 'loading', fetch }),
  );
  return createFFmpegCore({ wasmBinary });
}

interface Probe {
  streams?: {
    codec_name?: string;
    width?: number;
    height?: number;
    nb_frames?: string;
    side_data_list?: { rotation?: number }[];
  }[];
  format?: { duration?: string; start_time?: string };
}

function probe(core: FFmpegCore): {
  info: Omit<FfmpegClipInfo, 'times' | 'indexed'>;
  start: number;
  rotation: number;
} {
  const out = '/tmp/probe.json';
  core.ffprobe(
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height,nb_frames:stream_side_data=rotation:format=duration,start_time',
    '-of',
    'json',
    '-o',
    out,
    INPUT,
  );
  core.reset();
  let parsed: Probe;
  try {
    parsed = JSON.parse(new TextDecoder().decode(core.FS.readFile(out))) as Probe;
  } catch {
    throw new MediaError(400, 'This file is not a video this app can read (ffmpeg could not parse its container)');
  }
  const v = parsed.streams?.[0];
  if (!v) throw new MediaError(400, 'This file has no video track');
  const duration = Number(parsed.format?.duration);
  const frames = Number(v.nb_frames);
  const rotation = v.side_data_list?.find((s) => s.rotation !== undefined)?.rotation ?? 0;
  const quarter = Math.abs(rotation) % 180 === 90;
  const w = v.width ?? 0;
  const h = v.height ?? 0;
  return {
    info: {
      codec: v.codec_name ?? 'unknown',
      duration: Number.isFinite(duration) ? duration : 0,
      frames: Number.isFinite(frames) && frames > 0 ? frames : null,
      width: quarter ? h : w,
      height: quarter ? w : h,
    },
    start: Number(parsed.format?.start_time) || 0,
    rotation,
  };
}

/**
 * The frame on screen at `at` (container time), as RGBA; null when no frame starts within the window. With
 * `first`, the first frame at or after the window's start instead: the frame shown at an instant before the first
 * frame's time (the decodeSchedule rule "else the first").
 */
function frameAt(core: FFmpegCore, at: number, window: number, first = false): ReturnType<typeof parsePam> {
  const from = Math.max(0, at - window);
  if (core.FS.analyzePath(FRAME).exists) core.FS.unlink(FRAME);
  // -copyts keeps the container's timestamps, so trim's end is the instant itself (inclusive: a hair past it).
  const pick = first ? ['-frames:v', '1'] : ['-vf', `trim=end=${(at + 1e-4).toFixed(6)}`];
  core.exec(
    '-nostdin',
    '-v',
    'error',
    '-copyts',
    '-ss',
    from.toFixed(6),
    '-i',
    INPUT,
    '-an',
    '-sn',
    '-dn',
    ...pick,
    '-f',
    'image2',
    '-update',
    '1',
    '-c:v',
    'pam',
    '-pix_fmt',
    'rgba',
    FRAME,
  );
  core.reset();
  if (!core.FS.analyzePath(FRAME).exists) return null;
  return parsePam(core.FS.readFile(FRAME));
}

/** The frame on screen at instant `t` of the clip by input seeks (any codec, any container); null if none. */
function seekFrame(core: FFmpegCore, start: number, t: number): ReturnType<typeof parsePam> {
  for (const w of WINDOWS) {
    const img = frameAt(core, start + t, w);
    if (img) return img;
  }
  return frameAt(core, start + t, 0, true);
}

async function run(m: Extract<ToFfmpeg, { type: 'start' }>): Promise<void> {
  try {
    const core = await load();
    core.FS.mkdir('/in');
    core.FS.mount(core.FS.filesystems.WORKERFS, { blobs: [{ name: 'clip', data: m.file }] }, '/in');
    const { info, start, rotation } = probe(core);
    const indexed = await indexedHevc(m.file);
    // HEVC in MP4 / MOV: the index's duration and frame count, as the WebCodecs path reads them for other codecs.
    const clip = indexed ? { ...info, duration: indexed.track.duration, frames: indexed.track.cts.length } : info;
    const tooLong = checkVideoLength(clip.duration, clip.frames, m.videoLimits);
    if (tooLong) throw new MediaError(tooLong.code, tooLong.message);
    const times = samplingPlan(clip.duration, m.sampling);
    post({ type: 'info', info: { ...clip, times, indexed: indexed !== null } });
    const thumb = thumbnailMaker();
    const send = async (targets: number[], pts: number, img: NonNullable<ReturnType<typeof parsePam>>) => {
      await credits.take();
      const rgba = { width: img.width, height: img.height, data: img.data };
      post({ type: 'frame', frame: { targets, pts, rgba, jpeg: await thumb(rgba, img.width, img.height) } }, [
        img.data.buffer,
      ]);
    };
    const bySeek = async (indices: Iterable<number>) => {
      for (const i of indices) {
        const t = times[i] ?? 0;
        const img = seekFrame(core, start, t);
        if (img) await send([i], t, img);
        else post({ type: 'lost', index: i, reason: 'ffmpeg could not decode a frame at this instant' });
      }
    };
    if (indexed) {
      // A batch's frames all come out of one exec, and the next exec blocks this thread: with only `ahead` frames
      // in flight the models would finish them and wait while the next batch decodes. A batch's worth more in flight
      // (memory: BATCH_BYTES) lets the decoding of batch k+1 overlap the analysis of batch k.
      credits.reset(m.ahead + batchPicks(indexed.track));
      for await (const f of indexedHevcFrames(core, m.file, indexed, times, rotation)) {
        if (f.kind === 'frame') await send(f.targets, f.pts, f.image);
        else if (f.kind === 'retry') await bySeek(f.targets);
        else for (const index of f.targets) post({ type: 'lost', index, reason: f.reason });
      }
    } else await bySeek(times.keys());
    post({ type: 'end' });
  } catch (e) {
    const oom = e instanceof RangeError || (e instanceof Error && /memory|abort/i.test(e.message));
    const message = e instanceof Error ? e.message : String(e);
    post(
      e instanceof MediaError
        ? { type: 'error', code: e.code, message: e.message }
        : {
            type: 'error',
            code: oom ? 413 : 500,
            message: oom
              ? `The video decoder (ffmpeg.wasm) ran out of memory on this file (${message})`
              : `The video decoder (ffmpeg.wasm) failed: ${message}`,
          },
    );
  }
}

self.onmessage = (e: MessageEvent<ToFfmpeg>): void => {
  const m = e.data;
  if (m.type === 'credit') {
    credits.give();
  } else {
    credits.reset(m.ahead);
    void run(m);
  }
};
