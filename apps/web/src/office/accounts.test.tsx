import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import { office, schedule, signedIn, signedInFor } from '../test/office';
import { fakeApi, renderApp, type Call } from '../test/render';
import { staffSession, type StaffRole } from './staff-session';

interface Account {
  username: string;
  roles: StaffRole[];
  offices: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt?: string;
}

/** The gateway's account routes over a list kept here, as the staff directory answers them. */
function directory(initial: Account[]) {
  const accounts = new Map(initial.map((a) => [a.username, { ...a }]));
  const one = (call: Call) => decodeURIComponent(call.url.split('/')[5]);
  const found = (call: Call, change: (a: Account) => void) => {
    const account = accounts.get(one(call));
    if (!account) return { status: 404, body: { code: 'STAFF_USER_NOT_FOUND', message: 'x' } };
    change(account);
    return { status: 200, body: account };
  };
  const routes = {
    'GET /api/v1/staff/users': () => ({
      status: 200,
      body: { users: [...accounts.values()].sort((a, b) => a.username.localeCompare(b.username)) },
    }),
    'POST /api/v1/staff/users': (call: Call) => {
      const body = call.body as { username: string; roles: StaffRole[]; offices?: string[] };
      if (accounts.has(body.username)) return { status: 409, body: { code: 'STAFF_USER_EXISTS', message: 'x' } };
      const account = {
        username: body.username,
        roles: body.roles,
        // The creating administrator's only office when left out (here always 16070).
        offices: body.offices ?? ['16070'],
        disabled: false,
        mustChangePassword: false,
        createdAt: '2026-12-09T00:00:00.000Z',
      };
      accounts.set(body.username, account);
      return { status: 201, body: account };
    },
  };
  const each = {
    roles: (call: Call) => found(call, (a) => (a.roles = (call.body as { roles: StaffRole[] }).roles)),
    offices: (call: Call) => found(call, (a) => (a.offices = (call.body as { offices: string[] }).offices)),
    disable: (call: Call) => found(call, (a) => (a.disabled = true)),
    enable: (call: Call) => found(call, (a) => (a.disabled = false)),
  };
  return { accounts, routes, each };
}

const ACCOUNTS: Account[] = [
  {
    username: 'admin',
    roles: ['admin', 'supervisor'],
    offices: ['*'],
    disabled: false,
    mustChangePassword: false,
    createdAt: '2026-04-01T00:00:00.000Z',
  },
  {
    username: 'sato',
    roles: ['counsellor'],
    offices: ['16070'],
    disabled: false,
    mustChangePassword: true,
    createdAt: '2026-04-01T01:30:00.000Z',
  },
  { username: 'ito', roles: ['auditor'], offices: ['16010', '16999'], disabled: true, mustChangePassword: false },
];

/** GET /offices as the gateway answers it (R72): the offices the administrator works for. */
const officeList = (...offices: Array<[code: string, name: string]>) => ({
  'GET /api/v1/offices': () => ({
    status: 200,
    body: {
      offices: offices.map(([code, name]) => ({
        settings: { code, name, phone: '076-475-0324', email: 'x@example.jp', meetingBaseUrl: 'x', publicBaseUrl: 'x' },
        registeredAt: '2026-04-01T00:00:00.000Z',
        updatedAt: '2026-04-01T00:00:00.000Z',
        changes: 0,
      })),
    },
  }),
});
const NAMERIKAWA: [string, string] = ['16070', 'ハローワーク滑川'];
const TOYAMA: [string, string] = ['16010', 'ハローワーク富山'];

function accountsApi(extra: Record<string, (call: Call) => { status: number; body?: unknown }> = {}) {
  const dir = directory(ACCOUNTS);
  const api = fakeApi({
    ...office,
    ...officeList(NAMERIKAWA),
    ...dir.routes,
    'PUT /api/v1/staff/users/sato/roles': dir.each.roles,
    'PUT /api/v1/staff/users/admin/roles': dir.each.roles,
    'PUT /api/v1/staff/users/sato/offices': dir.each.offices,
    'PUT /api/v1/staff/users/admin/offices': dir.each.offices,
    'POST /api/v1/staff/users/sato/disable': dir.each.disable,
    'POST /api/v1/staff/users/ito/enable': dir.each.enable,
    ...extra,
  });
  return { ...api, dir };
}
const card = async (name: string) => screen.findByRole('listitem', { name: new RegExp(`^${name}`) });
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`);

describe('staff accounts (admin)', () => {
  it('an administrator finds the screen in the menu and sees every account with its roles and standing', async () => {
    accountsApi();
    signedIn('admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/today');
    await user.click(
      within(await screen.findByRole('navigation', { name: '職員用メニュー' })).getByRole('link', {
        name: '職員アカウント',
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: '職員アカウント' })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 2, name: 'アカウント一覧（3件）' })).toBeTruthy();
    expect(screen.getAllByTestId('account').map((item) => item.getAttribute('aria-labelledby'))).toEqual([
      'account-admin',
      'account-ito',
      'account-sato',
    ]);
    const sato = await card('sato');
    expect(within(sato).getByTestId('account-roles').textContent).toBe('相談員');
    expect(within(sato).getByTestId('account-state').textContent).toBe('利用中');
    expect(within(sato).getAllByText('一時パスワード（本人の変更待ち）').length).toBeGreaterThan(0);
    expect(within(sato).getByText('2026年4月1日(水) 10:30')).toBeTruthy();
    const ito = await card('ito');
    expect(within(ito).getByTestId('account-state').textContent).toBe('利用停止中');
    expect(within(ito).getByRole('button', { name: /利用を再開/ })).toBeTruthy();
    // Their own account: roles only; another administrator disables it or resets its password.
    const own = await card('admin');
    expect(within(own).getByTestId('account-roles').textContent).toBe('統括職員・管理者');
    expect(within(own).queryByRole('button', { name: /利用を停止|パスワードを再設定/ })).toBeNull();
    expect(within(own).getByText(/あなた自身のアカウントです/)).toBeTruthy();
  });

  it('is for administrators only: a supervisor has no menu entry, and the address says it is not for them', async () => {
    const api = accountsApi();
    signedIn('tokatsu', 'supervisor');
    renderApp('/office/accounts');
    expect(await screen.findByRole('heading', { level: 1, name: 'この画面は使えません' })).toBeTruthy();
    const menu = screen.getByRole('navigation', { name: '職員用メニュー' });
    expect(within(menu).queryByRole('link', { name: '職員アカウント' })).toBeNull();
    expect(api.calls.some((c) => c.url.startsWith('/api/v1/staff/users'))).toBe(false);
  });

  it('adds an account: each problem beside its field first, a name in use said beside the name, then the new one listed', async () => {
    const api = accountsApi();
    signedIn('admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    await card('sato');
    const add = screen.getByRole('button', { name: 'アカウントを追加する' });
    await user.click(add);
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('半角の英小文字で始まる3〜32文字');
    expect(summary.textContent).toContain('12文字以上で入力してください');
    expect(summary.textContent).toContain('役割を1つ以上選んでください');
    expect(screen.getByLabelText('ユーザー名').getAttribute('aria-invalid')).toBe('true');
    expect(writes(api.calls)).toEqual([]);

    await user.type(screen.getByLabelText('ユーザー名'), 'sato');
    await user.type(screen.getByLabelText('初期パスワード'), 'Unazuki-Onsen-42!');
    await user.click(screen.getByRole('checkbox', { name: /^相談員/ }));
    await user.click(add);
    // Beside the name and in the summary; the other fields are fine now.
    expect(
      await screen.findAllByText('このユーザー名はすでに使われています。別のユーザー名にしてください。'),
    ).toHaveLength(2);
    expect(screen.getByLabelText('ユーザー名').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('初期パスワード').getAttribute('aria-invalid')).toBeNull();

    await user.clear(screen.getByLabelText('ユーザー名'));
    await user.type(screen.getByLabelText('ユーザー名'), 'tanaka.h');
    await user.click(screen.getByRole('checkbox', { name: /^統括職員/ }));
    await user.click(add);
    expect(await screen.findByText('tanaka.h を追加しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { username: 'sato', password: 'Unazuki-Onsen-42!', roles: ['counsellor'] },
      { username: 'tanaka.h', password: 'Unazuki-Onsen-42!', roles: ['counsellor', 'supervisor'] },
    ]);
    expect(within(await card('tanaka.h')).getByTestId('account-roles').textContent).toBe('相談員・統括職員');
    expect((screen.getByLabelText('初期パスワード') as HTMLInputElement).value).toBe('');
  });

  it('changes roles, and says in words why the last administrator keeps the admin role (LAST_ADMIN)', async () => {
    const api = accountsApi({
      'PUT /api/v1/staff/users/admin/roles': () => ({ status: 409, body: { code: 'LAST_ADMIN', message: 'x' } }),
    });
    signedIn('admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    const sato = await card('sato');
    await user.click(within(sato).getByRole('button', { name: '役割を変更（sato）' }));
    await user.click(within(sato).getByRole('checkbox', { name: /^相談員/ }));
    await user.click(within(sato).getByRole('button', { name: '役割を保存する' }));
    const first = within(sato).getByRole('checkbox', { name: /^相談員/ });
    await waitFor(() => expect(document.activeElement).toBe(first));
    const group = within(sato).getByRole('group', { name: 'sato の役割' });
    const described = (group.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(described).toContain('役割を1つ以上選んでください');
    await user.click(within(sato).getByRole('checkbox', { name: /^監査担当/ }));
    await user.click(within(sato).getByRole('button', { name: '役割を保存する' }));
    expect(await screen.findByText('sato の役割を変更しました。')).toBeTruthy();
    await waitFor(() => expect(within(sato).getByTestId('account-roles').textContent).toBe('監査担当'));

    const own = await card('admin');
    await user.click(within(own).getByRole('button', { name: /役割を変更/ }));
    expect(within(own).getByText('あなた自身の役割です。保存すると、あなたもログアウトします。')).toBeTruthy();
    await user.click(within(own).getByRole('checkbox', { name: /^管理者/ }));
    await user.click(within(own).getByRole('button', { name: '役割を保存する' }));
    const refusal = await within(own).findByRole('alert');
    expect(refusal.textContent).toContain(
      '利用できる管理者が1人もいなくなるため、この操作はできません。先に別のアカウントに「管理者」の役割を付けてください。',
    );
    expect(writes(api.calls)).toEqual(['PUT /api/v1/staff/users/sato/roles', 'PUT /api/v1/staff/users/admin/roles']);
    expect(api.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { roles: ['auditor'] },
      { roles: ['supervisor'] },
    ]);
  });

  it('disables and re-enables only after a confirmation; cancelling sends nothing', async () => {
    const api = accountsApi();
    signedIn('admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    const sato = await card('sato');
    await user.click(within(sato).getByRole('button', { name: '利用を停止（sato）' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'sato の利用を停止しますか' });
    expect(dialog.textContent).toContain('ログイン中の画面も、次の操作のときにログアウトします');
    await user.click(within(dialog).getByRole('button', { name: 'やめる' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(writes(api.calls)).toEqual([]);

    await user.click(within(sato).getByRole('button', { name: '利用を停止（sato）' }));
    dialog = await screen.findByRole('alertdialog', { name: 'sato の利用を停止しますか' });
    await user.click(within(dialog).getByRole('button', { name: '利用を停止する' }));
    expect(await screen.findByText('sato の利用を停止しました。')).toBeTruthy();
    await waitFor(() => expect(within(sato).getByTestId('account-state').textContent).toBe('利用停止中'));
    expect(screen.queryByRole('alertdialog')).toBeNull();

    const ito = await card('ito');
    await user.click(within(ito).getByRole('button', { name: '利用を再開（ito）' }));
    dialog = await screen.findByRole('alertdialog', { name: 'ito の利用を再開しますか' });
    await user.click(within(dialog).getByRole('button', { name: '利用を再開する' }));
    await waitFor(() => expect(within(ito).getByTestId('account-state').textContent).toBe('利用中'));
    expect(writes(api.calls)).toEqual(['POST /api/v1/staff/users/sato/disable', 'POST /api/v1/staff/users/ito/enable']);
  });

  it('a reset shows the one-time password once, to be handed over in person and changed at first sign-in', async () => {
    const api = accountsApi({
      'POST /api/v1/staff/users/ito/password-reset': () => ({
        status: 201,
        body: { username: 'ito', temporaryPassword: 'Hk4m-Qz7R-aP3x-Wn8e' },
      }),
    });
    signedIn('admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    const ito = await card('ito');
    expect(within(ito).queryByTestId('temporary-password')).toBeNull();
    await user.click(within(ito).getByRole('button', { name: 'パスワードを再設定（ito）' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'ito のパスワードを再設定しますか' });
    expect(writes(api.calls)).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: '再設定する' }));

    const shown = await within(ito).findByTestId('temporary-password');
    expect(within(shown).getByTestId('temporary-password-value').textContent).toBe('Hk4m-Qz7R-aP3x-Wn8e');
    expect(shown.textContent).toContain('閉じると二度と表示できません');
    expect(shown.textContent).toContain('本人に直接（対面または電話で）伝えてください');
    expect(shown.textContent).toContain('最初のログインのときに、新しいパスワードを決めます');
    await waitFor(() =>
      expect(document.activeElement).toBe(within(shown).getByRole('heading', { name: 'ito の一時パスワード' })),
    );
    expect(writes(api.calls)).toEqual(['POST /api/v1/staff/users/ito/password-reset']);

    await user.click(within(shown).getByRole('button', { name: '伝えたので表示を閉じる' }));
    expect(within(ito).queryByTestId('temporary-password')).toBeNull();
    expect(screen.queryByText('Hk4m-Qz7R-aP3x-Wn8e')).toBeNull();
  });
});

describe('R72: the offices of staff accounts', () => {
  it("R72: shows each account's offices", async () => {
    accountsApi(officeList(TOYAMA, NAMERIKAWA));
    signedInFor(['*'], 'admin', 'admin', 'supervisor');
    renderApp('/office/accounts');
    const sato = await card('sato');
    await waitFor(() =>
      expect(within(sato).getByTestId('account-offices').textContent).toBe('ハローワーク滑川（16070）'),
    );
    // An office GET /offices does not name is shown by its code.
    expect(within(await card('ito')).getByTestId('account-offices').textContent).toBe(
      'ハローワーク富山（16010）、16999',
    );
    expect(within(await card('admin')).getByTestId('account-offices').textContent).toBe('全国');
  });

  it("R72: shows each account's offices in English", async () => {
    await initI18n('en');
    accountsApi(officeList(TOYAMA, NAMERIKAWA));
    signedInFor(['*'], 'admin', 'admin', 'supervisor');
    renderApp('/office/accounts');
    const ito = await card('ito');
    await waitFor(() =>
      expect(within(ito).getByTestId('account-offices').textContent).toBe('ハローワーク富山 (16010), 16999'),
    );
    expect(within(await card('admin')).getByTestId('account-offices').textContent).toBe('All offices');
    expect(within(await card('sato')).getByRole('button', { name: /^Change offices/ })).toBeTruthy();
  });

  it("R72: a national administrator changes an account's offices", async () => {
    const api = accountsApi({
      ...officeList(TOYAMA, NAMERIKAWA),
      'PUT /api/v1/staff/users/admin/offices': () => ({ status: 409, body: { code: 'LAST_ADMIN', message: 'x' } }),
    });
    signedInFor(['*'], 'admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    const sato = await card('sato');
    const change = within(sato).getByRole('button', { name: '担当安定所を変更（sato）' });
    expect(change.getAttribute('aria-expanded')).toBe('false');
    await user.click(change);
    expect(change.getAttribute('aria-expanded')).toBe('true');
    const group = await within(sato).findByRole('group', { name: 'sato の担当安定所' });
    expect(within(group).getByText(/次の操作のときにログアウトし/)).toBeTruthy();
    const all = within(group).getByRole('checkbox', { name: /^全国（すべての安定所）/ });
    const namerikawa = within(group).getByRole('checkbox', { name: 'ハローワーク滑川（16070）' });
    const toyama = within(group).getByRole('checkbox', { name: 'ハローワーク富山（16010）' });
    expect((namerikawa as HTMLInputElement).checked).toBe(true);
    expect((toyama as HTMLInputElement).checked).toBe(false);

    // None, then every office beside one: said beside the group, nothing sent.
    await user.click(namerikawa);
    await user.click(within(sato).getByRole('button', { name: '担当安定所を保存する' }));
    await waitFor(() => expect(document.activeElement).toBe(all));
    expect(within(sato).getByText('担当する安定所を1つ以上選んでください')).toBeTruthy();
    await user.click(all);
    await user.click(toyama);
    await user.click(within(sato).getByRole('button', { name: '担当安定所を保存する' }));
    expect(await within(sato).findByText('「全国」は、ほかの安定所と一緒には選べません')).toBeTruthy();
    expect(writes(api.calls)).toEqual([]);

    await user.click(all);
    await user.click(namerikawa);
    await user.click(within(sato).getByRole('button', { name: '担当安定所を保存する' }));
    expect(await screen.findByText('sato の担当安定所を変更しました。')).toBeTruthy();
    await waitFor(() =>
      expect(within(sato).getByTestId('account-offices').textContent).toBe(
        'ハローワーク富山（16010）、ハローワーク滑川（16070）',
      ),
    );
    expect(within(sato).queryByRole('group', { name: 'sato の担当安定所' })).toBeNull();

    // Their own account, the last national administrator: LAST_ADMIN in words.
    const own = await card('admin');
    await user.click(within(own).getByRole('button', { name: /担当安定所を変更/ }));
    expect(within(own).getByText('あなた自身の担当安定所です。保存すると、あなたもログアウトします。')).toBeTruthy();
    await user.click(within(own).getByRole('checkbox', { name: /^全国/ }));
    await user.click(within(own).getByRole('checkbox', { name: 'ハローワーク滑川（16070）' }));
    await user.click(within(own).getByRole('button', { name: '担当安定所を保存する' }));
    const refusal = await within(own).findByRole('alert');
    expect(refusal.textContent).toContain(
      '全国を担当する管理者が1人もいなくなるため、「全国」を外せません。先に別の管理者アカウントの担当安定所を「全国」にしてください。',
    );
    expect(writes(api.calls)).toEqual([
      'PUT /api/v1/staff/users/sato/offices',
      'PUT /api/v1/staff/users/admin/offices',
    ]);
    expect(api.calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { offices: ['16010', '16070'] },
      { offices: ['16070'] },
    ]);

    // Keeping the offices closes the form and sends nothing.
    await user.click(within(own).getByRole('button', { name: 'やめる' }));
    expect(within(own).queryByRole('group')).toBeNull();
    expect(writes(api.calls)).toHaveLength(2);
  });

  it('R72: a refusal of an office change (OFFICE_FORBIDDEN) is said in words', async () => {
    accountsApi({
      ...officeList(TOYAMA, NAMERIKAWA),
      'PUT /api/v1/staff/users/sato/offices': () => ({
        status: 403,
        body: { code: 'OFFICE_FORBIDDEN', message: 'x' },
      }),
    });
    // Signed in as national, though the gateway no longer sees them so (changed meanwhile).
    signedInFor(['*'], 'admin', 'admin');
    const { user } = renderApp('/office/accounts');
    const sato = await card('sato');
    await user.click(within(sato).getByRole('button', { name: '担当安定所を変更（sato）' }));
    await user.click(within(sato).getByRole('checkbox', { name: 'ハローワーク富山（16010）' }));
    await user.click(within(sato).getByRole('button', { name: '担当安定所を保存する' }));
    expect((await within(sato).findByRole('alert')).textContent).toContain(
      'この操作は、あなたが担当する安定所の範囲ではできません。',
    );
    expect(within(sato).getByTestId('account-offices').textContent).toBe('ハローワーク滑川（16070）');
  });

  it('R72: an office administrator sees no office change action', async () => {
    const api = accountsApi();
    signedInFor(['16070'], 'kacho', 'admin');
    const { user } = renderApp('/office/accounts');
    const sato = await card('sato');
    await waitFor(() =>
      expect(within(sato).getByTestId('account-offices').textContent).toBe('ハローワーク滑川（16070）'),
    );
    for (const item of screen.getAllByTestId('account'))
      expect(within(item).queryByRole('button', { name: /担当安定所を変更/ })).toBeNull();
    // One office: no choice in the add form; the gateway gives the account their office.
    expect(screen.queryByRole('group', { name: '担当安定所' })).toBeNull();
    await user.type(screen.getByLabelText('ユーザー名'), 'tanaka.h');
    await user.type(screen.getByLabelText('初期パスワード'), 'Unazuki-Onsen-42!');
    await user.click(screen.getByRole('checkbox', { name: /^相談員/ }));
    await user.click(screen.getByRole('button', { name: 'アカウントを追加する' }));
    expect(await screen.findByText('tanaka.h を追加しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { username: 'tanaka.h', password: 'Unazuki-Onsen-42!', roles: ['counsellor'] },
    ]);
    expect(within(await card('tanaka.h')).getByTestId('account-offices').textContent).toBe('ハローワーク滑川（16070）');
  });

  it("R72: an administrator of several offices chooses the new account's offices, among theirs only", async () => {
    let refuse = true;
    const dir = directory(ACCOUNTS);
    const api = fakeApi({
      ...office,
      ...officeList(TOYAMA, NAMERIKAWA),
      ...dir.routes,
      'POST /api/v1/staff/users': (call) => {
        // Once: as if an office had been taken from the administrator meanwhile.
        if (refuse) {
          refuse = false;
          return { status: 403, body: { code: 'OFFICE_FORBIDDEN', message: 'x' } };
        }
        return dir.routes['POST /api/v1/staff/users'](call);
      },
    });
    signedInFor(['16010', '16070'], 'kacho', 'admin');
    const { user } = renderApp('/office/accounts');
    await card('sato');
    const group = await screen.findByRole('group', { name: '担当安定所' });
    expect(
      within(group)
        .getAllByRole('checkbox')
        .map((box) => box.closest('label')?.textContent),
    ).toEqual(['ハローワーク富山（16010）', 'ハローワーク滑川（16070）']);
    expect(within(group).queryByRole('checkbox', { name: /全国/ })).toBeNull();

    const add = screen.getByRole('button', { name: 'アカウントを追加する' });
    await user.type(screen.getByLabelText('ユーザー名'), 'tanaka.h');
    await user.type(screen.getByLabelText('初期パスワード'), 'Unazuki-Onsen-42!');
    await user.click(screen.getByRole('checkbox', { name: /^相談員/ }));
    await user.click(add);
    expect((await screen.findByRole('alert')).textContent).toContain('担当する安定所を1つ以上選んでください');
    expect(writes(api.calls)).toEqual([]);

    await user.click(within(group).getByRole('checkbox', { name: 'ハローワーク富山（16010）' }));
    await user.click(add);
    expect(await screen.findAllByText('あなたが担当していない安定所は選べません')).toHaveLength(2);
    await user.click(add);
    expect(await screen.findByText('tanaka.h を追加しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { username: 'tanaka.h', password: 'Unazuki-Onsen-42!', roles: ['counsellor'], offices: ['16010'] },
      { username: 'tanaka.h', password: 'Unazuki-Onsen-42!', roles: ['counsellor'], offices: ['16010'] },
    ]);
    expect(within(await card('tanaka.h')).getByTestId('account-offices').textContent).toBe('ハローワーク富山（16010）');
  });

  it('R72: a national administrator of a one-office deployment finds its office chosen for a new account', async () => {
    const api = accountsApi();
    signedInFor(['*'], 'admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    await card('sato');
    const group = await screen.findByRole('group', { name: '担当安定所' });
    const namerikawa = within(group).getByRole('checkbox', { name: 'ハローワーク滑川（16070）' });
    await waitFor(() => expect((namerikawa as HTMLInputElement).checked).toBe(true));
    expect((within(group).getByRole('checkbox', { name: /^全国/ }) as HTMLInputElement).checked).toBe(false);
    await user.type(screen.getByLabelText('ユーザー名'), 'tanaka.h');
    await user.type(screen.getByLabelText('初期パスワード'), 'Unazuki-Onsen-42!');
    await user.click(screen.getByRole('checkbox', { name: /^相談員/ }));
    await user.click(screen.getByRole('button', { name: 'アカウントを追加する' }));
    expect(await screen.findByText('tanaka.h を追加しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { username: 'tanaka.h', password: 'Unazuki-Onsen-42!', roles: ['counsellor'], offices: ['16070'] },
    ]);
    // Ready for the next account: the office ticked again.
    await waitFor(() => expect((namerikawa as HTMLInputElement).checked).toBe(true));
  });

  it('R72: a national administrator may give every office (全国) to a new account', async () => {
    const api = accountsApi(officeList(TOYAMA, NAMERIKAWA));
    signedInFor(['*'], 'admin', 'admin', 'supervisor');
    const { user } = renderApp('/office/accounts');
    await card('sato');
    const group = await screen.findByRole('group', { name: '担当安定所' });
    await user.type(screen.getByLabelText('ユーザー名'), 'kuni');
    await user.type(screen.getByLabelText('初期パスワード'), 'Unazuki-Onsen-42!');
    await user.click(screen.getByRole('checkbox', { name: /^管理者/ }));
    await user.click(within(group).getByRole('checkbox', { name: /^全国（すべての安定所）/ }));
    await user.click(screen.getByRole('button', { name: 'アカウントを追加する' }));
    expect(await screen.findByText('kuni を追加しました。')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { username: 'kuni', password: 'Unazuki-Onsen-42!', roles: ['admin'], offices: ['*'] },
    ]);
    expect(within(await card('kuni')).getByTestId('account-offices').textContent).toBe('全国');
    expect((within(group).getByRole('checkbox', { name: /^全国/ }) as HTMLInputElement).checked).toBe(false);
  });
});

describe('staff sign-in after a reset, and the end of a sign-in', () => {
  it('a one-time password leads to choosing a new password, which signs in (POST /auth/staff/password)', async () => {
    const api = fakeApi({
      ...office,
      'POST /api/v1/auth/staff/session': () => ({
        status: 403,
        body: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'x' },
      }),
      'POST /api/v1/auth/staff/password': (call) =>
        (call.body as { newPassword: string }).newPassword === 'Toyama-Bay-Lights-9#'
          ? { status: 201, body: { accessToken: 'new-token', roles: ['counsellor'], offices: ['16070'] } }
          : { status: 400, body: { code: 'WEAK_PASSWORD', message: 'x', details: { fields: { newPassword: ['x'] } } } },
      ...schedule(),
    });
    const { user } = renderApp('/office');
    await user.type(screen.getByLabelText('ユーザー名'), 'sato');
    await user.type(screen.getByLabelText('パスワード'), 'Hk4m-Qz7R-aP3x-Wn8e');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));

    expect(await screen.findByRole('heading', { level: 1, name: '新しいパスワードの設定' })).toBeTruthy();
    expect(screen.getByTestId('new-password-account').textContent).toBe('ユーザー名：sato');
    const fresh = screen.getByLabelText('新しいパスワード');
    const again = screen.getByLabelText('新しいパスワード（確認）');
    await user.type(fresh, 'short');
    await user.click(screen.getByRole('button', { name: 'パスワードを設定してログイン' }));
    expect(fresh.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('12文字以上で入力してください');

    await user.clear(fresh);
    await user.type(fresh, 'Password-Password-1');
    await user.type(again, 'Password-Password-2');
    await user.click(screen.getByRole('button', { name: 'パスワードを設定してログイン' }));
    expect(again.getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.url === '/api/v1/auth/staff/password')).toEqual([]);

    // The gateway's own policy (common words): said beside the field.
    await user.clear(again);
    await user.type(again, 'Password-Password-1');
    await user.click(screen.getByRole('button', { name: 'パスワードを設定してログイン' }));
    await waitFor(() => expect(fresh.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByRole('alert').textContent).toContain('このパスワードは使えません');

    await user.clear(fresh);
    await user.type(fresh, 'Toyama-Bay-Lights-9#');
    await user.clear(again);
    await user.type(again, 'Toyama-Bay-Lights-9#');
    await user.click(screen.getByRole('button', { name: 'パスワードを設定してログイン' }));
    expect(await screen.findByRole('heading', { level: 1, name: '本日の相談' })).toBeTruthy();
    expect(api.calls.filter((c) => c.url === '/api/v1/auth/staff/password').map((c) => c.body)).toEqual([
      { username: 'sato', password: 'Hk4m-Qz7R-aP3x-Wn8e', newPassword: 'Password-Password-1' },
      { username: 'sato', password: 'Hk4m-Qz7R-aP3x-Wn8e', newPassword: 'Toyama-Bay-Lights-9#' },
    ]);
    expect(staffSession()).toEqual({
      token: 'new-token',
      username: 'sato',
      roles: ['counsellor'],
      offices: ['16070'],
    });
  });

  it('R72: a session kept before offices were answered reads as no offices known', () => {
    sessionStorage.setItem('soudan.staff', JSON.stringify({ token: 'old', username: 'sato', roles: ['counsellor'] }));
    expect(staffSession()).toEqual({ token: 'old', username: 'sato', roles: ['counsellor'], offices: [] });
  });

  it('a disabled account is told so at sign-in', async () => {
    fakeApi({
      ...office,
      'POST /api/v1/auth/staff/session': () => ({ status: 403, body: { code: 'ACCOUNT_DISABLED', message: 'x' } }),
    });
    const { user } = renderApp('/office');
    await user.type(screen.getByLabelText('ユーザー名'), 'ito');
    await user.type(screen.getByLabelText('パスワード'), 'Kamiichi-Bridge-77&');
    await user.click(screen.getByRole('button', { name: 'ログイン' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'このアカウントは利用停止中です。管理者にお問い合わせください。',
    );
  });

  it('a sign-in ended by an administrator (401 TOKEN_REVOKED) signs out and says why', async () => {
    fakeApi({
      ...office,
      'GET /api/v1/staff/schedule': () => ({ status: 401, body: { code: 'TOKEN_REVOKED', message: 'x' } }),
    });
    signedIn('sato', 'counsellor');
    renderApp('/office/today');
    expect(await screen.findByRole('heading', { level: 1, name: '職員ログイン' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'ログアウトしました' })).toBeTruthy();
    expect(
      screen.getByText(/管理者がこのアカウントの役割・担当安定所・パスワード・利用停止のいずれかを変更したため/),
    ).toBeTruthy();
    expect(staffSession()).toBeUndefined();
  });
});
