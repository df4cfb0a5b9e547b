import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { office, schedule, signedIn } from '../test/office';
import { fakeApi, renderApp, type Call } from '../test/render';
import { staffApi } from './staff-api';
import { homeOf, staffSession, type StaffRole } from './staff-session';

const CURRENT = 'Tateyama-2026!';
const CHOSEN = 'Unazuki-Gorge-Train-8%';

/** The gateway's password route: the current password is CURRENT; the new token is `new-token`. */
const passwordRoute = {
  'POST /api/v1/auth/staff/password': (call: Call) => {
    const body = call.body as { username: string; password: string; newPassword: string };
    if (body.password !== CURRENT)
      return {
        status: 401,
        body: { code: 'INVALID_CREDENTIALS', message: 'ユーザー名またはパスワードが正しくありません。' },
      };
    if (body.newPassword.includes(body.username))
      return { status: 400, body: { code: 'WEAK_PASSWORD', message: 'パスワードが弱すぎます。' } };
    return { status: 201, body: { accessToken: 'new-token', roles: ['counsellor'], offices: ['16070'] } };
  },
};

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST');

async function fill(user: ReturnType<typeof renderApp>['user'], current: string, password: string, again = password) {
  for (const [label, value] of [
    ['現在のパスワード', current],
    ['新しいパスワード', password],
    ['新しいパスワード（確認）', again],
  ]) {
    const field = screen.getByLabelText(label);
    await user.clear(field);
    if (value) await user.type(field, value);
  }
}

describe('changing one’s own password (POST /auth/staff/password)', () => {
  it('every role finds it in the header, beside their name', async () => {
    fakeApi({ ...office, ...schedule() });
    for (const role of ['counsellor', 'supervisor', 'auditor', 'admin'] as StaffRole[]) {
      signedIn('sato', role);
      const { user } = renderApp(homeOf(staffSession()));
      const header = screen.getByRole('banner');
      await user.click(within(header).getByRole('link', { name: 'パスワードの変更' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' })).toBeTruthy();
      expect(screen.getByTestId('own-password-account').textContent).toBe('ユーザー名：sato');
      cleanup();
    }
  });

  it('a change replaces the stored token with the new one, says so, and later calls use it', async () => {
    const api = fakeApi({
      ...office,
      ...passwordRoute,
      // As the gateway does after a change: the account's old token is refused.
      'GET /api/v1/staff/schedule': (call) =>
        call.headers.get('authorization') === 'Bearer new-token'
          ? { status: 200, body: { date: '2026-12-09', sessions: [] } }
          : { status: 401, body: { code: 'TOKEN_REVOKED', message: 'x' } },
    });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    await fill(user, CURRENT, CHOSEN);
    await user.click(screen.getByRole('button', { name: 'パスワードを変更する' }));

    expect(await screen.findByText(/パスワードを変更しました。/)).toBeTruthy();
    expect(staffSession()).toEqual({ token: 'new-token', username: 'sato', roles: ['counsellor'], offices: ['16070'] });
    const [change] = posts(api.calls);
    expect(change.body).toEqual({ username: 'sato', password: CURRENT, newPassword: CHOSEN });
    // The route takes a password, not a token: its 401s never end the session.
    expect(change.headers.get('authorization')).toBeNull();
    expect((screen.getByLabelText('現在のパスワード') as HTMLInputElement).value).toBe('');

    await user.click(screen.getByRole('link', { name: '本日の相談' }));
    expect(await screen.findByText('この日の相談はありません。')).toBeTruthy();
    const read = api.calls.find((c) => c.url.startsWith('/api/v1/staff/schedule'));
    expect(read?.headers.get('authorization')).toBe('Bearer new-token');
    expect(staffSession()?.token).toBe('new-token');
  });

  it('a late 401 to the replaced token does not sign out the new one', async () => {
    fakeApi({
      ...office,
      ...passwordRoute,
      'GET /api/v1/staff/schedule': () => ({ status: 401, body: { code: 'TOKEN_REVOKED', message: 'x' } }),
    });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    await fill(user, CURRENT, CHOSEN);
    await user.click(screen.getByRole('button', { name: 'パスワードを変更する' }));
    await screen.findByText(/パスワードを変更しました。/);
    // A call sent with the old token before the change, answered after it.
    await act(async () => {
      await staffApi.GET('/api/v1/staff/schedule', {
        params: { query: { date: '2026-12-09' } },
        headers: { Authorization: 'Bearer token-sato' },
      });
    });
    expect(staffSession()?.token).toBe('new-token');
    expect(screen.getByRole('heading', { level: 1, name: 'パスワードの変更' })).toBeTruthy();
  });

  it('a missing, short, repeated-wrongly or unchanged password is refused beside its field before anything is sent', async () => {
    const api = fakeApi({ ...office, ...passwordRoute });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    const submit = () => user.click(screen.getByRole('button', { name: 'パスワードを変更する' }));
    const summary = () =>
      within(screen.getByRole('alert'))
        .getAllByRole('link')
        .map((link) => link.textContent);

    await submit();
    await waitFor(() =>
      expect(summary()).toEqual(['現在のパスワードを入力してください', '新しいパスワードを入力してください']),
    );
    expect(screen.getByLabelText('現在のパスワード').getAttribute('aria-invalid')).toBe('true');

    await fill(user, CURRENT, 'Short-1!');
    await submit();
    await waitFor(() => expect(summary()).toEqual(['12文字以上で入力してください']));

    await fill(user, CURRENT, CHOSEN, `${CHOSEN}x`);
    await submit();
    await waitFor(() => expect(summary()).toEqual(['1つ目の欄と同じパスワードを入力してください']));
    expect(screen.getByLabelText('新しいパスワード（確認）').getAttribute('aria-invalid')).toBe('true');

    await fill(user, CURRENT, CURRENT);
    await submit();
    await waitFor(() => expect(summary()).toEqual(['現在のパスワードとは違うものにしてください']));

    expect(posts(api.calls)).toEqual([]);
    expect(staffSession()?.token).toBe('token-sato');
  });

  it('a password the gateway finds weak (WEAK_PASSWORD) is said beside the new password', async () => {
    fakeApi({ ...office, ...passwordRoute });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    await fill(user, CURRENT, 'sato-Kurobe-2026!');
    await user.click(screen.getByRole('button', { name: 'パスワードを変更する' }));
    await waitFor(() =>
      expect(screen.getByLabelText('新しいパスワード', { exact: true }).getAttribute('aria-invalid')).toBe('true'),
    );
    expect(screen.getByRole('alert').textContent).toContain('このパスワードは使えません');
    expect(staffSession()?.token).toBe('token-sato');
  });

  it('a wrong current password is said as such beside it, and the member stays signed in', async () => {
    const api = fakeApi({ ...office, ...passwordRoute });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    await fill(user, 'Not-the-password-1', CHOSEN);
    await user.click(screen.getByRole('button', { name: 'パスワードを変更する' }));
    const current = screen.getByLabelText('現在のパスワード');
    await waitFor(() => expect(current.getAttribute('aria-invalid')).toBe('true'));
    expect(within(screen.getByRole('alert')).getByRole('link').textContent).toBe('現在のパスワードが違います');
    expect(posts(api.calls).length).toBe(1);
    expect(staffSession()?.token).toBe('token-sato');
    expect(screen.getByRole('navigation', { name: '職員用メニュー' })).toBeTruthy();
  });

  it('a double click sends one change', async () => {
    const api = fakeApi({ ...office, ...passwordRoute });
    signedIn('sato', 'counsellor');
    const { user } = renderApp('/office/password');
    await screen.findByRole('heading', { level: 1, name: 'パスワードの変更' });
    await fill(user, CURRENT, CHOSEN);
    const button = screen.getByRole('button', { name: 'パスワードを変更する' });
    await act(async () => {
      button.click();
      button.click();
    });
    await screen.findByText(/パスワードを変更しました。/);
    expect(posts(api.calls).length).toBe(1);
  });
});
