import { screen, waitFor } from '@testing-library/react';
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
