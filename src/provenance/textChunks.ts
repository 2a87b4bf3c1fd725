/**
 * Generator text from its proper places only: PNG tEXt / iTXt / zTXt chunks and JPEG COM segments. Never a
 * substring search of the file: a "prompt" appended after a JPEG's end marker is not a COM segment and is ignored.
 */
import { ByteReader } from '../media/ByteReader';

export interface TextEntry {
  keyword: string;
  value: string;
}

/** Caps: a text chunk worth reading is small; a zip bomb is not. */
export const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_CHUNKS = 10_000;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Inflate (zlib) with an output cap; a corrupt or oversized stream gives null. */
export async function inflateCapped(data: Uint8Array, cap = MAX_TEXT_BYTES): Promise<Uint8Array | null> {
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } catch {
    return null;
  }
}

function nul(b: Uint8Array, from: number): number {
  const i = b.indexOf(0, from);
  return i < 0 ? b.length : i;
}

export async function readPngText(bytes: Uint8Array, errors: string[] = []): Promise<TextEntry[]> {
  const r = new ByteReader(bytes);
  const out: TextEntry[] = [];
  let at = 8;
  for (let n = 0; n < MAX_CHUNKS && at + 8 <= bytes.length; n++) {
    const len = r.u32(at);
    const type = r.ascii(at + 4, 4);
    if (len === undefined || at + 12 + len > bytes.length) {
      if (type !== 'IEND') errors.push('The PNG is truncated: its last chunk is incomplete');
      break;
    }
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (len <= MAX_TEXT_BYTES * 4) {
      if (type === 'tEXt') {
        const k = nul(data, 0);
        out.push({ keyword: latin1.decode(data.subarray(0, k)), value: latin1.decode(data.subarray(k + 1)) });
      } else if (type === 'zTXt') {
        const k = nul(data, 0);
        const inflated = await inflateCapped(data.subarray(k + 2));
        if (inflated) out.push({ keyword: latin1.decode(data.subarray(0, k)), value: latin1.decode(inflated) });
        else
          errors.push(
            `PNG zTXt chunk "${latin1.decode(data.subarray(0, k))}" could not be decompressed (corrupt or too large)`,
          );
      } else if (type === 'iTXt') {
        const k = nul(data, 0);
        const compressed = data[k + 1] === 1;
        const lang = nul(data, k + 3);
        const translated = nul(data, lang + 1);
        const body = data.subarray(translated + 1);
        const text = compressed ? await inflateCapped(body) : body.subarray(0, MAX_TEXT_BYTES);
        if (text) out.push({ keyword: latin1.decode(data.subarray(0, k)), value: utf8.decode(text) });
        else
          errors.push(
            `PNG iTXt chunk "${latin1.decode(data.subarray(0, k))}" could not be decompressed (corrupt or too large)`,
          );
      }
    }
    if (type === 'IEND') break;
    at += 12 + len;
  }
  return out;
}

export function readJpegComments(bytes: Uint8Array): TextEntry[] {
  const r = new ByteReader(bytes);
  const out: TextEntry[] = [];
  let at = 2;
  for (let n = 0; n < MAX_CHUNKS; n++) {
    if (r.u8(at) !== 0xff) break;
    const marker = r.u8(at + 1);
    if (marker === undefined || marker === 0xda || marker === 0xd9) break; // scan data or end: no more headers
    if (marker === 0xff) {
      at++;
      continue;
    }
    const len = r.u16(at + 2);
    if (len === undefined || len < 2 || at + 2 + len > bytes.length) break;
    if (marker === 0xfe)
      out.push({
        keyword: 'comment',
        value: utf8.decode(bytes.subarray(at + 4, at + 2 + Math.min(len, MAX_TEXT_BYTES))),
      });
    at += 2 + len;
  }
  return out;
}

const SHOWN_CHARS = 4000;

/** Values kept in the answer are truncated; the full text is only used for matching. */
export function truncateForDisplay(entries: TextEntry[]): TextEntry[] {
  return entries.map((e) => ({
    keyword: e.keyword,
    value: e.value.length > SHOWN_CHARS ? `${e.value.slice(0, SHOWN_CHARS)}… (${e.value.length} characters)` : e.value,
  }));
}
