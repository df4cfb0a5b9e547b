import {
  answerOverdue,
  reservationCancelled,
  reservationLapsed,
  reservationRejected,
  sessionNoShow,
} from './outcome.mail';
import { context, en, ja } from './testing/fixtures';

const base = { reservationId: 'r-1', seekerId: 's-1' };
const cancelled = {
  ...base,
  slot: '2026-12-09T01:00:00.000Z',
  by: 'seeker:s-1',
  channel: 'web' as const,
  cancelledAt: '2026-12-03T00:00:00.000Z',
};

describe('the e-mails at the end of a request or booking', () => {
  it('R17: confirms a cancellation with the slot and the channel it came by', () => {
    const mail = reservationCancelled(cancelled, ja, context);
    expect(mail.template).toBe('reservation-cancelled');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のキャンセルのお知らせ');
    expect(mail.text).toContain('次のご予約をキャンセルしました。');
    expect(mail.text).toContain('■ 日時: 2026年12月9日(水) 10:00〜10:30');
    expect(mail.text).toContain('■ キャンセルの受付: Webサイト');
    expect(reservationCancelled({ ...cancelled, channel: 'phone' }, ja, context).text).toContain(
      '■ キャンセルの受付: お電話',
    );
    expect(reservationCancelled({ ...cancelled, channel: 'email' }, ja, context).text).toContain(
      '■ キャンセルの受付: メール',
    );
    expect(reservationCancelled({ ...cancelled, channel: 'phone' }, en, context).text).toContain('Cancelled by phone.');
  });

  it('R17: a cancelled application that had no slot yet says so', () => {
    const text = reservationCancelled({ ...cancelled, slot: null }, ja, context).text;
    expect(text).toContain('オンライン職業相談のお申込みをキャンセルしました。');
    expect(text).not.toContain('■ 日時');
    expect(reservationCancelled({ ...cancelled, slot: null }, en, context).text).toContain(
      'Your application for an online consultation has been cancelled.',
    );
  });

  it('R14: a lapse says no slot was chosen in time (Art. 6(4)) and how to apply again', () => {
    const mail = reservationLapsed({ ...base, lapsedAt: '2026-12-09T15:00:00.000Z' }, ja, context);
    expect(mail.template).toBe('reservation-lapsed');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のお申込みが無効になりました');
    expect(mail.text).toContain('回答期限までにご希望の日時のご返信がなかったため');
    expect(mail.text).toContain('お申込みは無効となりました（利用規約 第6条(4)）');
    expect(mail.text).toContain('Webサイト（https://soudan.example.jp/）またはお電話で、もう一度お申し込みください');
    expect(mail.text).toContain('実施希望日の2営業日前まで');
    const english = reservationLapsed({ ...base, lapsedAt: '2026-12-09T15:00:00.000Z' }, en, context).text;
    expect(english).toContain('your application has lapsed (Art. 6(4))');
    expect(english).toContain('please apply again on the website (https://soudan.example.jp/)');
  });

  it('R60: a rejection asks the seeker to call the office and keeps the staff reason out', () => {
    const rejected = {
      ...base,
      reason: '内部メモ: 重複申込み',
      by: 'staff:sato',
      rejectedAt: '2026-12-02T00:00:00.000Z',
    };
    const mail = reservationRejected(rejected, ja, context);
    expect(mail.template).toBe('reservation-rejected');
    expect(mail.text).toContain('お受けすることができませんでした');
    expect(mail.text).toContain('お電話でお問い合わせください（TEL 076-475-0324）');
    expect(mail.text).not.toContain('内部メモ');
    expect(reservationRejected(rejected, en, context).text).toContain(
      'Please call ハローワーク滑川 for details: TEL 076-475-0324.',
    );
  });

  it('R7: an office late in answering asks the seeker to call, with the phone number of the office', () => {
    const overdue = { ...base, answerDueBy: '2026-12-04T14:59:59.999Z', flaggedAt: '2026-12-04T15:00:00.000Z' };
    const mail = answerOverdue(overdue, ja, context);
    expect(mail.template).toBe('answer-overdue');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のお申込みについて（お電話でご確認ください）');
    expect(mail.text).toContain('3営業日が過ぎましたが、まだ当ハローワークからご案内をお送りできておりません');
    expect(mail.text).toContain('お電話でご確認をお願いいたします（利用規約 第6条(3)）');
    expect(mail.text).toContain('TEL 076-475-0324（相談時間 10:00〜16:00）');
    const english = answerOverdue(overdue, en, context).text;
    expect(english).toContain('please call us to check (Art. 6(3))');
    expect(english).toContain('TEL 076-475-0324 (weekdays 10:00-16:00)');
  });

  it('R18: a no-show says the booking counts as cancelled after 10 minutes without contact, and how to book again', () => {
    const noShow = { ...base, slot: '2026-12-09T01:00:00.000Z', recordedAt: '2026-12-09T01:10:00.000Z' };
    const mail = sessionNoShow(noShow, ja, context);
    expect(mail.template).toBe('session-no-show');
    expect(mail.subject).toBe(
      '【ハローワーク滑川】オンライン職業相談（2026年12月9日(水) 10:00〜10:30）はキャンセル扱いとなりました',
    );
    expect(mail.text).toContain('開始時刻から10分を過ぎてもご参加・ご連絡がなかったため');
    expect(mail.text).toContain('キャンセルとして扱いました（利用規約 第6条(6)）');
    expect(mail.text).toContain('もう一度お申し込みください');
    const english = sessionNoShow(noShow, en, context).text;
    expect(english).toContain('10 minutes after the start');
    expect(english).toContain('recorded as cancelled (Art. 6(6))');
    expect(english).toContain('please apply again');
  });
});
