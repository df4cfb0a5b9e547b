import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { office, signedIn } from '../test/office';
import { fakeApi, renderApp } from '../test/render';
import type { DisclosureSummary } from './views';

const disclosure = (over: Partial<DisclosureSummary>): DisclosureSummary => ({
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  office: '16070',
  status: 'requested',
  authority: '富山県警察本部',
  legalBasis: '刑事訴訟法第197条第2項',
  scope: { from: '2026-12-01', to: '2026-12-14' },
  requestedBy: 'staff:kato',
  requestedAt: '2026-12-15T01:00:00.000Z',
  ...over,
});

describe('Disclosures: the list (R52, R74)', () => {
  it('R52: lists the pending requests to open and approve, marks the member’s own as not theirs to approve, and lists the approved ones', async () => {
    const theirs = disclosure({ id: '6f1c2d3e-0000-4000-8000-000000000002', authority: '警視庁' });
    const yours = disclosure({ id: '6f1c2d3e-0000-4000-8000-000000000003', requestedBy: 'staff:sato' });
    const done = disclosure({
      id: '6f1c2d3e-0000-4000-8000-000000000004',
      authority: '石川県警察本部',
      status: 'approved',
      approvedBy: 'staff:sato',
      approvedAt: '2026-12-15T02:00:00.000Z',
    });
    const yoursDone = disclosure({
      id: '6f1c2d3e-0000-4000-8000-000000000005',
      authority: '富山地方検察庁',
      requestedBy: 'staff:sato',
      status: 'approved',
      approvedBy: 'staff:tanaka',
      approvedAt: '2026-12-15T03:00:00.000Z',
    });
    const api = fakeApi({
      ...office,
      'GET /api/v1/audit/disclosures': () => ({
        status: 200,
        body: { disclosures: [theirs, yours, done, yoursDone] },
      }),
      [`GET /api/v1/audit/disclosures/${theirs.id}`]: () => ({ status: 200, body: theirs }),
    });
    signedIn('sato', 'supervisor');
    const { user } = renderApp('/office/disclosures');

    const pending = await screen.findByRole('region', { name: '承認待ちの開示請求' });
    const rows = within(pending).getAllByTestId('disclosure-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual(['警視庁', '富山県警察本部']);
    // Another's request: open it to approve. The member's own: marked, opened only to read.
    expect(within(rows[0]).queryByText('あなたの請求（承認できません）')).toBeNull();
    expect(within(rows[0]).getByRole('link', { name: /^開いて承認する/ })).toBeTruthy();
    expect(within(rows[1]).getByText('あなたの請求（承認できません）')).toBeTruthy();
    expect(within(rows[1]).queryByRole('link', { name: /開いて承認する/ })).toBeNull();
    expect(within(rows[1]).getByRole('link', { name: /^開く/ }).getAttribute('href')).toBe(
      `/office/disclosures/${yours.id}`,
    );
    expect(screen.getByText('「あなたの請求」と示したものは、別の統括職員が承認します。')).toBeTruthy();

    const approved = screen.getByRole('region', { name: '承認済みの開示請求' });
    const approvedRows = within(approved).getAllByTestId('disclosure-row');
    expect(approvedRows).toHaveLength(2);
    expect(within(approved).getByText('石川県警察本部')).toBeTruthy();
    expect(within(approvedRows[0]).getByText(/^staff:sato（/)).toBeTruthy();
    // The member's own approved request says whose it was, not that it waits for someone else.
    expect(within(approvedRows[1]).getByText('あなたの請求')).toBeTruthy();
    expect(within(approved).queryByText('あなたの請求（承認できません）')).toBeNull();

    // The existing approval flow: the request's own page.
    await user.click(within(rows[0]).getByRole('link', { name: /^開いて承認する/ }));
    expect(await screen.findByRole('button', { name: '承認する' })).toBeTruthy();
    expect(api.calls.some((c) => c.url === `/api/v1/audit/disclosures/${theirs.id}`)).toBe(true);
  });

  it('R52: says when nothing waits and nothing was approved; the request form stays below', async () => {
    fakeApi({
      ...office,
      'GET /api/v1/audit/disclosures': () => ({ status: 200, body: { disclosures: [] } }),
    });
    signedIn('sato', 'supervisor');
    renderApp('/office/disclosures');
    expect(await screen.findByText('承認待ちの開示請求はありません。')).toBeTruthy();
    expect(screen.getByText('承認済みの開示請求はありません。')).toBeTruthy();
    expect(screen.getByRole('button', { name: '開示請求を記録する' })).toBeTruthy();
  });

  it('R52: a list that cannot be read says so, and the request form still works', async () => {
    fakeApi({
      ...office,
      'GET /api/v1/audit/disclosures': () => ({
        status: 503,
        body: { code: 'UPSTREAM_UNAVAILABLE', message: 'x', details: {} },
      }),
    });
    signedIn('sato', 'supervisor');
    renderApp('/office/disclosures');
    await waitFor(() => expect(screen.getAllByRole('alert').length).toBeGreaterThan(0));
    expect(screen.getByRole('button', { name: '開示請求を記録する' })).toBeTruthy();
  });
});
