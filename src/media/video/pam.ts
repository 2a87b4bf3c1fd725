/**
 * PAM (Netpbm P7) images, the format ffmpeg.wasm writes sampled frames in: a short text header that states the
 * frame's own size (after ffmpeg's autorotation), then RGBA bytes. Self-describing, so nothing about the frame size
 * is assumed from the container.
 */
export interface PamImage {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

export function parsePam(bytes: Uint8Array): PamImage | null {
  const headEnd = findEndHdr(bytes);
  if (headEnd < 0) return null;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, headEnd));
  if (!head.startsWith('P7')) return null;
  const field = (name: string): number => Number(new RegExp(`(?:^|\\n)${name} (\\d+)`).exec(head)?.[1] ?? NaN);
  const width = field('WIDTH');
  const height = field('HEIGHT');
  const depth = field('DEPTH');
  const maxval = field('MAXVAL');
  if (!(width > 0) || !(height > 0) || depth !== 4 || maxval !== 255) return null;
  const start = headEnd + 'ENDHDR\n'.length;
  if (bytes.length < start + width * height * 4) return null;
  const data = new Uint8ClampedArray(width * height * 4);
  data.set(bytes.subarray(start, start + width * height * 4));
  return { width, height, data };
}

function findEndHdr(b: Uint8Array): number {
  const marker = 'ENDHDR\n';
  const limit = Math.min(b.length - marker.length, 512);
  outer: for (let i = 0; i <= limit; i++) {
    for (let k = 0; k < marker.length; k++) if (b[i + k] !== marker.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
