/**
 * HEIC fixtures made at test time with libheif's Debian tools (heif-enc, package libheif-examples), from a JPEG
 * made by ffmpeg. Debian's heif-enc (1.15) writes no `irot` / `imir`, so `withTransform` adds them the way phones
 * store orientation: a property in ipco, associated with the primary item in ipma, every iloc offset shifted by
 * the bytes inserted. Nothing binary is committed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const heifEncPath = ['/usr/bin/heif-enc', '/usr/local/bin/heif-enc'].find((p) => existsSync(p)) ?? null;
export const HEIF_SKIP_REASON = 'skipped: heif-enc not installed (apt-get install -y libheif-examples); CI runs these';

export function heifEnc(jpeg: string, out: string, quality = 70): Buffer {
  if (!heifEncPath) throw new Error('heif-enc is not installed');
  const r = spawnSync(heifEncPath, ['-q', String(quality), jpeg, '-o', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`heif-enc failed: ${r.stderr}`);
  return readFileSync(out);
}

/** A JPEG with an EXIF APP1 (Make, Model, Orientation) spliced in after SOI. */
export function withExif(jpeg: Buffer, make: string, model: string, orientation: number): Buffer {
  const strings = [Buffer.from(`${make}\0`), Buffer.from(`${model}\0`)];
  const n = 3;
  const dataAt = 8 + 2 + n * 12 + 4;
  const t = Buffer.alloc(dataAt + strings[0]!.length + strings[1]!.length);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  t.writeUInt16BE(n, 8);
  const entry = (i: number, tag: number, type: number, count: number, value: number, short = false): void => {
    const e = 10 + i * 12;
    t.writeUInt16BE(tag, e);
    t.writeUInt16BE(type, e + 2);
    t.writeUInt32BE(count, e + 4);
    if (short) t.writeUInt16BE(value, e + 8);
    else t.writeUInt32BE(value, e + 8);
  };
  entry(0, 0x010f, 2, strings[0]!.length, dataAt);
  entry(1, 0x0110, 2, strings[1]!.length, dataAt + strings[0]!.length);
  entry(2, 0x0112, 3, 1, orientation, true);
  strings[0]!.copy(t, dataAt);
  strings[1]!.copy(t, dataAt + strings[0]!.length);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length + 2);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), len, body, jpeg.subarray(2)]);
}

interface Box {
  type: string;
  start: number;
  body: number;
  end: number;
}

function children(b: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  for (let at = start; at + 8 <= end;) {
    const size = b.readUInt32BE(at);
    if (size < 8) throw new Error('unexpected box size in test HEIF');
    out.push({ type: b.toString('latin1', at + 4, at + 8), start: at, body: at + 8, end: at + size });
    at += size;
  }
  return out;
}

const find = (list: Box[], type: string): Box => {
  const box = list.find((x) => x.type === type);
  if (!box) throw new Error(`no ${type} box in test HEIF`);
  return box;
};

function readSized(b: Buffer, at: number, size: number): number {
  return size === 0 ? 0 : size === 4 ? b.readUInt32BE(at) : size === 8 ? Number(b.readBigUInt64BE(at)) : NaN;
}
function writeSized(b: Buffer, at: number, size: number, v: number): void {
  if (size === 4) b.writeUInt32BE(v, at);
  else if (size === 8) b.writeBigUInt64BE(BigInt(v), at);
}

/** Adds file offset `delta` to every iloc base / extent offset that points into the file (construction method 0). */
function shiftIloc(b: Buffer, iloc: Box, delta: number): void {
  let at = iloc.body;
  const version = b[at]!;
  at += 4;
  const offsetSize = b[at]! >> 4;
  const lengthSize = b[at]! & 15;
  const baseSize = b[at + 1]! >> 4;
  const indexSize = version >= 1 ? b[at + 1]! & 15 : 0;
  at += 2;
  const count = version < 2 ? b.readUInt16BE(at) : b.readUInt32BE(at);
  at += version < 2 ? 2 : 4;
  for (let i = 0; i < count; i++) {
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version >= 1) {
      method = b.readUInt16BE(at) & 15;
      at += 2;
    }
    at += 2; // data_reference_index
    const base = readSized(b, at, baseSize);
    if (method === 0 && baseSize > 0 && base > 0) writeSized(b, at, baseSize, base + delta);
    at += baseSize;
    const extents = b.readUInt16BE(at);
    at += 2;
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      if (method === 0 && !(baseSize > 0 && base > 0))
        writeSized(b, at, offsetSize, readSized(b, at, offsetSize) + delta);
      at += offsetSize + lengthSize;
    }
  }
}

/** The HEIF with `irot` (anticlockwise quarter turns) and / or `imir` (0: vertical axis, 1: horizontal) on its primary item. */
export function withTransform(heif: Buffer, t: { irot?: number; imir?: number }): Buffer {
  const top = children(heif, 0, heif.length);
  const meta = find(top, 'meta');
  const metaKids = children(heif, meta.body + 4, meta.end);
  const iprp = find(metaKids, 'iprp');
  const iprpKids = children(heif, iprp.body, iprp.end);
  const ipco = find(iprpKids, 'ipco');
  const ipma = find(iprpKids, 'ipma');
  const pitm = find(metaKids, 'pitm');
  const primary = heif.readUInt16BE(pitm.body + 4);
  const props: Buffer[] = [];
  if (t.irot !== undefined) props.push(Buffer.from([0, 0, 0, 9, ...Buffer.from('irot'), t.irot & 3]));
  if (t.imir !== undefined) props.push(Buffer.from([0, 0, 0, 9, ...Buffer.from('imir'), t.imir & 1]));
  const firstIndex = children(heif, ipco.body, ipco.end).length + 1;
  // ipma: version 0 with flags 0 (1-byte associations, 16-bit item ids), as heif-enc writes it.
  const ipmaVersion = heif[ipma.body]!;
  const wide = (heif.readUInt32BE(ipma.body) & 1) === 1;
  if (ipmaVersion !== 0 || wide) throw new Error('test HEIF: unexpected ipma layout');
  const entries = heif.readUInt32BE(ipma.body + 4);
  const parts: Buffer[] = [];
  let at = ipma.body + 8;
  let newIpma = Buffer.from(heif.subarray(ipma.start, ipma.body + 8));
  for (let i = 0; i < entries; i++) {
    const id = heif.readUInt16BE(at);
    const n = heif[at + 2]!;
    const assoc = heif.subarray(at + 3, at + 3 + n);
    const added = id === primary ? props.map((_, k) => 0x80 | (firstIndex + k)) : [];
    const entry = Buffer.alloc(3);
    entry.writeUInt16BE(id);
    entry[2] = n + added.length;
    parts.push(entry, assoc, Buffer.from(added));
    at += 3 + n;
  }
  newIpma = Buffer.concat([newIpma, ...parts]);
  newIpma.writeUInt32BE(newIpma.length, 0);
  const propBytes = Buffer.concat(props);
  const delta = propBytes.length + newIpma.length - (ipma.end - ipma.start);
  const out = Buffer.concat([
    heif.subarray(0, ipco.end),
    propBytes,
    heif.subarray(ipco.end, ipma.start),
    newIpma,
    heif.subarray(ipma.end),
  ]);
  out.writeUInt32BE(ipco.end - ipco.start + propBytes.length, ipco.start);
  out.writeUInt32BE(iprp.end - iprp.start + delta, iprp.start);
  out.writeUInt32BE(meta.end - meta.start + delta, meta.start);
  // iloc lies before iprp in heif-enc's layout; find it again in the new buffer and shift what follows meta.
  const iloc = find(children(out, meta.body + 4, meta.end + delta), 'iloc');
  shiftIloc(out, iloc, delta);
  return out;
}

export function writeHeic(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
