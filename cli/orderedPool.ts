/**
 * Runs `count` tasks on `workers` workers and hands the results over strictly in index order, holding at most
 * `window` results that are finished (or in flight) but not yet handed over. A worker that would go past the window
 * waits, so one slow file holds back at most `window` answers instead of letting the rest of the run pile up in
 * memory behind it.
 */
export interface OrderedPoolOptions<T> {
  count: number;
  workers: number;
  /** Most tasks started but not yet emitted; at least `workers`. */
  window: number;
  run(index: number, worker: number): Promise<T>;
  /** Called once per index, in index order; may be async (a slow consumer also holds the pool back). */
  emit(index: number, result: T): void | Promise<void>;
}

export async function runOrdered<T>(o: OrderedPoolOptions<T>): Promise<void> {
  const window = Math.max(o.window, o.workers);
  // Boxed so a result that is itself undefined still counts as ready.
  const ready = new Map<number, { value: T }>();
  let next = 0; // next index to start
  let emitted = 0; // indices below this are handed over
  // What the tasks threw; the first is rethrown. A list, so that a task throwing null or undefined still counts.
  const failures: unknown[] = [];
  // Several workers may wait at once; each re-checks the window after a wake-up.
  const waiters: (() => void)[] = [];
  const wakeAll = (): void => {
    for (const w of waiters.splice(0)) w();
  };

  let draining = false;
  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      for (let box = ready.get(emitted); box !== undefined; box = ready.get(emitted)) {
        ready.delete(emitted);
        await o.emit(emitted, box.value);
        emitted++;
        wakeAll();
      }
    } finally {
      draining = false;
    }
  };

  const worker = async (id: number): Promise<void> => {
    for (;;) {
      if (failures.length > 0) return;
      if (next >= o.count) return;
      if (next - emitted >= window) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      const index = next++;
      try {
        ready.set(index, { value: await o.run(index, id) });
        await drain();
      } catch (e) {
        failures.push(e);
        wakeAll();
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.workers) }, (_, id) => worker(id)));
  await drain();
  if (failures.length > 0) throw failures[0];
}
