import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { office, schedule, session, signedIn } from '../test/office';
import { fakeApi, renderApp } from '../test/render';

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
      ...schedule(),
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
      ...schedule(session({ status: 'in_session' })),
      'POST /api/v1/staff/reservations/r1/terminate': () => ({ status: 200, body: { id: 'r1', status: 'terminated' } }),
    });
    signedIn('sato', 'counsellor');
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
      ...schedule(session()),
      'POST /api/v1/staff/reservations/r1/check-in': () => ({ status: 200, body: { id: 'r1', status: 'in_session' } }),
    });
    signedIn('sato', 'counsellor');
    renderApp('/office/today?date=2026-12-09');
    const item = (await screen.findAllByTestId('session'))[0];
    await clickTwiceAtOnce(within(item).getByRole('button', { name: '入室を確認' }));
    expect(await screen.findByText('滑川 太郎さんの入室を記録しました。')).toBeTruthy();
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(1));
    expect(api.calls.filter((c) => c.method === 'POST').length).toBe(1);
  });
});
