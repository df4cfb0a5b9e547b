// One send at a time. A form's handler reads React state as of the last render, so two
// clicks that arrive before the next render both see "not busy" and both send. The guard
// is a ref, set at once; `busy` is state only for what the button shows.
import { useCallback, useRef, useState } from 'react';

export interface SubmitGuard {
  /** True while a guarded call runs (for aria-disabled and "sending…"). */
  busy: boolean;
  /**
   * Runs `work` unless a guarded call is already running; then it does nothing and answers
   * false. With `hold`, a success keeps the guard shut (the page moves on; a click that
   * arrives before it has sends nothing); a failure always opens it again.
   */
  run: (work: () => Promise<unknown>, options?: { hold?: boolean }) => Promise<boolean>;
}

export function useSubmitGuard(): SubmitGuard {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<unknown>, options: { hold?: boolean } = {}) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    let succeeded = false;
    try {
      await work();
      succeeded = true;
    } finally {
      if (!(succeeded && options.hold)) inFlight.current = false;
      setBusy(false);
    }
    return true;
  }, []);
  return { busy, run };
}
