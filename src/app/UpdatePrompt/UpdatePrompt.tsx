import { useServiceWorker } from '../../pwa/useServiceWorker';

/**
 * "Update available — reload?": asked, never forced. Until the user clicks Reload the running version keeps
 * serving this tab (and any analysis in progress finishes undisturbed).
 */
export function UpdatePrompt() {
  const sw = useServiceWorker();
  if (!sw.needRefresh && !sw.offlineReady) return null;
  return (
    <div className="updateprompt" role="status" data-testid="update-prompt">
      {sw.needRefresh ? (
        <>
          <span data-testid="update-available">Update available — reload?</span>
          <button type="button" data-testid="update-reload" onClick={() => void sw.update()}>
            Reload
          </button>
          <button type="button" onClick={sw.dismiss}>
            Not now
          </button>
        </>
      ) : (
        <>
          <span data-testid="offline-ready">
            Ready to work offline: the app and its models are saved on this device.
          </span>
          <button type="button" onClick={sw.dismiss}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
