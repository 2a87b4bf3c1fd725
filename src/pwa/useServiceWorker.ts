/**
 * Service-worker registration: the offline contract (STYLE.md §8). registerType 'prompt': a new version waits
 * until the user accepts it; nothing reloads the page on its own. The browser checks for a new sw.js on every
 * navigation; a long-open tab also checks hourly (and on regaining focus), so it can offer the update.
 */
import { useEffect, useRef } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface ServiceWorkerState {
  /** A new version is installed and waiting for the user's consent. */
  needRefresh: boolean;
  /** The app, runtimes and models are precached: it now works offline. */
  offlineReady: boolean;
  /** Activates the waiting version and reloads: call only from a user's click. */
  update: () => Promise<void>;
  dismiss: () => void;
}

export function useServiceWorker(): ServiceWorkerState {
  const registration = useRef<ServiceWorkerRegistration | undefined>(undefined);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    immediate: true,
    onRegisteredSW: (_url, r) => {
      registration.current = r;
    },
  });

  useEffect(() => {
    // Offline, or with the sw.js request failing, update() rejects: the next check tries again.
    const check = () => void registration.current?.update().catch(() => undefined);
    const timer = window.setInterval(check, CHECK_EVERY_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  return {
    needRefresh,
    offlineReady,
    update: () => updateServiceWorker(true),
    dismiss: () => {
      setNeedRefresh(false);
      setOfflineReady(false);
    },
  };
}
