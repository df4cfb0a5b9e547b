import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import { office, schedule, session, signedIn } from '../test/office';
import { fakeApi, renderApp } from '../test/render';

describe('the console in やさしい にほんご', () => {
  it('the staff sign-in reads in easy Japanese', async () => {
    await initI18n('ja-easy');
    fakeApi({ ...office });
    renderApp('/office');
    expect(await screen.findByRole('heading', { level: 1, name: '職員の ログイン' })).toBeTruthy();
    expect(screen.getByText('職員の ユーザー名と パスワードを 書いて ください。')).toBeTruthy();
  });

  it('Today reads in easy Japanese: its title, the menu and a session’s state', async () => {
    await initI18n('ja-easy');
    fakeApi({ ...office, ...schedule(session()) });
    signedIn('sato', 'counsellor');
    renderApp('/office/today?date=2026-12-09');
    expect(await screen.findByRole('heading', { level: 1, name: 'きょうの そうだん' })).toBeTruthy();
    const [item] = await screen.findAllByTestId('session');
    expect(within(item).getByText('きまった')).toBeTruthy();
    expect(within(item).getByRole('button', { name: '入った ことを きろく' })).toBeTruthy();
    expect(
      within(screen.getByRole('navigation', { name: '職員の メニュー' }))
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['きょうの そうだん', 'もうしこみ', 'おしらせ（アラート）', 'しごとを さがす 人', 'チラシ']);
  });
});
