import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { office, signedIn } from '../test/office';
import { fakeApi, renderApp } from '../test/render';

/** GET /staff/capacity as scheduling answers it: Monday and Thursday set, one date overridden. */
const capacity = {
  office: '16070',
  defaultCapacity: 1,
  slotTimes: ['10:00', '10:30', '11:00'],
  weekdays: { '1': { '10:00': 2 }, '4': { '10:00': 3 } },
  // 2026-12-24 is a Thursday.
  dates: { '2026-12-24': { '10:30': 0 } },
};
const count = (time: string) => screen.getByLabelText<HTMLInputElement>(time);
/** The words beside a count saying where it comes from (none for a count set for the choice itself). */
const source = (time: string) => {
  const ids = count(time).getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent).join(' ');
};

describe('office settings: capacity read back (R4)', () => {
  it('R4: prefills the chosen weekday and date from the office’s setting, says which counts are the default, and shows what was saved', async () => {
    let saved: unknown;
    const api = fakeApi({
      ...office,
      'GET /api/v1/staff/capacity': () => ({ status: 200, body: capacity }),
      'PUT /api/v1/staff/capacity': (call) => {
        saved = call.body;
        const body = call.body as { weekday: number; slots: Record<string, number> };
        return { status: 200, body: { scope: { weekday: body.weekday }, slots: body.slots } };
      },
    });
    signedIn('kanda', 'supervisor');
    const { user } = renderApp('/office/settings');

    // Monday: 10:00 is set (2), the others take the default.
    await waitFor(() => expect(count('10:00').value).toBe('2'));
    expect(screen.getByText('設定していない枠は、既定の1人です。')).toBeTruthy();
    expect([count('10:30').value, count('11:00').value]).toEqual(['1', '1']);
    expect(source('10:00')).toBe('');
    expect(source('10:30')).toBe('既定');

    // Tuesday has nothing set.
    await user.selectOptions(screen.getByLabelText('曜日'), '2');
    expect([count('10:00').value, count('10:30').value, source('10:00')]).toEqual(['1', '1', '既定']);

    // A date: its own override, else its weekday's (Thursday), else the default.
    await user.click(screen.getByLabelText('特定の日'));
    await user.type(screen.getByLabelText('日付'), '2026-12-24');
    expect([count('10:00').value, source('10:00')]).toEqual(['3', '曜日の設定']);
    expect([count('10:30').value, source('10:30')]).toEqual(['0', 'この日の設定']);
    expect([count('11:00').value, source('11:00')]).toEqual(['1', '既定']);

    // Back to Monday: change 10:30 and save; what was saved shows, set (no longer the default).
    await user.click(screen.getByLabelText('曜日ごと'));
    await user.selectOptions(screen.getByLabelText('曜日'), '1');
    await user.clear(count('10:30'));
    await user.type(count('10:30'), '5');
    expect(source('10:30')).toBe('');
    await user.click(screen.getByRole('button', { name: '相談枠を保存する' }));
    expect(
      await screen.findByText('月曜日の相談枠を保存しました。 保存した人数：10:00 2人、10:30 5人、11:00 1人'),
    ).toBeTruthy();
    expect(saved).toEqual({ weekday: 1, slots: { '10:00': 2, '10:30': 5, '11:00': 1 } });
    expect([count('10:00').value, count('10:30').value, count('11:00').value]).toEqual(['2', '5', '1']);
    expect([source('10:30'), source('11:00')]).toEqual(['', '']);
    // No office named: the member's own, as the PUT.
    expect(api.calls.find((c) => c.method === 'GET' && c.url.startsWith('/api/v1/staff/capacity'))?.url).toBe(
      '/api/v1/staff/capacity',
    );
  });

  it('R4: when the setting cannot be read, says so and starts every slot from one', async () => {
    fakeApi({
      ...office,
      'GET /api/v1/staff/capacity': () => ({ status: 503, body: { code: 'UPSTREAM_UNAVAILABLE', message: 'x' } }),
    });
    signedIn('kanda', 'supervisor');
    renderApp('/office/settings');
    expect(await screen.findByText('現在の設定を読み込めませんでした。各枠は1人から始まります。')).toBeTruthy();
    expect([count('10:00').value, source('10:00')]).toEqual(['1', '既定']);
  });
});

/** GET /staff/calendar as scheduling answers it: 10:00-16:00 in 30-minute slots, two closed days. */
const calendar = {
  office: '16070',
  hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
  closures: ['2027-02-12', '2026-12-28'],
};
const calendarOffice = (put: (body: unknown) => { status: number; body?: unknown }) => {
  const puts: unknown[] = [];
  const api = fakeApi({
    ...office,
    'GET /api/v1/staff/capacity': () => ({ status: 200, body: capacity }),
    'GET /api/v1/staff/calendar': () => ({ status: 200, body: calendar }),
    'PUT /api/v1/staff/calendar': (call) => {
      puts.push(call.body);
      return put(call.body);
    },
  });
  signedIn('kanda', 'supervisor');
  return { api, puts };
};
const select = (label: string) => screen.getByLabelText<HTMLSelectElement>(label);
const closedDays = () =>
  within(screen.getByRole('list', { name: '休業日の一覧' }))
    .getAllByRole('listitem')
    .map((item) => item.firstElementChild?.firstElementChild?.textContent);

describe('office settings: hours and closed days (R2, R3, R70)', () => {
  it('R3: prefills the hours and the closed days in order, and sends only the hours when they change', async () => {
    const { api, puts } = calendarOffice(() => ({
      status: 200,
      body: { office: {}, outcome: 'changed', changed: ['hours'] },
    }));
    const { user } = renderApp('/office/settings');

    await waitFor(() => expect(select('開始').value).toBe('10:00'));
    expect([select('終了').value, select('1枠の長さ').value]).toEqual(['16:00', '30']);
    expect(closedDays()).toEqual(['2026年12月28日(月)', '2027年2月12日(金)']);
    expect(screen.getByText(/すでに入っている予約は、取り消されずに残ります。/)).toBeTruthy();

    const reads = () => api.calls.filter((c) => c.method === 'GET' && c.url === '/api/v1/staff/capacity').length;
    const before = reads();
    await user.selectOptions(select('開始'), '09:00');
    await user.selectOptions(select('1枠の長さ'), '60');
    await user.click(screen.getByRole('button', { name: '相談時間を保存する' }));
    expect(await screen.findByText('保存しました。変更した設定：相談時間')).toBeTruthy();
    expect(puts).toEqual([{ hours: { open: '09:00', close: '16:00', slotMinutes: 60 } }]);
    // The capacity form reads its slots again, after the new hours.
    await waitFor(() => expect(reads()).toBeGreaterThan(before));
  });

  it('R2: a closed day added and one removed send the whole list; an unchanged save says so', async () => {
    const { puts } = calendarOffice(() => ({
      status: 200,
      body: {
        office: {},
        outcome: puts.length > 1 ? 'unchanged' : 'changed',
        changed: puts.length > 1 ? [] : ['closures'],
      },
    }));
    const { user } = renderApp('/office/settings');
    await waitFor(() => expect(closedDays()).toHaveLength(2));

    await user.type(screen.getByLabelText('追加する休業日'), '2027-01-15');
    await user.click(screen.getByRole('button', { name: '一覧に追加' }));
    await user.click(screen.getByRole('button', { name: '削除（2026年12月28日(月)）' }));
    expect(closedDays()).toEqual(['2027年1月15日(金)', '2027年2月12日(金)']);
    await user.click(screen.getByRole('button', { name: '休業日を保存する' }));
    expect(await screen.findByText('保存しました。変更した設定：休業日')).toBeTruthy();
    expect(puts).toEqual([{ closures: ['2027-01-15', '2027-02-12'] }]);

    await user.click(screen.getByRole('button', { name: '休業日を保存する' }));
    expect(await screen.findByText('保存しました。設定は前と同じで、変更はありません。')).toBeTruthy();
  });

  it('R70: a day already listed is not added twice', async () => {
    const { puts } = calendarOffice(() => ({ status: 500 }));
    const { user } = renderApp('/office/settings');
    await waitFor(() => expect(closedDays()).toHaveLength(2));
    await user.type(screen.getByLabelText('追加する休業日'), '2027-02-12');
    await user.click(screen.getByRole('button', { name: '一覧に追加' }));
    expect(await screen.findByText('この日はすでに休業日の一覧にあります')).toBeTruthy();
    expect([closedDays(), puts]).toEqual([['2026年12月28日(月)', '2027年2月12日(金)'], []]);
  });

  it('R70: hours refused (422 OFFICE_SETTINGS_INVALID) are named beside the slot length', async () => {
    calendarOffice(() => ({
      status: 422,
      body: {
        code: 'OFFICE_SETTINGS_INVALID',
        message: 'the office settings are not valid',
        details: { fields: { 'hours.slotMinutes': ['does not divide'] } },
      },
    }));
    const { user } = renderApp('/office/settings');
    await waitFor(() => expect(select('開始').value).toBe('10:00'));
    await user.selectOptions(select('1枠の長さ'), '20');
    await user.click(screen.getByRole('button', { name: '相談時間を保存する' }));
    const message = await screen.findByText(/1枠の長さで割り切れません。時刻か1枠の長さを選び直してください/);
    expect(select('1枠の長さ').getAttribute('aria-describedby')).toBe(message.id);
    expect(select('1枠の長さ').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/設定を保存できませんでした。相談時間が1枠の長さで割り切れないか/)).toBeTruthy();
  });

  it('R70: a closed day refused (422) is named beside that day', async () => {
    calendarOffice(() => ({
      status: 422,
      body: {
        code: 'OFFICE_SETTINGS_INVALID',
        message: 'the office settings are not valid',
        details: { fields: { 'closures.1': ['no such date'] } },
      },
    }));
    const { user } = renderApp('/office/settings');
    await waitFor(() => expect(closedDays()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: '休業日を保存する' }));
    const message = await screen.findByText('この日付は存在しません。削除して、正しい日付を追加してください');
    expect(screen.getByRole('button', { name: '削除（2027年2月12日(金)）' }).getAttribute('aria-describedby')).toBe(
      message.id,
    );
  });

  it('R3: hours whose end is not after their start are not sent', async () => {
    const { puts } = calendarOffice(() => ({ status: 500 }));
    const { user } = renderApp('/office/settings');
    await waitFor(() => expect(select('開始').value).toBe('10:00'));
    await user.selectOptions(select('終了'), '09:30');
    await user.click(screen.getByRole('button', { name: '相談時間を保存する' }));
    expect(await screen.findByText('終了は開始より後の時刻にしてください')).toBeTruthy();
    expect(puts).toEqual([]);
  });
});
