import { reminder, reservationConfirmed } from './session.mail';
import { confirmed, context, en, ja } from './testing/fixtures';

const reminderData = {
  reservationId: 'r-1',
  seekerId: 's-1',
  slot: confirmed.slot,
  meetingUrl: confirmed.meetingUrl,
  at: '2026-12-08T01:00:00.000Z',
};

describe('the confirmation with the invitation', () => {
  it('R15: confirms the date and time and gives the meeting URL', () => {
    const mail = reservationConfirmed(confirmed, ja, context);
    expect(mail.template).toBe('reservation-confirmed');
    expect(mail.subject).toBe(
      '【ハローワーク滑川】オンライン職業相談のご予約が確定しました（2026年12月9日(水) 10:00〜10:30）',
    );
    expect(mail.text).toContain('オンライン職業相談のご予約が確定しました。');
    expect(mail.text).toContain('■ 日時: 2026年12月9日(水) 10:00〜10:30');
    expect(mail.text).toContain('■ 参加用URL: https://soudan.example.jp/join/tok-abc');
    const english = reservationConfirmed(confirmed, en, context);
    expect(english.text).toContain('Date and time: Wed 9 Dec 2026, 10:00-10:30 (JST)');
    expect(english.text).toContain('Link to join:  https://soudan.example.jp/join/tok-abc');
  });

  it('R60: attaches the iCalendar file', () => {
    const [ics] = reservationConfirmed(confirmed, ja, context).attachments ?? [];
    expect(ics.filename).toBe('online-soudan.ics');
    expect(ics.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    expect(ics.content).toContain('BEGIN:VEVENT');
  });

  it('R15: says the join link opens 15 minutes before the start', () => {
    expect(reservationConfirmed(confirmed, ja, context).text).toContain(
      'URLは開始15分前（09:45）から、相談の終了時刻（10:30）まで有効です。',
    );
    expect(reservationConfirmed(confirmed, en, context).text).toContain(
      'The link opens 15 minutes before the start (09:45) and works until the end (10:30).',
    );
  });

  it('R60: the invitation carries the preparation guide of the flyer, with "log in 5 minutes early"', () => {
    const text = reservationConfirmed(confirmed, ja, context).text;
    expect(text).toContain('■ 当日の準備');
    expect(text).toContain('フル充電');
    expect(text).toContain('マイク・カメラを調整');
    expect(text).toContain('音の出るものは、スイッチを切るか音の出ない設定に');
    expect(text).toContain('雑音が入らず、余計なものが背景に映り込まない');
    expect(text).toContain('開始5分前までに上記のURLからログインしてください');
    const english = reservationConfirmed(confirmed, en, context).text;
    expect(english).toContain('Fully charge the device');
    expect(english).toContain('Adjust your microphone and camera');
    expect(english).toContain('Switch off anything that makes noise');
    expect(english).toContain('Join from a quiet place');
    expect(english).toContain('at least 5 minutes before the start');
  });

  it('R22: the invitation says recording is prohibited', () => {
    expect(reservationConfirmed(confirmed, ja, context).text).toContain(
      '相談の録画・録音は、方法を問わず禁止です（利用規約 第12条(2)）。',
    );
    expect(reservationConfirmed(confirmed, en, context).text).toContain(
      'Recording or filming the consultation, by any means, is prohibited (Art. 12(2)).',
    );
  });

  it('R17: says how to cancel: online or by e-mail until the day before, by phone only on the day', () => {
    const text = reservationConfirmed(confirmed, ja, context).text;
    expect(text).toContain('相談日の前日までは、Webサイト・メール・お電話で承ります。');
    expect(text).toContain('当日のキャンセルは、お電話のみで承ります（TEL 076-475-0324）。');
    expect(text).toContain('メール: 16070hw01@mhlw.go.jp');
    expect(reservationConfirmed(confirmed, en, context).text).toContain(
      'On the day itself, cancel by phone only (TEL 076-475-0324).',
    );
  });

  it('R16: a follow-up says the counsellor booked it during the session', () => {
    const followUp = { ...confirmed, channel: 'follow-up' as const };
    expect(reservationConfirmed(followUp, ja, context).text).toContain(
      '前回の相談の際に相談員がお取りした、次回のオンライン職業相談のご予約が確定しました',
    );
    expect(reservationConfirmed(followUp, en, context).text).toContain(
      'the follow-up consultation your counsellor booked with you during your session',
    );
    expect(reservationConfirmed(confirmed, ja, context).text).not.toContain('相談員がお取りした');
  });

  it('R30: names the terms version the seeker accepted', () => {
    expect(reservationConfirmed(confirmed, ja, context).text).toContain('同意いただいた利用規約: 版 2023-04-01');
  });

  it('R31: mentions a change of the terms announced but not yet in force', () => {
    const terms = {
      version: '2023-04-01',
      upcoming: [{ version: 'v2', effectiveFrom: '2027-01-04T00:00:00.000Z', changeSummary: '第4条のアプリを変更' }],
    };
    expect(reservationConfirmed(confirmed, ja, context, terms).text).toContain(
      '2027年1月4日(月) 09:00から、版「v2」が適用されます。',
    );
  });
});

describe('the reminder the day before', () => {
  it('R60: gives the time, the URL and "log in 5 minutes early"', () => {
    const mail = reminder(reminderData, ja, context);
    expect(mail.template).toBe('reminder');
    expect(mail.subject).toBe(
      '【ハローワーク滑川】オンライン職業相談 ご予約日のお知らせ（2026年12月9日(水) 10:00〜10:30）',
    );
    expect(mail.text).toContain('■ 日時: 2026年12月9日(水) 10:00〜10:30');
    expect(mail.text).toContain('■ 参加用URL: https://soudan.example.jp/join/tok-abc');
    expect(mail.text).toContain('開始5分前までに上記のURLからログインしてください');
    const english = reminder(reminderData, en, context).text;
    expect(english).toContain('Link to join:  https://soudan.example.jp/join/tok-abc');
    expect(english).toContain('log in at least 5 minutes before the start');
  });

  it('R60: names the date instead of saying "tomorrow", since it may go out late', () => {
    expect(reminder(reminderData, ja, context).text).not.toContain('明日');
    expect(reminder(reminderData, en, context).text.toLowerCase()).not.toContain('tomorrow');
  });

  it('R22: the reminder says recording is prohibited', () => {
    expect(reminder(reminderData, ja, context).text).toContain('録画・録音は禁止');
    expect(reminder(reminderData, en, context).text).toContain('Recording or filming the consultation is prohibited.');
  });
});
