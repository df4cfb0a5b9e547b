import type { NoShowReviewRequestedV1 } from '@soudan/eligibility-contracts';
import type { MailUndeliverableV1 } from '@soudan/notification-contracts';
import { staffNoShowReview, staffOverdueRequest, staffUndeliverableMail, templateLabelJa } from './staff.mail';
import { context } from './testing/fixtures';

const office = context.office;

describe('the e-mails to the office staff (R60)', () => {
  it('R60: e-mails staff about an overdue request with its number and the deadline that passed (R7)', () => {
    const mail = staffOverdueRequest(
      {
        reservationId: 'r-1',
        seekerId: 's-1',
        answerDueBy: '2026-12-04T14:59:59.999Z',
        flaggedAt: '2026-12-04T15:00:00.000Z',
      },
      office,
    );
    expect(mail.template).toBe('staff-overdue-request');
    expect(mail.subject).toBe('【オンライン職業相談・職員用】回答期限を過ぎたお申込みがあります（受付番号 r-1）');
    expect(mail.text).toContain('ハローワーク滑川 オンライン職業相談 ご担当者様');
    expect(mail.text).toContain('■ 受付番号: r-1');
    expect(mail.text).toContain('■ 回答期限: 2026年12月4日(金) 23:59');
    expect(mail.text).toContain('利用規約 第6条(3)');
    expect(mail.text).not.toContain('s-1');
  });

  const review: NoShowReviewRequestedV1 = {
    seekerId: 'skr_abc',
    reviewId: 'review-7',
    reason: 'no_shows',
    noShows: 2,
    since: '2026-10-01T01:00:00.000Z',
    threshold: 2,
    windowDays: 180,
    reservationId: 'r-9',
    requestedAt: '2026-12-09T01:10:00.000Z',
  };

  it('R60/R19: asks a supervisor to decide on a seeker with repeated no-shows, and says nothing is suspended automatically', () => {
    const mail = staffNoShowReview(review, office);
    expect(mail.template).toBe('staff-no-show-review');
    expect(mail.subject).toContain('無断キャンセルが続いた求職者の利用停止の確認依頼（受付番号 r-9）');
    expect(mail.text).toContain('180日以内に2回ありました（確認の基準: 2回）');
    expect(mail.text).toContain('■ 無断キャンセルの回数: 2回（2026年10月1日(木)以降）');
    expect(mail.text).toContain('利用規約 第6条(6)');
    expect(mail.text).toContain('■ 確認番号: review-7');
    expect(mail.text).toContain('システムが自動で利用を停止することはありません。');
    expect(mail.text).not.toContain('skr_abc');
  });

  it("R60/R21: a session ended for cause asks for the same decision, without the counsellor's note", () => {
    const mail = staffNoShowReview(
      { ...review, reason: 'terminated', noShows: 0, terminationReason: '暴言がありました（氏名: 滑川 太郎）' },
      office,
    );
    expect(mail.subject).toContain('相談を中止した求職者の利用停止の確認依頼（受付番号 r-9）');
    expect(mail.text).toContain('利用規約 第12条(1)');
    expect(mail.text).toContain('■ 中止した相談の受付番号: r-9');
    expect(mail.text).not.toContain('滑川 太郎');
  });

  const undeliverable: MailUndeliverableV1 = {
    template: 'reservation-offered',
    recipient: 'seeker',
    seekerId: 'skr_abc',
    reservationId: 'r-5',
    sourceEventId: 'r-5:ReservationOffered',
    permanent: true,
    responseCode: 550,
    reason: '550 5.1.1 <…>: Recipient address rejected: User unknown',
    attempts: 1,
    failedAt: '2026-12-01T02:00:00.000Z',
  };

  it('R62: tells staff which mail of which reservation did not arrive and what the server answered', () => {
    const mail = staffUndeliverableMail(undeliverable, office);
    expect(mail.template).toBe('staff-undeliverable-mail');
    expect(mail.subject).toBe('【オンライン職業相談・職員用】求職者へのメールを配信できませんでした（受付番号 r-5）');
    expect(mail.text).toContain('メールサーバーに受け取りを拒否されたため');
    expect(mail.text).toContain('■ メール: 日時のご案内（利用規約添付）');
    expect(mail.text).toContain('■ 受付番号: r-5');
    expect(mail.text).toContain('■ 配信できなかった日時: 2026年12月1日(火) 11:00');
    expect(mail.text).toContain('■ メールサーバーの応答: 550 5.1.1 <…>: Recipient address rejected: User unknown');
    expect(mail.text).toContain('お電話などで内容をお伝えし');
  });

  it('R62: a deferral that outlasted the retries says how often it was tried; a terms notice names every reservation', () => {
    const text = staffUndeliverableMail(
      {
        ...undeliverable,
        permanent: false,
        responseCode: 450,
        attempts: 5,
        template: 'terms-changed',
        reservationId: undefined,
        reservationIds: ['r-1', 'r-2'],
      },
      office,
    ).text;
    expect(text).toContain('保留し続けたため（5回試行）');
    expect(text).toContain('■ メール: 利用規約改定のお知らせ');
    expect(text).toContain('■ 受付番号: r-1、r-2');
  });

  it('names a template it does not know by its id', () => {
    expect(templateLabelJa('reply-unreadable')).toBe('reply-unreadable');
  });
});
