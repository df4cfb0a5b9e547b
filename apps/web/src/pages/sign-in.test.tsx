import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderApp } from '../test/render';

describe('sign in', () => {
  it('shows each error beside its field and in a summary that is announced and links to the field', async () => {
    fakeApi({ 'GET /api/v1/office': () => ({ status: 404 }) });
    const { user } = renderApp('/sign-in');
    await user.click(screen.getByRole('button', { name: 'ログイン用のリンクを送る' }));

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveProperty('textContent', expect.stringContaining('入力内容を確認してください'));
    expect(document.activeElement).toBe(summary);
    const number = screen.getByRole('textbox', { name: '求職番号' });
    expect(number.getAttribute('aria-invalid')).toBe('true');
    // The message is read with the field (aria-describedby), not only shown near it.
    const described = (number.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(described).toContain('求職番号を入力してください');

    await user.click(screen.getByRole('link', { name: '求職番号を入力してください' }));
    expect(document.activeElement).toBe(number);
  });

  it('sends the link once, whatever the pair, and says to check the mail', async () => {
    const api = fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'POST /api/v1/auth/seeker/link': () => ({ status: 202 }),
    });
    const { user } = renderApp('/sign-in');
    await user.type(screen.getByRole('textbox', { name: '求職番号' }), '１６０７０１２３４５６７８');
    await user.type(screen.getByRole('textbox', { name: 'メールアドレス' }), 'taro@example.jp');
    const send = screen.getByRole('button', { name: 'ログイン用のリンクを送る' });
    await user.dblClick(send);

    expect(await screen.findByRole('heading', { level: 1, name: 'メールを確認してください' })).toBeTruthy();
    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({ body: { jobSeekerNumber: '16070-12345678', email: 'taro@example.jp' } }),
    ]);
  });

  it('exchanges the token of the link in the fragment and removes it from the address', async () => {
    const api = fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'POST /api/v1/auth/seeker/session': () => ({ status: 201, body: { accessToken: 'access-1' } }),
      'GET /api/v1/seeker/preferences': () => ({ status: 200, body: { language: 'ja' } }),
      'GET /api/v1/reservations': () => ({ status: 200, body: { reservations: [] } }),
    });
    window.history.replaceState(null, '', '/auth/seeker#token=abc123');
    renderApp('/auth/seeker');
    expect(await screen.findByRole('heading', { level: 1, name: '予約の確認' })).toBeTruthy();
    expect(window.location.hash).toBe('');
    expect(api.calls.find((c) => c.url === '/api/v1/auth/seeker/session')?.body).toEqual({ token: 'abc123' });
    await waitFor(() =>
      expect(api.calls.find((c) => c.url === '/api/v1/reservations')?.headers.get('authorization')).toBe(
        'Bearer access-1',
      ),
    );
  });

  it('says a used or expired link cannot be used, and offers a new one', async () => {
    fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'POST /api/v1/auth/seeker/session': () => ({ status: 401, body: { code: 'TOKEN_EXPIRED', message: 'x' } }),
    });
    window.history.replaceState(null, '', '/auth/seeker#token=old');
    renderApp('/auth/seeker');
    expect(await screen.findByRole('heading', { level: 1, name: 'このリンクは使えません' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'もう一度ログインする' })).toBeTruthy();
  });
});
