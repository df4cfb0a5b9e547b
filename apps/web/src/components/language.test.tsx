import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../api/session';
import { fakeApi, renderApp } from '../test/render';

describe('R63: languages', () => {
  it('switches between 日本語, やさしい にほんご and English, and the page says which language it is in', async () => {
    fakeApi({ 'GET /api/v1/office': () => ({ status: 404 }) });
    const { user } = renderApp('/');
    expect(screen.getByRole('heading', { level: 1, name: 'オンライン職業相談の予約' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
    expect(screen.getByRole('button', { name: '日本語' }).getAttribute('aria-current')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Book an online job consultation' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-current')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'やさしい にほんご' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'オンラインで しごとの そうだん' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
    expect(localStorage.getItem('soudan.language')).toBe('ja-easy');
  });

  it('keeps the choice with a signed-in seeker (PUT /seeker/preferences), for their e-mails too', async () => {
    const api = fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'PUT /api/v1/seeker/preferences': () => ({ status: 200, body: { language: 'en' } }),
    });
    signIn('access-1');
    const { user } = renderApp('/');
    await user.click(screen.getByRole('button', { name: 'English' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'PUT')).toMatchObject({
        url: '/api/v1/seeker/preferences',
        body: { language: 'en' },
      }),
    );
  });

  it('has the same keys in every catalog', async () => {
    const { ja } = await import('../i18n/ja');
    const { en } = await import('../i18n/en');
    const { jaEasy } = await import('../i18n/ja-easy');
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(en)).toEqual(keys(ja));
    expect(keys(jaEasy)).toEqual(keys(ja));
  });
});
