/**
 * A one-waiter wake-up between an event handler and an async loop in the same thread: the loop checks its condition
 * and, while it does not hold, awaits `wait()`; the handler changes the state and calls `notify()`. The waiter is
 * cleared before it is called, so a notify with nobody waiting is a no-op and never resolves a later wait early.
 */
export interface Wakeup {
  wait: () => Promise<void>;
  notify: () => void;
}

export function wakeup(): Wakeup {
  let waiter: (() => void) | null = null;
  return {
    wait: () => new Promise<void>((resolve) => (waiter = resolve)),
    notify: () => {
      const w = waiter;
      waiter = null;
      w?.();
    },
  };
}
