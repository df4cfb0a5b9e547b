// The typed client for the office's routes, with the staff member's token (not a seeker's).
import createClient, { type Middleware } from 'openapi-fetch';
import { currentLanguage } from '../i18n';
import type { paths } from '../api/schema.gen';
import { staffSession, staffSignOut } from './staff-session';

/**
 * The sign-in routes take a password, not a token: a 401 from them (a wrong current
 * password on the password page) says nothing about the session, so they go without one.
 */
const PUBLIC = '/api/v1/auth/';

const auth: Middleware = {
  onRequest({ request }) {
    const token = staffSession()?.token;
    const open = new URL(request.url).pathname.startsWith(PUBLIC);
    if (token && !open && !request.headers.has('Authorization'))
      request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', currentLanguage() === 'en' ? 'en' : 'ja');
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && stillCurrent(request.headers.get('Authorization')))
      staffSignOut(await endedBecause(response));
    return response;
  },
};

/**
 * Whether a refused call carried the session's token as it is now: an answer to a token
 * already replaced (the member changed their password meanwhile) must not end the new one.
 */
function stillCurrent(authorization: string | null): boolean {
  const token = staffSession()?.token;
  return Boolean(token && authorization === `Bearer ${token}`);
}

/** A 401 to a signed-in call: the token ran out, or an administrator changed the account. */
async function endedBecause(response: Response): Promise<'expired' | 'revoked'> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return body.code === 'TOKEN_REVOKED' ? 'revoked' : 'expired';
  } catch {
    return 'expired';
  }
}

export const staffApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request: Request) => globalThis.fetch(request),
});
staffApi.use(auth);

/** A call outside the typed client (CSV bodies and downloads), with the same token. */
export async function staffFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = staffSession()?.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  headers.set('Accept-Language', currentLanguage() === 'en' ? 'en' : 'ja');
  const response = await globalThis.fetch(
    new Request(new URL(path, globalThis.location?.origin ?? 'http://localhost'), { ...init, headers }),
  );
  if (response.status === 401 && token && stillCurrent(`Bearer ${token}`)) staffSignOut(await endedBecause(response));
  return response;
}
