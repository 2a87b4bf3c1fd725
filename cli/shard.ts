/**
 * `--shard I/N`: which of N machines analyses a file, decided by a hash of the file's path alone, so N machines
 * given the same list split it with no coordinator, and adding files to the list moves none of the files already
 * there (position-based splitting would move almost all of them).
 */
import { createHash } from 'node:crypto';
import { UsageError } from './readOptions';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1 && count <= 1_000_000 && index < count))
    throw new UsageError(`--shard must be I/N with 0 <= I < N (e.g. 0/3), not "${text}"`);
  return { index, count };
}

/**
 * The shard a path belongs to: the first 48 bits of SHA-256 of its UTF-8 bytes, modulo N. The path is hashed exactly
 * as listed, so every machine must be given the same spelling (same list, same relative or absolute form).
 */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path, 'utf8').digest();
  return digest.readUIntBE(0, 6) % count;
}

export function inShard(path: string, shard: Shard): boolean {
  return shardOf(path, shard.count) === shard.index;
}
