import { useEffect, useState } from 'react';
import { accessToken, onSessionChange } from '../api/session';

/** Whether a seeker is signed in, and whether the last sign-out was an expiry. */
export function useSession() {
  const [state, setState] = useState({ signedIn: Boolean(accessToken()), expired: false });
  useEffect(
    () => onSessionChange((reason) => setState({ signedIn: reason === 'signed-in', expired: reason === 'expired' })),
    [],
  );
  return { ...state, dismissExpired: () => setState((s) => ({ ...s, expired: false })) };
}
