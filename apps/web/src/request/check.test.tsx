import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signIn } from '../api/session';
import { fakeApi, renderApp } from '../test/render';
import { emptyDraft, ENVIRONMENT, saveDraft } from './draft';

function completeDraft() {
  const draft = {
    ...emptyDraft('taro@example.jp'),
    desiredSlots: ['2099-12-09T01:00:00.000Z'],
    name: '滑川 太郎',
    topic: '応募書類の書き方',
    onlineReason: 'childcare' as const,
    devices: ['camera' as const, 'microphone' as const, 'speaker' as const],
    attendee: 'none' as const,
    environment: [...ENVIRONMENT],
    termsRead: true,
  };
  saveDraft(draft);
  return draft;
}

describe('check your answers', () => {
  it('sends once with one Idempotency-Key however often the button is pressed, then confirms with the number', async () => {
    const draft = completeDraft();
    signIn('access-1');
    const api = fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'POST /api/v1/reservations': () => ({
        status: 201,
        body: { id: 'r-1', status: 'requested', number: 'K7P-4XA' },
      }),
      'GET /api/v1/reservations/r-1': () => ({
        status: 200,
        body: { id: 'r-1', status: 'requested', desiredSlots: [], offeredSlots: [], slot: null, history: [] },
      }),
    });
    const { user } = renderApp('/request/check');
    expect(screen.getByRole('heading', { level: 1, name: '申込み内容の確認' })).toBeTruthy();
    expect(screen.getByText('滑川 太郎')).toBeTruthy();
    const send = screen.getByRole('button', { name: 'この内容で申し込む' });
    await user.dblClick(send);
    await user.click(send).catch(() => undefined);

    expect(await screen.findByRole('heading', { level: 1, name: '申込みを受け付けました' })).toBeTruthy();
    expect(screen.getByText('K7P-4XA')).toBeTruthy();
    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.get('idempotency-key')).toBe(draft.idempotencyKey);
    expect(posts[0].body).toMatchObject({ desiredSlots: draft.desiredSlots, onlineReason: '子育て中' });
  });

  it('R5: a refusal (LEAD_TIME) is shown at the top and links to where the answer can be changed', async () => {
    completeDraft();
    signIn('access-1');
    fakeApi({
      'GET /api/v1/office': () => ({ status: 404 }),
      'POST /api/v1/reservations': () => ({ status: 422, body: { code: 'LEAD_TIME', message: 'lead time' } }),
    });
    const { user } = renderApp('/request/check');
    await user.click(screen.getByRole('button', { name: 'この内容で申し込む' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('2営業日前まで');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('sends an incomplete form back to its first unanswered page', async () => {
    saveDraft({ ...emptyDraft(), desiredSlots: ['2099-12-09T01:00:00.000Z'] });
    signIn('access-1');
    fakeApi({ 'GET /api/v1/office': () => ({ status: 404 }) });
    renderApp('/request/check');
    expect(await screen.findByRole('heading', { level: 1, name: 'お名前と連絡先' })).toBeTruthy();
  });
});
