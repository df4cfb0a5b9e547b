// The seeker's access token, for this browser tab only (sessionStorage): it goes with the
// tab, and a shared computer does not keep it. Listeners hear sign-in, sign-out and expiry.
const KEY = 'soudan.session';

type Listener = (reason: 'signed-in' | 'signed-out' | 'expired') => void;
const listeners = new Set<Listener>();

export function accessToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function signIn(token: string, officeCode?: string) {
  sessionStorage.setItem(KEY, token);
  if (officeCode) sessionStorage.setItem(`${KEY}.office`, officeCode);
  else sessionStorage.removeItem(`${KEY}.office`);
  for (const listener of listeners) listener('signed-in');
}

/**
 * R71: the signed-in seeker's office (the first five digits of their number, as the
 * sign-in answered): the slots, terms and phone number their pages show are its own.
 */
export function seekerOffice(): string | undefined {
  try {
    return accessToken() ? (sessionStorage.getItem(`${KEY}.office`) ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

export function signOut(reason: 'signed-out' | 'expired' = 'signed-out') {
  try {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(`${KEY}.office`);
  } catch {
    // nothing kept
  }
  for (const listener of listeners) listener(reason);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where to go once signed in (the page that asked for a sign-in). */
export function rememberNext(path: string) {
  try {
    sessionStorage.setItem(`${KEY}.next`, path);
  } catch {
    // the reservations page serves
  }
}

export function takeNext(): string | undefined {
  try {
    const next = sessionStorage.getItem(`${KEY}.next`) ?? undefined;
    sessionStorage.removeItem(`${KEY}.next`);
    // Only paths of this app: never an address elsewhere.
    return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
  } catch {
    return undefined;
  }
}

/** The e-mail address given at sign-in, to fill in the request form. */
export function rememberEmail(email: string) {
  try {
    sessionStorage.setItem(`${KEY}.email`, email);
  } catch {
    // typed again in the form
  }
}

export function signInEmail(): string {
  try {
    return sessionStorage.getItem(`${KEY}.email`) ?? '';
  } catch {
    return '';
  }
}
