import { reservationOffered } from './offer.mail';
import { context, en, ja, offered } from './testing/fixtures';

const terms = { version: '2023-04-01', body: '# オンライン職業相談等利用規約\n第1条 …', upcoming: [] };

describe('the offer e-mail', () => {
  it('R60/R12: lists the offered slots in Japan time, numbered', () => {
    const mail = reservationOffered(offered, ja, context);
    expect(mail.template).toBe('reservation-offered');
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談 ご予約いただける日時のご案内（要返信）');
    expect(mail.text).toContain('滑川 太郎 様');
    expect(mail.text).toContain('  1. 2026年12月9日(水) 10:00〜10:30');
    expect(mail.text).toContain('  2. 2026年12月10日(木) 14:30〜15:00');
    expect(mail.text).toContain('受付番号: r-1');
  });

  it('R6: the offer states each reply deadline, 23:59 of the day before the slot', () => {
    const text = reservationOffered(offered, ja, context).text;
    expect(text).toMatch(/1\. 2026年12月9日\(水\) 10:00〜10:30\n\s+回答期限: 2026年12月8日\(火\) 23:59/);
    expect(text).toMatch(/2\. 2026年12月10日\(木\) 14:30〜15:00\n\s+回答期限: 2026年12月9日\(水\) 23:59/);
    const english = reservationOffered(offered, en, context).text;
    expect(english).toContain('Reply by: Tue 8 Dec 2026, 23:59 (JST)');
    expect(english).toContain('Reply by: Wed 9 Dec 2026, 23:59 (JST)');
  });

  it('R13: says how to reply (the web app, or a reply with the slot number) and replies go to the per-offer address', () => {
    const mail = reservationOffered(offered, ja, context);
    expect(mail.replyTo).toBe('offer-r-1-0123456789abcdef0123@namerikawa.hellowork.example');
    expect(mail.text).toContain('https://soudan.example.jp/ にログインし');
    expect(mail.text).toContain('本文の1行目に、ご希望の日時の番号（例: 1）だけを書いて');
    expect(mail.text).toContain('ご登録のメールアドレスからご返信ください。');
    expect(mail.text).toContain('返信先: offer-r-1-0123456789abcdef0123@namerikawa.hellowork.example');
    const english = reservationOffered(offered, en, context);
    expect(english.replyTo).toBe('offer-r-1-0123456789abcdef0123@namerikawa.hellowork.example');
    expect(english.text).toContain('reply to this e-mail with only the number of the slot (e.g. 1)');
  });

  it('R13: says that a late reply cannot be accepted and that no reply means the application lapses (R14)', () => {
    const text = reservationOffered(offered, ja, context).text;
    expect(text).toContain('回答期限（各日時の前日 23:59）を過ぎたご返信はお受けできません。');
    expect(text).toContain('お申込みは無効となります（利用規約 第6条(4)）');
    expect(reservationOffered(offered, en, context).text).toContain(
      'A reply after the deadline (23:59 JST on the day before the slot) cannot be accepted.',
    );
  });

  it('R30/R13: names the terms version the reply accepts and links the terms', () => {
    const text = reservationOffered(offered, ja, context).text;
    expect(text).toContain('下記の利用規約（版 2023-04-01）に同意したものとみなし、予約が確定します');
    expect(text).toContain('https://soudan.example.jp/api/v1/terms/current');
    expect(reservationOffered(offered, en, context).text).toContain('accept the terms of use (version 2023-04-01)');
  });

  it('R60 (Art. 6(3)): attaches the terms when the offered version is the one in force, and only then', () => {
    const mail = reservationOffered(offered, ja, context, terms);
    expect(mail.attachments).toEqual([
      { filename: 'terms-2023-04-01.txt', contentType: 'text/plain; charset=utf-8', content: terms.body },
    ]);
    expect(mail.text).toContain('全文をこのメールに添付しています（terms-2023-04-01.txt）');
    const other = reservationOffered(offered, ja, context, { ...terms, version: '2027-01-01' });
    expect(other.attachments).toBeUndefined();
    expect(other.text).not.toContain('添付');
  });

  it("R32: the offer links the meeting app's terms and says using the service means agreeing to them", () => {
    const text = reservationOffered(offered, ja, context).text;
    expect(text).toContain('通信アプリ「Tele office」を使用します');
    expect(text).toContain('Tele office の利用規約にも同意いただいたものとみなします（利用規約 第4条）');
    expect(text).toContain('Tele office 利用規約: https://teleoffice.example/terms');
    const english = reservationOffered(offered, en, context).text;
    expect(english).toContain('agreeing to the Tele office terms of use (Art. 4): https://teleoffice.example/terms');
  });

  it('R31: mentions a change of the terms announced but not yet in force', () => {
    const upcoming = {
      ...terms,
      upcoming: [
        {
          version: '2027-01-01',
          effectiveFrom: '2026-12-31T15:00:00.000Z',
          changeSummary: '第5条を改正\n第12条を追加',
        },
      ],
    };
    const text = reservationOffered(offered, ja, context, upcoming).text;
    expect(text).toContain('■ 利用規約の改定予定');
    expect(text).toContain('2027年1月1日(金)から、版「2027-01-01」が適用されます。');
    expect(text).toContain('    第12条を追加');
    expect(reservationOffered(offered, en, context, upcoming).text).toContain(
      'Version "2027-01-01" applies from Fri 1 Jan 2027.',
    );
    expect(reservationOffered(offered, ja, context, terms).text).not.toContain('改定予定');
  });

  it('R22: the offer says recording is prohibited', () => {
    expect(reservationOffered(offered, ja, context).text).toContain('録画・録音は禁止');
  });

  it('R60: English when the seeker chose it', () => {
    const mail = reservationOffered(offered, en, context);
    expect(mail.subject).toBe('[ハローワーク滑川] Online consultation: please choose a slot');
    expect(mail.text).toContain('Dear Taro Namerikawa,');
    expect(mail.text).toContain('  1. Wed 9 Dec 2026, 10:00-10:30 (JST)');
    expect(mail.text).not.toMatch(/様|予約/);
  });
});
