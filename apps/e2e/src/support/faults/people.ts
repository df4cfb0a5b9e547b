// Sign-in and request bodies for the fault run, outside Jest (journey.ts asserts with
// Jest's expect, which `npm run test:faults` does not load).
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export const ADMIN_PASSWORD = 'Faults-Tsurugi-2026!q';
const STAFF_PASSWORD = 'Faults-Hokuriku-2026!';

export const tokenInMailText = (text: string | undefined) => /#token=([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function signInAsAdmin(baseUrl: string): Promise<string> {
  const session = await post(baseUrl, '/auth/staff/session', { username: 'admin', password: ADMIN_PASSWORD });
  if (session.status !== 201) throw new Error(`admin sign-in: ${session.status}`);
  return session.body.accessToken as string;
}

export async function createStaff(baseUrl: string, admin: string, username: string, roles: string[]): Promise<string> {
  const created = await post(
    baseUrl,
    '/staff/users',
    { username, password: STAFF_PASSWORD, roles },
    { authorization: `Bearer ${admin}` },
  );
  if (created.status !== 201 && created.status !== 409) throw new Error(`staff user ${username}: ${created.status}`);
  const session = await post(baseUrl, '/auth/staff/session', { username, password: STAFF_PASSWORD });
  if (session.status !== 201) throw new Error(`sign-in of ${username}: ${session.status}`);
  return session.body.accessToken as string;
}

export const validRequest = (overrides: Record<string, unknown> = {}) => ({
  name: '滑川 太郎',
  topic: '応募書類の書き方について相談したい',
  onlineReason: '子育て中で来所が難しいため',
  ...readySeeker(),
  ...overrides,
});
