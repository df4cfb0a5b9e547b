import { formatSlotJa } from './format';
import { requestReceived } from './templates';

const data = { reservationId: 'r-1', desiredSlots: ['2026-12-02T01:00:00.000Z', '2026-12-03T05:30:00.000Z'] };
const contact = { name: '滑川 太郎', email: 'taro@example.jp', language: 'ja' as const };

describe('notification templates', () => {
  it('R1: shows slots in Japan time with the weekday', () => {
    expect(formatSlotJa('2026-12-02T01:00:00.000Z')).toBe('2026年12月2日(水) 10:00〜10:30');
    expect(formatSlotJa('2026-12-03T05:30:00.000Z')).toBe('2026年12月3日(木) 14:30〜15:00');
  });

  it('R60: the request-received mail is Japanese and lists every desired slot', () => {
    const mail = requestReceived(data, contact, { name: 'ハローワーク滑川', phone: '076-475-0324' });
    expect(mail.subject).toBe('【ハローワーク滑川】オンライン職業相談のお申込みを受け付けました');
    expect(mail.text).toContain('滑川 太郎 様');
    expect(mail.text).toContain('第1希望: 2026年12月2日(水) 10:00〜10:30');
    expect(mail.text).toContain('第2希望: 2026年12月3日(木) 14:30〜15:00');
    expect(mail.text).toContain('TEL 076-475-0324');
  });

  it('R22: the mail says recording is prohibited', () => {
    expect(requestReceived(data, contact, { name: 'x', phone: '1' }).text).toContain('録画・録音は禁止');
  });

  it('R60: English when the seeker chose it', () => {
    const mail = requestReceived(data, { ...contact, language: 'en' }, { name: 'Hello Work Namerikawa', phone: '1' });
    expect(mail.subject).toContain('received your request');
    expect(mail.text).toContain('Wed 2 Dec 2026, 10:00-10:30 (JST)');
  });

  it('R60: each language numbers the desired slots from one, in the order asked', () => {
    const office = { name: 'ハローワーク滑川', phone: '1' };
    const en = requestReceived(data, { ...contact, language: 'en' }, office).text;
    expect(en).toContain('  1. Wed 2 Dec 2026, 10:00-10:30 (JST)\n  2. Thu 3 Dec 2026, 14:30-15:00 (JST)');
    const easy = requestReceived(data, { ...contact, language: 'ja-easy' }, office);
    expect(easy.subject).toBe('【ハローワーク滑川】オンライン相談の申し込みを受け付けました');
    expect(easy.text).toMatch(/ {2}1: .*12.*2.*\n {2}2: .*12.*3/);
  });

  it('R17: the receipt number is the reservation number people say, the id only for older requests', () => {
    const office = { name: 'x', phone: '1' };
    // The event's data as it arrives: the number beside the fields the template names.
    const numbered = { ...data, number: 'K7P-4XA' };
    for (const language of ['ja', 'en', 'ja-easy'] as const) {
      expect(requestReceived(numbered, { ...contact, language }, office).text).toContain('K7P-4XA');
      expect(requestReceived(data, { ...contact, language }, office).text).toContain('r-1');
    }
  });

  it("R70: the footer gives the office's own hours, the flyer's 10:00-16:00 when they are not known", () => {
    const hours = { open: '09:00', close: '17:00', slotMinutes: 30 };
    expect(requestReceived(data, contact, { name: 'x', phone: '1', hours }).text).toContain('相談時間 09:00〜17:00');
    expect(requestReceived(data, contact, { name: 'x', phone: '1' }).text).toContain('相談時間 10:00〜16:00');
  });
});
