import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * The offline contract: the service worker precaches the app, runtimes and models. A new version is offered,
 * never forced: the user decides when to reload.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });
  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="updateprompt" role="status" data-testid="update-prompt">
      {needRefresh ? (
        <>
          <span>A new version is available.</span>
          <button type="button" onClick={() => void updateServiceWorker(true)}>
            Reload to update
          </button>
          <button type="button" onClick={() => setNeedRefresh(false)}>
            Later
          </button>
        </>
      ) : (
        <>
          <span data-testid="offline-ready">Ready to work offline.</span>
          <button type="button" onClick={() => setOfflineReady(false)}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
