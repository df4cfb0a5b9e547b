import { replyRefused, replyUnreadable, type RefusedReply } from './reply.mail';
import { context, en, ja, offered } from './testing/fixtures';

const [first, second] = offered.slots;
const late: RefusedReply = {
  reservationId: 'r-1',
  reason: 'deadline-passed',
  slot: first.start,
  deadline: first.deadline,
  stillOpen: [second.start],
};

describe('answers to e-mail replies to an offer', () => {
  it('R13: a late reply is refused with a clear message naming the slot and its deadline, and what can still be chosen', () => {
    const mail = replyRefused(late, ja, context);
    expect(mail.template).toBe('reply-refused');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談 ご返信をお受けできませんでした');
    expect(mail.text).toContain('滑川 太郎 様');
    expect(mail.text).toContain('このご返信ではご予約を確定できませんでした');
    expect(mail.text).toContain(
      'ご希望の日時（2026年12月9日(水) 10:00〜10:30）は、回答期限（2026年12月8日(火) 23:59）を過ぎているため、ご予約をお受けできません。',
    );
    expect(mail.text).toContain('■ まだお選びいただける日時\n  ・2026年12月10日(木) 14:30〜15:00');
    expect(mail.text).toContain('受付番号: r-1');
    const english = replyRefused(late, en, context);
    expect(english.text).toContain(
      'The slot you chose (Wed 9 Dec 2026, 10:00-10:30 (JST)) can no longer be booked: the reply deadline (Tue 8 Dec 2026, 23:59 (JST)) has passed.',
    );
    expect(english.text).not.toMatch(/様|予約/);
  });

  it('R17: the answers to a reply give the reservation number a person can read out on the phone', () => {
    expect(replyRefused({ ...late, number: 'K7P-4XA' }, ja, context).text).toContain('受付番号: K7P-4XA');
    expect(replyRefused({ ...late, number: 'K7P-4XA' }, ja, context).text).not.toContain('r-1');
    const unreadable = replyUnreadable(
      { reservationId: 'r-1', number: 'K7P-4XA', reason: 'no-choice', awaitingChoice: true },
      en,
      context,
    ).text;
    expect(unreadable).toContain('K7P-4XA');
    expect(unreadable).not.toContain('r-1');
  });

  it('R13/R14: a reply after the application lapsed says so and how to apply again', () => {
    const text = replyRefused({ ...late, reason: 'lapsed', stillOpen: [] }, ja, context).text;
    expect(text).toContain('このお申込みはすでに無効となっています（利用規約 第6条(4)）');
    expect(text).toContain('改めてご利用になる場合は');
    expect(text).not.toContain('まだお選びいただける');
  });

  it('R13: a reply for a slot no longer held, or to an offer already booked or closed, is refused with its reason', () => {
    expect(replyRefused({ ...late, reason: 'slot-not-held', stillOpen: [] }, ja, context).text).toContain(
      'お取りしておくことができなくなったため',
    );
    const booked = replyRefused(
      { ...late, reason: 'already-confirmed', slot: second.start, bookedSlot: first.start, stillOpen: [] },
      ja,
      context,
    ).text;
    expect(booked).toContain('すでに 2026年12月9日(水) 10:00〜10:30 でご予約が確定しています');
    expect(booked).toContain('ご予約の内容は変わっていません');
    expect(replyRefused({ ...late, reason: 'closed', stillOpen: [] }, ja, context).text).toContain(
      'すでに終了しているため',
    );
  });

  it('R61: an unreadable reply: nothing is booked, the office will contact the seeker, and how to choose now', () => {
    const mail = replyUnreadable({ reservationId: 'r-1', reason: 'no-choice', awaitingChoice: true }, ja, context);
    expect(mail.template).toBe('reply-unreadable');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談 ご返信の内容を確認できませんでした');
    expect(mail.text).toContain('ご希望の日時を読み取ることができませんでした');
    expect(mail.text).toContain('ご予約はまだ確定していません。担当者から改めてご連絡いたします。');
    expect(mail.text).toContain('Webサイト（https://soudan.example.jp/）にログインし');
    expect(mail.text).toContain('本文の1行目にご希望の日時の番号（例: 1）だけを書いて');
    expect(
      replyUnreadable({ reservationId: 'r-1', reason: 'no-choice', awaitingChoice: true }, en, context).text,
    ).toContain('Your booking is NOT confirmed yet. A member of staff will contact you.');
  });

  it('R61: an e-mail to an offer that no longer waits for a choice does not claim that nothing is booked', () => {
    const text = replyUnreadable(
      { reservationId: 'r-1', reason: 'no-choice', awaitingChoice: false },
      ja,
      context,
    ).text;
    expect(text).toContain('自動では処理できませんでした');
    expect(text).toContain('担当者が内容を確認し、必要な場合はご連絡いたします。');
    expect(text).not.toContain('まだ確定していません');
    expect(text).not.toContain('番号（例: 1）');
  });

  it('R61: a reply from another address is not read as consent; the registered address is told', () => {
    const text = replyUnreadable(
      { reservationId: 'r-1', reason: 'unknown-sender', awaitingChoice: true },
      ja,
      context,
    ).text;
    expect(text).toContain('ご登録とは異なるメールアドレスから受け取りました');
    expect(text).toContain('お心当たりのない場合は、お電話でご連絡ください。');
  });
});
