// R63: every seeker mail in easy Japanese (やさしい日本語) when the seeker chose it: short
// polite sentences, さん instead of 様, no honorific set phrases, dates and times as
// people say them (10時30分, not 10:30), and the same facts as the Japanese mail.
import { formatSlotEasy, formatInstantEasy } from './format';
import type { SeekerMail } from './mail';
import { reservationOffered } from './offer.mail';
import { replyRefused, replyUnreadable } from './reply.mail';
import { SEEKER_TEMPLATES, seekerMail, type SeekerEvent } from './seeker-mail';
import { reminder, reservationConfirmed } from './session.mail';
import { requestReceived } from './templates';
import { termsChanged } from './terms-change.mail';
import { confirmed, context, easy, ja, offered } from './testing/fixtures';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const base = { reservationId: 'r-1', seekerId: 's-1' };
const slot = '2026-12-09T01:00:00.000Z';
const events: SeekerEvent[] = [
  {
    type: 'ReservationRequested',
    data: {
      ...base,
      officeCode: '16070',
      desiredSlots: [slot],
      topic: '相談',
      onlineReason: '子育て',
      ...readySeeker(),
      checklistVersion: '1',
      mayNeedCounter: false,
      language: 'ja-easy',
      requestedAt: '2026-12-01T00:00:00.000Z',
      answerDueBy: '2026-12-04T14:59:59.999Z',
    },
  },
  { type: 'ReservationOffered', data: offered },
  { type: 'ReservationConfirmed', data: confirmed },
  { type: 'ReminderDue', data: { ...base, slot, meetingUrl: confirmed.meetingUrl, at: '2026-12-08T01:00:00.000Z' } },
  {
    type: 'ReservationCancelled',
    data: { ...base, slot, by: 'seeker:s-1', channel: 'web', cancelledAt: '2026-12-03T00:00:00.000Z' },
  },
  { type: 'ReservationLapsed', data: { ...base, lapsedAt: '2026-12-09T15:00:00.000Z' } },
  {
    type: 'ReservationRejected',
    data: { ...base, reason: 'x', by: 'staff:sato', rejectedAt: '2026-12-02T00:00:00.000Z' },
  },
  {
    type: 'AnswerOverdue',
    data: { ...base, answerDueBy: '2026-12-04T14:59:59.999Z', flaggedAt: '2026-12-04T15:00:00.000Z' },
  },
  { type: 'SessionNoShow', data: { ...base, slot, recordedAt: '2026-12-09T01:10:00.000Z' } },
];

const change = {
  version: '2027-01-01',
  previousVersion: '2023-04-01',
  effectiveFrom: '2026-12-31T15:00:00.000Z',
  changeSummary: '第4条: 通信アプリを変更',
  announcedAt: '2026-12-01T00:00:00.000Z',
};

/** Set phrases of respectful Japanese that easy Japanese leaves out (ありがとうございます stays: everyone knows it). */
const HONORIFIC = /様|でございます|いたします|承ります|お申込み|ご予約|ご返信|ご希望|ご登録|お選び|ご確認/;
/** A clock time written as digits with a colon (10:00), outside URLs. */
const CLOCK = /(?<![\w/.-])\d{1,2}:\d{2}/;

function expectEasy(mail: SeekerMail, japanese: SeekerMail) {
  expect(mail.template).toBe(japanese.template);
  expect(mail.subject).toMatch(/^【ハローワーク滑川】/);
  expect(mail.subject).not.toBe(japanese.subject);
  expect(mail.text.startsWith('滑川 太郎 さん\n')).toBe(true);
  expect(mail.text).not.toMatch(HONORIFIC);
  expect(`${mail.subject}\n${mail.text}`).not.toMatch(CLOCK);
  expect(mail.text).toContain('電話 076-475-0324（月曜日から金曜日の10時から16時まで。');
  expect(mail.replyTo).toBe(japanese.replyTo);
  expect(mail.attachments).toEqual(japanese.attachments);
}

describe('seeker mails in easy Japanese (R63)', () => {
  it('R63: every seeker event has an easy-Japanese mail with the same template, reply address and attachments', () => {
    expect(events.map((e) => e.type).sort()).toEqual(Object.keys(SEEKER_TEMPLATES).sort());
    for (const event of events) {
      const mail = seekerMail(event, easy, context);
      expectEasy(mail, seekerMail(event, ja, context));
      expect(mail.text).toContain('受付番号（予約の番号）: r-1');
    }
  });

  it('R63: Japanese stays the default: a contact in Japanese gets the Japanese mail, not the easy one', () => {
    for (const event of events) expect(seekerMail(event, ja, context).text).toMatch(/^滑川 太郎 様\n/);
  });

  it('R63: dates and times are written plainly, with the weekday as a word', () => {
    expect(formatSlotEasy('2026-12-09T01:00:00.000Z')).toBe('2026年12月9日（水よう日） 10時から10時30分まで');
    expect(formatSlotEasy('2026-12-10T05:30:00.000Z')).toBe('2026年12月10日（木よう日） 14時30分から15時まで');
    expect(formatInstantEasy('2026-12-08T14:59:59.999Z')).toBe('2026年12月8日（火よう日） 23時59分');
  });

  it('R63: the request mail in easy Japanese lists the desired slots and when the office answers', () => {
    const mail = requestReceived(events[0].data as never, easy, context.office);
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン相談の申し込みを受け付けました');
    expect(mail.text).toContain('  1: 2026年12月9日（水よう日） 10時から10時30分まで');
    expect(mail.text).toContain('3日以内に、相談できる日と時間をメールで知らせます');
  });

  it('R63: the offer mail in easy Japanese lists each slot with its deadline and says how to reply (R6, R13)', () => {
    const mail = reservationOffered(offered, easy, context, {
      version: '2023-04-01',
      body: '第1条 …',
      upcoming: [],
    });
    expect(mail.text).toMatch(
      /1\. 2026年12月9日（水よう日） 10時から10時30分まで\n\s+返事のしめきり: 2026年12月8日（火よう日） 23時59分/,
    );
    expect(mail.text).toContain('https://soudan.example.jp/ にログインして');
    expect(mail.text).toContain('1行目に、選んだ番号（例: 1）だけを書いてください。');
    expect(mail.text).toContain('返事のあて先: offer-r-1-0123456789abcdef0123@namerikawa.hellowork.example');
    expect(mail.text).toContain('ルール（利用規約 版 2023-04-01）に同意したことになります');
    expect(mail.text).toContain('ルールの全部の文をつけました（terms-2023-04-01.txt）');
    expect(mail.text).toContain('Tele office の利用規約: https://teleoffice.example/terms');
  });

  it('R63: the confirmation and the reminder in easy Japanese give the link, when it opens and the preparation (R15)', () => {
    const mail = reservationConfirmed(confirmed, easy, context, {
      version: '2023-04-01',
      upcoming: [{ version: '2027-01-01', effectiveFrom: change.effectiveFrom, changeSummary: change.changeSummary }],
    });
    expect(mail.text).toContain('■ 参加するためのURL: https://soudan.example.jp/join/tok-abc');
    expect(mail.text).toContain('始まる15分前（9時45分）から、終わる時間（10時30分）まで使えます');
    expect(mail.text).toContain('始まる5分前までに、上のURLからログインしてください。');
    expect(mail.text).toContain('2027年1月1日（金よう日）から、新しいルール（版「2027-01-01」）になります');
    const remind = reminder({ ...base, slot, meetingUrl: confirmed.meetingUrl, at: slot }, easy, context);
    expect(remind.subject).toBe(
      '【ハローワーク滑川】オンライン相談の日が近くなりました（2026年12月9日（水よう日） 10時から10時30分まで）',
    );
    expect(remind.text).toContain('相談の日になったら、電話だけでキャンセルできます（電話 076-475-0324）。');
  });

  it('R63: the terms-change notice and the answers to e-mail replies in easy Japanese (R31, R13, R61)', () => {
    expectEasy(termsChanged(change, easy, context), termsChanged(change, ja, context));
    expect(termsChanged(change, easy, context).text).toContain('■ 変わる日: 2027年1月1日（金よう日）');
    const [first, second] = offered.slots;
    const late = {
      reservationId: 'r-1',
      reason: 'deadline-passed' as const,
      slot: first.start,
      deadline: first.deadline,
      stillOpen: [second.start],
    };
    const refused = replyRefused(late, easy, context);
    expectEasy(refused, replyRefused(late, ja, context));
    expect(refused.text).toContain('しめきり（2026年12月8日（火よう日） 23時59分）を過ぎました。');
    expect(refused.text).toContain('■ まだ選べる日と時間\n  ・2026年12月10日（木よう日） 14時30分から15時まで');
    for (const reason of ['slot-not-held', 'lapsed', 'already-confirmed', 'closed'] as const) {
      const other = { ...late, reason, bookedSlot: second.start };
      expectEasy(replyRefused(other, easy, context), replyRefused(other, ja, context));
    }
    for (const reason of ['unknown-sender', 'empty'] as const) {
      for (const awaitingChoice of [true, false]) {
        const reply = { reservationId: 'r-1', reason, awaitingChoice } as Parameters<typeof replyUnreadable>[0];
        expectEasy(replyUnreadable(reply, easy, context), replyUnreadable(reply, ja, context));
      }
    }
  });
});
