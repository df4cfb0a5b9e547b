import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App } from '../app';

export function renderApp(path = '/') {
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
  return { user, ...view };
}

export function renderAt(path: string, element: ReactElement) {
  const user = userEvent.setup();
  return { user, ...render(<MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>) };
}

export interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** Stands in for the gateway: `routes` answers by "METHOD /path"; every call is kept. */
export function fakeApi(routes: Record<string, (call: Call) => { status: number; body?: unknown }>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const call: Call = {
      method: request.method,
      url: url.pathname + url.search,
      headers: request.headers,
      // JSON as data; anything else (a CSV file) as its text.
      body: text ? (/json/.test(request.headers.get('content-type') ?? 'json') ? JSON.parse(text) : text) : undefined,
    };
    calls.push(call);
    const handler = routes[`${request.method} ${url.pathname}`];
    const answer = handler ? handler(call) : { status: 404, body: { code: 'NOT_FOUND', message: 'no such route' } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}
