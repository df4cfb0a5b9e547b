// What the console's component tests share: the gateway's answers every console page asks
// for, a day's schedule, and a member signed in without going through the sign-in page.
import { staffSignIn, type StaffRole } from '../office/staff-session';

/** GET /office with no office saved (404): the page runs without the office's name and hours. */
export const office = { 'GET /api/v1/office': () => ({ status: 404 }) };

/** The day the schedules here are for (10:00 JST is 01:00Z). */
export const DAY = '2026-12-09';

/** One session as GET /staff/schedule lists it: 滑川 太郎 at 10:00, confirmed, unless `over` says otherwise. */
export const session = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  number: 'K7P-4XA',
  seekerId: 's1',
  seekerName: '滑川 太郎',
  slot: `${DAY}T01:00:00.000Z`,
  end: `${DAY}T01:30:00.000Z`,
  status: 'confirmed',
  meetingUrl: 'http://localhost/join/abc',
  roomUrl: 'https://meet.soudan.example/room/Zq3xK9pLm2Vt7RwA4bNc',
  topic: '応募書類',
  mayNeedCounter: false,
  attendee: null,
  ...over,
});

/** GET /staff/schedule answering DAY with these sessions. */
export const schedule = (...sessions: Array<ReturnType<typeof session>>) => ({
  'GET /api/v1/staff/schedule': () => ({ status: 200, body: { date: DAY, sessions } }),
});

/**
 * A member signed in as the console keeps them (token `token-<username>`), their offices
 * unknown as in a session kept before R72.
 */
export const signedIn = (username: string, ...roles: StaffRole[]) =>
  staffSignIn({ token: `token-${username}`, username, roles, offices: [] });

/** A member of these offices signed in (R72; `['*']`: every office, a national role). */
export const signedInFor = (offices: string[], username: string, ...roles: StaffRole[]) =>
  staffSignIn({ token: `token-${username}`, username, roles, offices });
