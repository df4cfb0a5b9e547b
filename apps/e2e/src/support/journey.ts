// The walking-skeleton journey of api.md, shared by the distributed and the
// single-process e2e tests.
import { expect } from '@jest/globals';
import { eventually } from '@soudan/testing';

export const validRequest = (overrides: Record<string, unknown> = {}) => ({
  jobSeekerNumber: '16070-12345678',
  name: '滑川 太郎',
  email: 'taro@example.jp',
  desiredSlots: ['2026-12-09T10:00:00+09:00', '2026-12-10T14:30:00+09:00'],
  topic: '応募書類の書き方について相談したい',
  onlineReason: '子育て中で来所が難しいため',
  devices: { camera: true, microphone: true, speaker: true },
  environment: { safeDevice: true, noPublicWifi: true, supportedOs: true, firewallOn: true, noFileSharing: true, antivirusCurrent: true },
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

export async function auditedEvent(baseUrl: string, predicate: (e: { stream: string; type: string; data: any }) => boolean) {
  return eventually(
    async () => {
      let from: string | undefined;
      for (;;) {
        const page = await get(baseUrl, `/audit/events?limit=1000${from ? `&from=${from}` : ''}`);
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
export async function requestReservation(baseUrl: string, overrides: Record<string, unknown> = {}, key = `key-${Date.now()}-${Math.random()}`) {
  const created = await post(baseUrl, '/reservations', validRequest(overrides), { 'idempotency-key': key });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({ id: expect.any(String), status: 'requested' });
  return { id: created.body.id as string, key };
}

export async function badInputChecks(baseUrl: string) {
  const malformed = await post(baseUrl, '/reservations', '{"name": ');
  expect(malformed.status).toBe(400);
  expect(malformed.body.code).toBe('MALFORMED_JSON');
  expect(malformed.body.message).toMatch(/JSON/);

  const unknownField = await post(baseUrl, '/reservations', validRequest({ favouriteColour: 'blue' }));
  expect(unknownField.status).toBe(400);
  expect(unknownField.body.code).toBe('VALIDATION_FAILED');
  expect(Object.keys(unknownField.body.details.fields)).toContain('favouriteColour');

  const mistyped = await post(baseUrl, '/reservations', validRequest({ devices: { camera: 'yes', microphone: true, speaker: true }, email: 'not-an-address' }));
  expect(mistyped.status).toBe(400);
  expect(Object.keys(mistyped.body.details.fields)).toEqual(expect.arrayContaining(['devices.camera', 'email']));

  const english = await post(baseUrl, '/reservations', validRequest({ desiredSlots: [] }), { 'accept-language': 'en' });
  expect(english.status).toBe(400);
  expect(english.body.message).toBe('Some fields are invalid; see details.');

  const unknownRoute = await get(baseUrl, '/no-such-thing');
  expect(unknownRoute.status).toBe(404);
  expect(unknownRoute.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: expect.any(Object) });

  const notJson = await fetch(`${baseUrl}/api/v1/reservations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
  expect(notJson.status).toBe(415);
  expect(((await notJson.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');

  const badKey = await post(baseUrl, '/reservations', validRequest(), { 'idempotency-key': 'a b' });
  expect(badKey.status).toBe(400);
  expect(badKey.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
}

export async function idempotencyChecks(baseUrl: string) {
  const key = `idem-${Date.now()}`;
  const first = await post(baseUrl, '/reservations', validRequest({ email: 'idem@example.jp' }), { 'idempotency-key': key });
  const again = await post(baseUrl, '/reservations', validRequest({ email: 'idem@example.jp' }), { 'idempotency-key': key });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.body.id).toBe(first.body.id);
  const different = await post(baseUrl, '/reservations', validRequest({ email: 'idem@example.jp', topic: '別の相談' }), { 'idempotency-key': key });
  expect(different.status).toBe(409);
  expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  const history = await get(baseUrl, `/audit/events?limit=1000`);
  const requested = history.body.events.filter((e: { stream: string; type: string }) => e.stream === `reservation-${first.body.id}` && e.type === 'ReservationRequested');
  expect(requested.length).toBeLessThanOrEqual(1);
}
