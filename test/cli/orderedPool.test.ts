import { describe, expect, it } from 'vitest';
import { runOrdered } from '../../cli/orderedPool';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
  it('emits every index once, in order, whatever order the workers finish in', async () => {
    const out: number[] = [];
    await runOrdered({
      count: 50,
      workers: 3,
      window: 6,
      run: async (i) => {
        await sleep((i * 7) % 5);
        return `answer ${i}`;
      },
      emit: (i, r) => {
        expect(r).toBe(`answer ${i}`);
        out.push(i);
      },
    });
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it('holds at most `window` tasks started but not emitted while one task is slow', async () => {
    let started = 0;
    let emitted = 0;
    let peak = 0;
    await runOrdered({
      count: 40,
      workers: 4,
      window: 8,
      run: async (i) => {
        started++;
        peak = Math.max(peak, started - emitted);
        await sleep(i === 2 ? 150 : 1);
        return i;
      },
      emit: () => {
        emitted++;
      },
    });
    expect(emitted).toBe(40);
    expect(peak).toBeLessThanOrEqual(8);
  });
  it('spreads tasks over the workers and gives each its own slot number', async () => {
    const busy = new Set<number>();
    const seen = new Set<number>();
    await runOrdered({
      count: 20,
      workers: 2,
      window: 4,
      run: async (_, worker) => {
        expect(busy.has(worker)).toBe(false);
        busy.add(worker);
        seen.add(worker);
        await sleep(2);
        busy.delete(worker);
        return 0;
      },
      emit: () => undefined,
    });
    expect([...seen].sort()).toEqual([0, 1]);
  });
  it('stops starting work and rejects when a task fails', async () => {
    let ran = 0;
    await expect(
      runOrdered({
        count: 100,
        workers: 2,
        window: 4,
        run: async (i) => {
          ran++;
          await sleep(1);
          if (i === 5) throw new Error('boom');
          return i;
        },
        emit: () => undefined,
      }),
    ).rejects.toThrow('boom');
    expect(ran).toBeLessThan(12);
  });
});
