// The staff member's session, for this browser tab only (sessionStorage), apart from a
// seeker's: a counsellor may look at the seeker pages in another tab. Listeners hear
// sign-in, sign-out, expiry and revocation (an administrator changed the account).
export type StaffRole = 'counsellor' | 'supervisor' | 'auditor' | 'admin';

export interface StaffSession {
  token: string;
  username: string;
  roles: StaffRole[];
  /**
   * R72: the offices the member works for: five-digit codes, or ['*'] for every office (a
   * national role). Empty when unknown: a session kept before the gateway answered offices.
   */
  offices: string[];
}

/** Every office: the national role (R72). */
export const ALL_OFFICES = '*';

/** The session kept from a sign-in answer (POST /auth/staff/session or /auth/staff/password). */
export function sessionFrom(
  username: string,
  answer: { accessToken: string; roles: StaffRole[]; offices?: string[] },
): StaffSession {
  return {
    token: answer.accessToken,
    username,
    roles: answer.roles,
    offices: Array.isArray(answer.offices) ? answer.offices : [],
  };
}

/** Whether the member works for every office (R72): a national role. */
export function isNational(session: StaffSession | undefined): boolean {
  return Boolean(session?.offices.includes(ALL_OFFICES));
}

const KEY = 'soudan.staff';
export type SignOutReason = 'signed-out' | 'expired' | 'revoked';
type Listener = (session: StaffSession | undefined, reason: 'signed-in' | SignOutReason) => void;
const listeners = new Set<Listener>();

export function staffSession(): StaffSession | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const kept = JSON.parse(raw) as Omit<StaffSession, 'offices'> & { offices?: unknown };
    // A session kept before R72 has no offices: unknown, read as none.
    const offices = Array.isArray(kept.offices) ? kept.offices.filter((o): o is string => typeof o === 'string') : [];
    return { ...kept, offices };
  } catch {
    return undefined;
  }
}

export function staffSignIn(session: StaffSession) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session, 'signed-in');
}

export function staffSignOut(reason: SignOutReason = 'signed-out') {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
  for (const listener of listeners) listener(undefined, reason);
}

export function onStaffSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What each role may open and do; the gateway checks the same (api.md), the screens only hide. */
export const SCREENS = {
  today: ['counsellor', 'supervisor'],
  requests: ['counsellor', 'supervisor'],
  alerts: ['counsellor', 'supervisor'],
  seekers: ['counsellor', 'supervisor'],
  flyer: ['counsellor', 'supervisor'],
  settings: ['supervisor'],
  disclosures: ['supervisor'],
  history: ['auditor'],
  integrity: ['auditor'],
  usage: ['auditor'],
  accounts: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Screen = keyof typeof SCREENS;

export const ACTIONS = {
  offer: ['supervisor'],
  reject: ['supervisor'],
  resolveAlert: ['supervisor'],
  suspend: ['supervisor'],
  dismissReview: ['supervisor'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Action = keyof typeof ACTIONS;

export function may(session: StaffSession | undefined, what: Screen | Action): boolean {
  const allowed: readonly StaffRole[] = what in SCREENS ? SCREENS[what as Screen] : ACTIONS[what as Action];
  return Boolean(session?.roles.some((role) => allowed.includes(role)));
}

/** The first screen a role may use: where signing in leads. */
export function homeOf(session: StaffSession | undefined): string {
  const first = (Object.keys(SCREENS) as Screen[]).find((screen) => may(session, screen));
  return first ? `/office/${first}` : '/office/none';
}
