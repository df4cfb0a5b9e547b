// The walking-skeleton journey of api.md, shared by the distributed and the
// single-process e2e tests. Every route but sign-in needs a bearer token: the journeys
// sign in the way people do (admin by password, staff added by admin, the seeker by the
// e-mailed link after staff put them on the roster).
import { expect } from '@jest/globals';
import { eventually } from '@soudan/testing';
import { readySeeker } from '@soudan/scheduling-contracts/testing';
import { at, D1, D2 } from './dates';

/** The e2e processes start with this ADMIN_PASSWORD. */
export const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const STAFF_PASSWORD = 'Hokuriku-line-2026!';
export const SEEKER = { jobSeekerNumber: '16070-12345678', name: '滑川 太郎', email: 'taro@example.jp' };

/** Finds the sign-in link mailed to `email` (SMTP sink or .eml outbox) and answers its token. */
export type LinkTokenSource = (email: string) => Promise<string>;

export const tokenInMailText = (text: string | undefined) => /#token=([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

export interface Sessions {
  admin: string;
  auditor: string;
  seeker: string;
}

export async function signInAsAdmin(baseUrl: string, password = ADMIN_PASSWORD): Promise<string> {
  const session = await post(baseUrl, '/auth/staff/session', { username: 'admin', password });
  expect(session.status).toBe(201);
  return session.body.accessToken as string;
}

/** Adds a staff user (once) and signs them in. */
export async function createStaff(
  baseUrl: string,
  adminToken: string,
  username: string,
  roles: string[],
): Promise<string> {
  const created = await post(
    baseUrl,
    '/staff/users',
    { username, password: STAFF_PASSWORD, roles },
    { authorization: `Bearer ${adminToken}` },
  );
  expect([201, 409]).toContain(created.status);
  const session = await post(baseUrl, '/auth/staff/session', { username, password: STAFF_PASSWORD });
  expect(session.status).toBe(201);
  return session.body.accessToken as string;
}

/** Puts the seeker on the roster (staff), asks for the link, exchanges the mailed token. */
export async function signInAsSeeker(
  baseUrl: string,
  staffToken: string,
  linkToken: LinkTokenSource,
  seeker = SEEKER,
): Promise<string> {
  const added = await post(
    baseUrl,
    '/staff/seekers',
    // R71: the roster's office is the one the number begins with.
    { ...seeker, officeCode: seeker.jobSeekerNumber.slice(0, 5), status: 'registered' },
    { authorization: `Bearer ${staffToken}` },
  );
  expect([200, 201]).toContain(added.status);
  const asked = await post(baseUrl, '/auth/seeker/link', {
    jobSeekerNumber: seeker.jobSeekerNumber,
    email: seeker.email,
  });
  expect(asked.status).toBe(202);
  const session = await post(baseUrl, '/auth/seeker/session', { token: await linkToken(seeker.email) });
  expect(session.status).toBe(201);
  return session.body.accessToken as string;
}

export async function signInAll(baseUrl: string, linkToken: LinkTokenSource): Promise<Sessions> {
  const admin = await signInAsAdmin(baseUrl);
  const auditor = await createStaff(baseUrl, admin, 'auditor1', ['auditor']);
  const seeker = await signInAsSeeker(baseUrl, admin, linkToken);
  return { admin, auditor, seeker };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The default request's wishes: 10:00 on D1 and 14:30 on D2, always far enough ahead for R5. */
export const DESIRED_SLOTS = [at(D1, '10:00'), at(D2, '14:30')];

export const validRequest = (overrides: Record<string, unknown> = {}) => ({
  jobSeekerNumber: '16070-12345678',
  name: '滑川 太郎',
  email: 'taro@example.jp',
  desiredSlots: DESIRED_SLOTS,
  topic: '応募書類の書き方について相談したい',
  onlineReason: '子育て中で来所が難しいため',
  ...readySeeker(),
  ...overrides,
});

export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path.startsWith('/api') ? '' : '/api/v1'}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function auditedEvent(
  baseUrl: string,
  auditorToken: string,
  predicate: (e: { stream: string; type: string; data: any }) => boolean,
) {
  return eventually(
    async () => {
      let from: string | undefined;
      for (;;) {
        const page = await get(baseUrl, `/audit/events?limit=1000${from ? `&from=${from}` : ''}`, bearer(auditorToken));
        if (page.status !== 200) return undefined;
        const found = page.body.events.find(predicate);
        if (found) return found;
        if (page.body.events.length < 1000) return undefined;
        from = page.body.next;
      }
    },
    { timeoutMs: 30_000, what: 'event in GET /audit/events' },
  );
}

/** Requests a reservation and checks what api.md promises about it. */
export async function requestReservation(
  baseUrl: string,
  seekerToken: string,
  overrides: Record<string, unknown> = {},
  key = `key-${Date.now()}-${Math.random()}`,
) {
  const created = await post(baseUrl, '/reservations', validRequest(overrides), {
    'idempotency-key': key,
    ...bearer(seekerToken),
  });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    id: expect.any(String),
    status: 'requested',
    number: expect.stringMatching(/^\w{3}-\w{3}$/),
  });
  return { id: created.body.id as string, key };
}

export async function badInputChecks(baseUrl: string, sessions: Sessions) {
  const auth = bearer(sessions.seeker);
  const anonymous = await post(baseUrl, '/reservations', validRequest());
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  const asStaff = await post(baseUrl, '/reservations', validRequest(), bearer(sessions.auditor));
  expect(asStaff.status).toBe(403);
  expect(asStaff.body.code).toBe('FORBIDDEN');
  const tampered = await post(baseUrl, '/reservations', validRequest(), bearer(`${sessions.seeker.slice(0, -3)}abc`));
  expect(tampered.status).toBe(401);
  expect(tampered.body.code).toBe('INVALID_TOKEN');

  const malformed = await post(baseUrl, '/reservations', '{"name": ', auth);
  expect(malformed.status).toBe(400);
  expect(malformed.body.code).toBe('MALFORMED_JSON');
  expect(malformed.body.message).toMatch(/JSON/);

  const unknownField = await post(baseUrl, '/reservations', validRequest({ favouriteColour: 'blue' }), auth);
  expect(unknownField.status).toBe(400);
  expect(unknownField.body.code).toBe('VALIDATION_FAILED');
  expect(Object.keys(unknownField.body.details.fields)).toContain('favouriteColour');

  const mistyped = await post(
    baseUrl,
    '/reservations',
    validRequest({ devices: { camera: 'yes', microphone: true, speaker: true }, email: 'not-an-address' }),
    auth,
  );
  expect(mistyped.status).toBe(400);
  expect(Object.keys(mistyped.body.details.fields)).toEqual(expect.arrayContaining(['devices.camera', 'email']));

  const english = await post(baseUrl, '/reservations', validRequest({ desiredSlots: [] }), {
    'accept-language': 'en',
    ...auth,
  });
  expect(english.status).toBe(400);
  expect(english.body.message).toBe('Some fields are invalid; see details.');
  expect(english.body.details.fields.desiredSlots[0]).toMatch(/desiredSlots must contain at least 1 elements/);
  const japanese = await post(baseUrl, '/reservations', validRequest({ desiredSlots: [] }), auth);
  expect(japanese.body.details.fields.desiredSlots).toEqual(['1件以上指定してください。']);

  const unknownRoute = await get(baseUrl, '/no-such-thing');
  expect(unknownRoute.status).toBe(404);
  expect(unknownRoute.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: expect.any(Object) });

  const notJson = await fetch(`${baseUrl}/api/v1/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...auth },
    body: 'hello',
  });
  expect(notJson.status).toBe(415);
  expect(((await notJson.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');

  const badKey = await post(baseUrl, '/reservations', validRequest(), { 'idempotency-key': 'a b', ...auth });
  expect(badKey.status).toBe(400);
  expect(badKey.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
}

export async function idempotencyChecks(baseUrl: string, sessions: Sessions) {
  const key = `idem-${Date.now()}`;
  const auth = bearer(sessions.seeker);
  const first = await post(baseUrl, '/reservations', validRequest({ email: 'idem@example.jp' }), {
    'idempotency-key': key,
    ...auth,
  });
  const again = await post(baseUrl, '/reservations', validRequest({ email: 'idem@example.jp' }), {
    'idempotency-key': key,
    ...auth,
  });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.body.id).toBe(first.body.id);
  const different = await post(
    baseUrl,
    '/reservations',
    validRequest({ email: 'idem@example.jp', topic: '別の相談' }),
    { 'idempotency-key': key, ...auth },
  );
  expect(different.status).toBe(409);
  expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  const history = await get(baseUrl, `/audit/events?limit=1000`, bearer(sessions.auditor));
  const requested = history.body.events.filter(
    (e: { stream: string; type: string }) =>
      e.stream === `reservation-${first.body.id}` && e.type === 'ReservationRequested',
  );
  expect(requested.length).toBeLessThanOrEqual(1);
}
