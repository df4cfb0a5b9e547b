import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { office, schedule, session, signedIn } from '../test/office';
import { fakeApi, renderApp } from '../test/render';
import { usageCsv } from './audit';
import type { StaffRole } from './staff-session';
import type { UsageReport } from './views';

const as = (...roles: StaffRole[]) => signedIn(roles[0], ...roles);
const navNames = () =>
  within(screen.getByRole('navigation', { name: '職員用メニュー' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('the office console: sign-in and roles', () => {
  it('says a wrong password beside the field, and a counsellor signed in sees only the staff screens', async () => {
    const api = fakeApi({
      ...office,
      'POST /api/v1/auth/staff/session': (call) =>
        (call.body as { password: string }).password === 'right'
          ? { status: 201, body: { accessToken: 'counsellor-token', roles: ['counsellor'] } }
          : { status: 401, body: { code: 'INVALID_CREDENTIALS', message: 'x' } },
      ...schedule(),
    });
    const { user } = renderApp('/office');
    await user.type(screen.getByLabelText('ユーザー名'), 'sato');
    await user.type(screen.getByLabelText('パスワード'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    const password = screen.getByLabelText('パスワード');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toContain('ユーザー名またはパスワードが違います');

    await user.clear(password);
    await user.type(password, 'right');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    expect(await screen.findByRole('heading', { level: 1, name: '本日の相談' })).toBeTruthy();
    expect(navNames()).toEqual(['本日の相談', '申込み', 'アラート', '求職者', 'チラシ']);
    await waitFor(() =>
      expect(api.calls.find((c) => c.url.startsWith('/api/v1/staff/schedule'))?.headers.get('authorization')).toBe(
        'Bearer counsellor-token',
      ),
    );
  });

  it('an auditor has the desk only: no staff screens in the navigation, and a staff address says it is not for them', async () => {
    const api = fakeApi({ ...office });
    as('auditor');
    renderApp('/office/today');
    expect(await screen.findByRole('heading', { level: 1, name: 'この画面は使えません' })).toBeTruthy();
    expect(navNames()).toEqual(['記録の閲覧', '改ざん検査', '利用状況']);
    expect(api.calls.some((c) => c.url.startsWith('/api/v1/staff/'))).toBe(false);
  });

  it('a signed-out visit to a screen goes to the sign-in', async () => {
    fakeApi({ ...office });
    renderApp('/office/requests');
    expect(await screen.findByRole('heading', { level: 1, name: '職員ログイン' })).toBeTruthy();
  });
});

describe('Today (R16, R17, R21)', () => {
  it('lists the day in time order with name, state and link, says when it last heard, and checks in', async () => {
    let status = 'confirmed';
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/schedule': () => ({
        status: 200,
        body: {
          date: '2026-12-09',
          sessions: [
            session({
              id: 'r2',
              seekerName: '富山 花子',
              slot: '2026-12-09T05:00:00.000Z',
              end: '2026-12-09T05:30:00.000Z',
            }),
            session({ status }),
          ],
        },
      }),
      'POST /api/v1/staff/reservations/r1/check-in': () => {
        status = 'in_session';
        return { status: 200, body: { id: 'r1', status } };
      },
    });
    as('counsellor');
    const { user } = renderApp('/office/today?date=2026-12-09');
    const items = await screen.findAllByTestId('session');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual(['10:00 滑川 太郎', '14:00 富山 花子']);
    expect(within(items[0]).getByText('確定')).toBeTruthy();
    expect(
      within(items[0])
        .getByRole('link', { name: /相談室を開く/ })
        .getAttribute('href'),
    ).toBe('https://meet.soudan.example/room/Zq3xK9pLm2Vt7RwA4bNc'); // the room itself, not the seeker's join link
    expect(screen.getByTestId('last-heard').textContent).toMatch(/^最終更新 \d\d:\d\d:\d\d$/);

    await user.click(within(items[0]).getByRole('button', { name: '入室を確認' }));
    expect(await screen.findByText('滑川 太郎さんの入室を記録しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      '/api/v1/staff/reservations/r1/check-in',
    ]);
    const first = (await screen.findAllByTestId('session'))[0];
    await waitFor(() => expect(within(first).getByText('相談中')).toBeTruthy());
  });

  it('R21: ending a session early needs a reason, said beside the field', async () => {
    const api = fakeApi({
      ...office,
      ...schedule(session({ status: 'in_session' })),
      'POST /api/v1/staff/reservations/r1/terminate': () => ({ status: 200, body: { id: 'r1', status: 'terminated' } }),
    });
    as('counsellor');
    const { user } = renderApp('/office/today?date=2026-12-09');
    await user.click(await screen.findByRole('button', { name: '相談を中止' }));
    await user.click(screen.getByRole('button', { name: '中止する' }));
    const reason = screen.getByLabelText('中止の理由');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('理由を入力してください');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    await user.type(reason, '暴言のため');
    await user.click(screen.getByRole('button', { name: '中止する' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST')).toMatchObject({ body: { reason: '暴言のため' } }),
    );
  });
});

describe('Requests (R7, R12)', () => {
  const queue = [
    {
      id: 'new',
      number: 'BBB-222',
      status: 'requested',
      desiredSlots: ['2026-12-10T01:00:00.000Z'],
      offeredSlots: [],
      slot: null,
      topic: '面接の練習',
      mayNeedCounter: false,
      seekerId: 's2',
      requestedAt: '2026-12-04T01:00:00.000Z',
      answerDueBy: '2026-12-09T14:59:59.999Z',
      overdue: false,
      history: [],
    },
    {
      id: 'old',
      number: 'AAA-111',
      status: 'requested',
      desiredSlots: ['2026-12-10T01:00:00.000Z'],
      offeredSlots: [],
      slot: null,
      topic: '応募書類',
      mayNeedCounter: false,
      seekerId: 's1',
      requestedAt: '2026-12-01T01:00:00.000Z',
      answerDueBy: '2026-12-04T14:59:59.999Z',
      overdue: true,
      history: [],
    },
  ];
  const availability = {
    slots: [
      { start: '2026-12-10T01:00:00.000Z', end: '2026-12-10T01:30:00.000Z', remaining: 2, requestable: true },
      {
        start: '2026-12-10T01:30:00.000Z',
        end: '2026-12-10T02:00:00.000Z',
        remaining: 0,
        requestable: false,
        reason: 'SLOT_FULL',
      },
    ],
  };

  it('oldest first with the answer deadline and the overdue flag; a counsellor has no offer button', async () => {
    fakeApi({ ...office, 'GET /api/v1/staff/reservations': () => ({ status: 200, body: { reservations: queue } }) });
    as('counsellor');
    renderApp('/office/requests');
    const items = await screen.findAllByTestId('request');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['予約番号 AAA-111', '予約番号 BBB-222']);
    expect(within(items[0]).getByText('回答期限切れ')).toBeTruthy();
    expect(within(items[1]).queryByText('回答期限切れ')).toBeNull();
    expect(screen.queryByRole('button', { name: '日時を提示' })).toBeNull();
  });

  it('a supervisor offers a slot picked from live availability, a full slot cannot be picked', async () => {
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/reservations': () => ({ status: 200, body: { reservations: queue } }),
      'GET /api/v1/availability': () => ({ status: 200, body: availability }),
      'POST /api/v1/staff/reservations/old/offer': () => ({ status: 200, body: { id: 'old', status: 'offered' } }),
    });
    as('supervisor');
    const { user } = renderApp('/office/requests');
    const first = (await screen.findAllByTestId('request'))[0];
    await user.click(within(first).getByRole('button', { name: '日時を提示' }));
    await user.click(within(first).getByRole('button', { name: 'この日時を提示する' }));
    expect(within(first).getByRole('alert').textContent).toBe('提示する日時を1つ以上選んでください');
    const free = await within(first).findByRole('checkbox', { name: /10:00 残り2/ });
    expect((within(first).getByRole('checkbox', { name: /10:30 満席/ }) as HTMLInputElement).disabled).toBe(true);
    await user.click(free);
    await user.click(within(first).getByRole('button', { name: 'この日時を提示する' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST')).toMatchObject({
        url: '/api/v1/staff/reservations/old/offer',
        body: { slots: ['2026-12-10T01:00:00.000Z'] },
      }),
    );
  });
});

describe('the roster search (R72)', () => {
  it("R72: searches the roster of the member's offices by part of a name, and opens a seeker from the list", async () => {
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/seekers': () => ({
        status: 200,
        body: {
          seekers: [
            {
              jobSeekerNumber: '16070-00000001',
              name: '滑川 太郎',
              officeCode: '16070',
              status: 'registered',
              noShows: 0,
              review: false,
            },
            {
              jobSeekerNumber: '16070-00000002',
              name: '滑川 花子',
              officeCode: '16070',
              status: 'registered',
              suspendedUntil: '2027-03-31T15:00:00.000Z',
              noShows: 2,
              review: false,
            },
          ],
          total: 2,
          truncated: false,
        },
      }),
      'GET /api/v1/staff/seekers/16070-00000002': () => ({
        status: 404,
        body: { code: 'SEEKER_NOT_FOUND', message: 'x' },
      }),
    });
    as('counsellor');
    const { user } = renderApp('/office/seekers');
    await user.click(await screen.findByRole('button', { name: '検索' }));
    expect((await screen.findByRole('alert')).textContent).toContain('求職番号または氏名を入力してください');
    await user.type(screen.getByLabelText('求職番号または氏名'), '滑川');
    await user.click(screen.getByRole('button', { name: '検索' }));
    expect(await screen.findByRole('heading', { name: '該当する求職者（2人）' })).toBeTruthy();
    expect(api.calls.find((c) => c.url.startsWith('/api/v1/staff/seekers?'))?.url).toBe(
      `/api/v1/staff/seekers?q=${encodeURIComponent('滑川')}`,
    );
    const row = screen.getByRole('row', { name: /滑川 花子/ });
    expect(row.textContent).toContain('2027年3月31日(水)まで利用停止');
    await user.click(within(row).getByRole('link', { name: '16070-00000002' }));
    await waitFor(() => expect(api.calls.some((c) => c.url === '/api/v1/staff/seekers/16070-00000002')).toBe(true));
  });
});

describe('the roster import preview (R40)', () => {
  it('checks the file with a dry run first, shows each refused row, and imports only when asked', async () => {
    const api = fakeApi({
      ...office,
      'POST /api/v1/staff/seekers/import': (call) =>
        call.url.includes('dryRun=true')
          ? {
              status: 200,
              body: {
                dryRun: true,
                rows: 3,
                goodRows: 2,
                willImport: 2,
                rejectedCount: 1,
                rejected: [
                  {
                    line: 3,
                    reasons: [
                      { code: 'EMAIL_INVALID', field: 'email', message: 'メールアドレスの形が正しくありません' },
                    ],
                  },
                ],
              },
            }
          : {
              status: 200,
              body: { imported: 2, registered: 1, updated: 1, unchanged: 0, rejected: [], rejectedCount: 0 },
            },
    });
    as('counsellor');
    const { user } = renderApp('/office/seekers');
    await user.upload(
      await screen.findByLabelText('CSVファイル'),
      new File(['求職番号,氏名\n'], 'roster.csv', { type: 'text/csv' }),
    );
    await user.click(screen.getByLabelText('問題のない行だけ取り込む'));
    await user.click(screen.getByRole('button', { name: '内容を確認する（書き込みません）' }));
    expect((await screen.findByTestId('import-preview')).textContent).toContain('取り込める行 2行、取り込めない行 1行');
    expect(screen.getByRole('cell', { name: 'メールアドレスの形が正しくありません（email）' })).toBeTruthy();
    expect(api.calls.map((c) => c.url)).toEqual(['/api/v1/staff/seekers/import?mode=good-rows&dryRun=true']);

    await user.click(screen.getByRole('button', { name: '2行を取り込む' }));
    expect((await screen.findByTestId('import-result')).textContent).toContain('新規 1件、変更 1件');
    expect(api.calls.map((c) => c.url)[1]).toBe('/api/v1/staff/seekers/import?mode=good-rows');
  });
});

describe('usage CSV for Excel in Japan (R74)', () => {
  it('is UTF-8 with a BOM and CRLF, a row per day and slot, headers in the page language, and totals', () => {
    const zero = {
      desired: 0,
      offered: 0,
      confirmed: 0,
      followUps: 0,
      joined: 0,
      checkedIn: 0,
      completed: 0,
      noShows: 0,
      cancelled: 0,
      terminated: 0,
    };
    const report: UsageReport = {
      month: '2026-12',
      days: [
        {
          date: '2026-12-09',
          requests: 2,
          lapsed: 0,
          rejected: 0,
          withdrawn: 0,
          slots: [
            { ...zero, start: '10:00', confirmed: 1, completed: 1 },
            { ...zero, start: '14:00', confirmed: 2 },
          ],
        },
      ],
      totals: { ...zero, confirmed: 3, completed: 1, requests: 2, lapsed: 0, rejected: 0, withdrawn: 0 },
    };
    const csv = usageCsv(report, (key) => ({ date: '日付', slot: '時間枠', confirmed: '確定' })[key] ?? key);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0].split(',').slice(0, 5)).toEqual(['日付', '時間枠', 'desired', 'offered', '確定']);
    expect(lines).toContain('2026-12-09,10:00,0,0,1,0,0,0,1,0,0,0');
    expect(lines).toContain('2026-12-09,dayRow,0,0,3,0,0,0,1,0,0,0');
    expect(lines).toContain('total,,0,0,3,0,0,0,1,0,0,0');
    expect(csv.includes('\n') && !/[^\r]\n/.test(csv)).toBe(true);
  });
});

describe('office settings (R4, R30, R31)', () => {
  it('previews the change notice with its recipients (seekers with a reservation open) before publishing', async () => {
    const reservations = [
      { id: 'a', seekerId: 's1', status: 'confirmed' },
      { id: 'b', seekerId: 's1', status: 'requested' },
      { id: 'c', seekerId: 's2', status: 'offered' },
      { id: 'd', seekerId: 's3', status: 'completed' },
    ];
    const api = fakeApi({
      ...office,
      'GET /api/v1/terms/current': () => ({
        status: 200,
        body: { version: '2026-04-01', effectiveFrom: '2026-04-01T00:00:00+09:00', body: '第1条 …' },
      }),
      'GET /api/v1/staff/reservations': () => ({ status: 200, body: { reservations } }),
      'POST /api/v1/staff/terms': () => ({ status: 201, body: { version: '2027-04-01' } }),
      'GET /api/v1/staff/capacity': () => ({
        status: 200,
        body: { office: '16070', defaultCapacity: 1, slotTimes: ['10:00'], weekdays: {}, dates: {} },
      }),
    });
    as('supervisor');
    const { user } = renderApp('/office/settings');
    expect(await screen.findByText('現在の版：2026-04-01（2026年4月1日(水)から）')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'お知らせを確認する' }));
    expect(screen.getByLabelText('版').getAttribute('aria-invalid')).toBe('true');
    await user.type(screen.getByLabelText('版'), '2027-04-01');
    await user.type(screen.getByLabelText('施行日'), '2027-04-01');
    await user.type(screen.getByLabelText('変更の要旨'), '第5条を変更');
    await user.click(screen.getByRole('button', { name: 'お知らせを確認する' }));
    const preview = await screen.findByTestId('notice-preview');
    expect(preview.textContent).toContain('送信先：予約が進行中の求職者 2人');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'この内容で公表する' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
        version: '2027-04-01',
        effectiveFrom: '2027-04-01T00:00:00+09:00',
        body: '第1条 …',
        changeSummary: '第5条を変更',
      }),
    );
  });
});
