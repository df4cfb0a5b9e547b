import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../test/render';
import { staffSignIn } from './staff-session';

const office = { 'GET /api/v1/office': () => ({ status: 404 }) };

/** Two clicks that both arrive before React renders again: what a fast double click can do. */
async function clickTwiceAtOnce(button: HTMLElement) {
  await act(async () => {
    button.click();
    button.click();
  });
}

describe('the console sends a form once, however fast the clicks', () => {
  it('a double click on sign-in sends one sign-in', async () => {
    const api = fakeApi({
      ...office,
      'POST /api/v1/auth/staff/session': () => ({
        status: 201,
        body: { accessToken: 'counsellor-token', roles: ['counsellor'] },
      }),
      'GET /api/v1/staff/schedule': () => ({ status: 200, body: { date: '2026-12-09', sessions: [] } }),
    });
    const { user } = renderApp('/office');
    await user.type(screen.getByLabelText('ユーザー名'), 'sato');
    await user.type(screen.getByLabelText('パスワード'), 'Tateyama-2026!');
    await clickTwiceAtOnce(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findByRole('heading', { level: 1, name: '本日の相談' })).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/auth/staff/session']);
  });

  it('a double click on a reason form sends one action', async () => {
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/schedule': () => ({
        status: 200,
        body: {
          date: '2026-12-09',
          sessions: [
            {
              id: 'r1',
              seekerId: 's1',
              seekerName: '滑川 太郎',
              slot: '2026-12-09T01:00:00.000Z',
              end: '2026-12-09T01:30:00.000Z',
              status: 'in_session',
              meetingUrl: 'http://localhost/join/abc',
              topic: '応募書類',
              mayNeedCounter: false,
              attendee: null,
            },
          ],
        },
      }),
      'POST /api/v1/staff/reservations/r1/terminate': () => ({ status: 200, body: { id: 'r1', status: 'terminated' } }),
    });
    staffSignIn({ token: 't', username: 'sato', roles: ['counsellor'] });
    const { user } = renderApp('/office/today?date=2026-12-09');
    await user.click(await screen.findByRole('button', { name: '相談を中止' }));
    await user.type(screen.getByLabelText('中止の理由'), '暴言のため');
    await clickTwiceAtOnce(screen.getByRole('button', { name: '中止する' }));
    expect(await screen.findByText('滑川 太郎さんの相談を中止しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').length).toBe(1);
  });

  it('a double click on check-in sends one check-in', async () => {
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/schedule': () => ({
        status: 200,
        body: {
          date: '2026-12-09',
          sessions: [
            {
              id: 'r1',
              seekerId: 's1',
              seekerName: '滑川 太郎',
              slot: '2026-12-09T01:00:00.000Z',
              end: '2026-12-09T01:30:00.000Z',
              status: 'confirmed',
              meetingUrl: 'http://localhost/join/abc',
              topic: '応募書類',
              mayNeedCounter: false,
              attendee: null,
            },
          ],
        },
      }),
      'POST /api/v1/staff/reservations/r1/check-in': () => ({ status: 200, body: { id: 'r1', status: 'in_session' } }),
    });
    staffSignIn({ token: 't', username: 'sato', roles: ['counsellor'] });
    renderApp('/office/today?date=2026-12-09');
    const item = (await screen.findAllByTestId('session'))[0];
    await clickTwiceAtOnce(within(item).getByRole('button', { name: '入室を確認' }));
    expect(await screen.findByText('滑川 太郎さんの入室を記録しました。')).toBeTruthy();
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(1));
    expect(api.calls.filter((c) => c.method === 'POST').length).toBe(1);
  });
});
