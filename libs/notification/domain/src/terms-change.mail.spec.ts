import { termsChanged, termsChangeRecipients } from './terms-change.mail';
import { context, en, ja } from './testing/fixtures';

const change = {
  version: '2027-01-01',
  previousVersion: '2023-04-01',
  effectiveFrom: '2026-12-31T15:00:00.000Z',
  changeSummary: '第4条: 通信アプリを変更\n第12条: 録画禁止の対象を明確化',
  announcedAt: '2026-12-01T00:00:00.000Z',
};

describe('the terms-change notice', () => {
  it('R31: gives the new version, its effective date, the summary of changes and where to read it', () => {
    const mail = termsChanged(change, ja, context);
    expect(mail.template).toBe('terms-changed');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談等利用規約の改定のお知らせ');
    expect(mail.text).toContain('（利用規約 第13条）');
    expect(mail.text).toContain('■ 改定後の版: 2027-01-01（現行: 2023-04-01）');
    expect(mail.text).toContain('■ 効力発生日: 2027年1月1日(金)');
    expect(mail.text).toContain('  第4条: 通信アプリを変更\n  第12条: 録画禁止の対象を明確化');
    expect(mail.text).toContain('https://soudan.example.jp/api/v1/terms/current');
  });

  it('R31: in English when the seeker chose it', () => {
    const text = termsChanged(change, en, context).text;
    expect(text).toContain('New version:    2027-01-01 (replaces 2023-04-01)');
    expect(text).toContain('Effective from: Fri 1 Jan 2027');
    expect(text).toContain('https://soudan.example.jp/api/v1/terms/current');
  });

  it('R31: an effective time other than midnight is given to the minute', () => {
    expect(termsChanged({ ...change, effectiveFrom: '2027-01-04T00:30:00.000Z' }, ja, context).text).toContain(
      '■ 効力発生日: 2027年1月4日(月) 09:30',
    );
  });

  it('R31: one recipient per seeker, however many open reservations they hold, in a stable order', () => {
    const open = [
      { reservationId: 'r-3', seekerId: 'b', status: 'confirmed' as const, slot: '2026-12-09T01:00:00.000Z' },
      { reservationId: 'r-1', seekerId: 'a', status: 'requested' as const, slot: null },
      { reservationId: 'r-2', seekerId: 'b', status: 'offered' as const, slot: null },
    ];
    expect(termsChangeRecipients(open)).toEqual([
      { seekerId: 'a', reservationIds: ['r-1'] },
      { seekerId: 'b', reservationIds: ['r-2', 'r-3'] },
    ]);
    expect(termsChangeRecipients([...open].reverse())).toEqual(termsChangeRecipients(open));
    expect(termsChangeRecipients([])).toEqual([]);
  });
});
