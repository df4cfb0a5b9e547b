// The HTTP calls the whole-system tests make: JSON in, JSON out, bearer tokens.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API */

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `call(method, path)` under `/api/v1` of the system at `base()` (read at each call: the system starts in beforeAll). */
export function apiClient(base: () => string) {
  const call = async (
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${base()}/api/v1${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  /** A staff member's access token. */
  const session = async (username: string, password: string) =>
    (await call('POST', '/auth/staff/session', { body: { username, password } })).body.accessToken as string;
  return { call, session };
}
