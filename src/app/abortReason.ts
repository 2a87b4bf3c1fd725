/** Why a signal was aborted, as an Error: `abort()` without a reason gives a DOMException, one with a reason that. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError');
}
