import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../cli/shard';
import { UsageError } from '../../cli/readOptions';

const paths = Array.from({ length: 3000 }, (_, i) => `/data/set-${i % 7}/img-${i}.jpg`);

describe('shards by path hash', () => {
  it('parses I/N and rejects the rest', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    for (const bad of ['3/3', '-1/3', '1', '1/0', 'a/b', '1/3/4', ' 1/3'])
      expect(() => parseShard(bad), bad).toThrow(UsageError);
  });
  it('puts every path in exactly one of N shards, roughly evenly, and always the same one', () => {
    const counts = [0, 0, 0];
    for (const p of paths) {
      const owners = [0, 1, 2].filter((index) => inShard(p, { index, count: 3 }));
      expect(owners).toHaveLength(1);
      counts[owners[0]!]!++;
      expect(shardOf(p, 3)).toBe(owners[0]);
    }
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });
  it('does not depend on position: adding files moves none of the old ones', () => {
    const before = new Map(paths.map((p) => [p, shardOf(p, 3)]));
    const grown = ['/data/new-a.jpg', ...paths.slice().reverse(), '/data/new-b.jpg'];
    for (const p of grown) if (before.has(p)) expect(shardOf(p, 3)).toBe(before.get(p));
  });
  it('is pinned (machines running different builds must agree)', () => {
    expect(paths.slice(0, 8).map((p) => shardOf(p, 3))).toMatchInlineSnapshot(`
      [
        0,
        1,
        2,
        0,
        0,
        2,
        0,
        1,
      ]
    `);
  });
});
