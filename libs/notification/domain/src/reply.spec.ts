import {
  firstReplyLine,
  offerReplyAddress,
  readReplyChoice,
  reservationOfReplyAddress,
  type ReplyTagger,
} from './reply';
import { offered } from './testing/fixtures';

// Wed 9 Dec 2026 10:00 JST and Thu 10 Dec 14:30 JST (fixtures).
const slots = offered.slots;
const [first, second] = slots.map((s) => s.start);
const choose = (text: string) => readReplyChoice(text, slots);

describe('reading the first line of a reply (R61)', () => {
  it.each([
    ['1', first],
    ['2', second],
    ['１', first],
    ['２番', second],
    ['2番でお願いします。', second],
    ['１番を希望します', first],
    ['2番目の日時を希望します', second],
    ['第1希望', first],
    ['一番でお願いします', first],
    ['①', first],
    ['(2)', second],
    ['No.2', second],
    ['#1', first],
    ['Option 2, please', second],
    ['1.', first],
    ['  2  ', second],
  ])('R61: "%s" chooses its slot by number', (line, slot) => {
    expect(choose(`${line}\n\n-- \n滑川 太郎`)).toEqual({ kind: 'slot', number: slot === first ? 1 : 2, slot });
  });

  it.each([
    ['12月10日 14:30', second],
    ['12/9 10:00', first],
    ['2026年12月10日(木) 14時30分でお願いします', second],
    ['１２月９日', first],
    ['14時半', second],
    ['午後2時半でお願いします', second],
    ['2. 2026年12月10日(木) 14:30〜15:00', second],
  ])('R61: "%s" chooses the slot written as a date and time', (line, slot) => {
    expect(choose(line)).toEqual({ kind: 'slot', number: slot === first ? 1 : 2, slot });
  });

  it('R61: the first line the seeker wrote counts, not the quoted offer below or above it', () => {
    const quotedBelow = [
      '２',
      '',
      '2026年12月1日(火) 11:00 ハローワーク滑川 <online-soudan@example>:',
      '> 1. 2026年12月9日(水) 10:00〜10:30',
      '> 2. 2026年12月10日(木) 14:30〜15:00',
    ].join('\r\n');
    expect(choose(quotedBelow)).toEqual({ kind: 'slot', number: 2, slot: second });
    const quotedAbove = ['On Tue, 1 Dec 2026 the office wrote:', '> 1. ...', '> 2. ...', '', '1'].join('\n');
    expect(choose(quotedAbove)).toEqual({ kind: 'slot', number: 1, slot: first });
    expect(firstReplyLine('\n\n  ＞ 引用\n  ２番  \n')).toBe('2番');
  });

  it('R61: a reply that names no slot is unreadable, never a guess', () => {
    expect(choose('')).toEqual({ kind: 'unreadable', reason: 'empty' });
    expect(choose('> 1. 2026年12月9日(水) 10:00〜10:30')).toEqual({ kind: 'unreadable', reason: 'empty' });
    expect(choose('-----Original Message-----\n1')).toEqual({ kind: 'unreadable', reason: 'empty' });
    expect(choose('ありがとうございます。どちらでも大丈夫です。')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    expect(choose('一番早い日でお願いします')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    expect(choose('1か2でお願いします')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    expect(choose('I cannot make it, sorry. Could we do 3 pm instead')).toEqual({
      kind: 'unreadable',
      reason: 'no-choice',
    });
  });

  it('R61: a number that was not offered, a date not offered, or a line that says two things is unreadable', () => {
    expect(choose('3')).toEqual({ kind: 'unreadable', reason: 'out-of-range' });
    expect(choose('０番')).toEqual({ kind: 'unreadable', reason: 'out-of-range' });
    expect(choose('12月11日 10:00')).toEqual({ kind: 'unreadable', reason: 'no-matching-slot' });
    expect(choose('1. 2026年12月10日(木) 14:30〜15:00')).toEqual({ kind: 'unreadable', reason: 'ambiguous' });
    const sameDay = [{ start: '2026-12-09T01:00:00.000Z' }, { start: '2026-12-09T05:30:00.000Z' }];
    expect(readReplyChoice('12月9日', sameDay)).toEqual({ kind: 'unreadable', reason: 'ambiguous' });
    expect(readReplyChoice('12月9日 14:30', sameDay)).toEqual({
      kind: 'slot',
      number: 2,
      slot: '2026-12-09T05:30:00.000Z',
    });
  });
});

describe('a date and time in the reply (R61)', () => {
  it('R61: a line that names two dates or two times could mean either slot: unreadable, never the first of them', () => {
    for (const line of [
      '12月9日か12月10日',
      '12月9日 10:00か12月10日 14:30でお願いします',
      '12/9 10:00 or 12/10 14:30',
      '10:00か14:30',
      '12月10日 10:00か14:30',
    ])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'ambiguous' }]);
    // Even when only one slot was offered: the line does not say which it means.
    expect(readReplyChoice('12月9日か12月10日', [slots[0]])).toEqual({ kind: 'unreadable', reason: 'ambiguous' });
    // The end of the slot's own time range is not a second time.
    expect(choose('2026年12月10日(木) 14時30分〜15時でお願いします')).toEqual({
      kind: 'slot',
      number: 2,
      slot: second,
    });
    expect(choose('12/9 10:00-10:30')).toEqual({ kind: 'slot', number: 1, slot: first });
  });

  it.each([
    ['2026/12/10 14:30', 2],
    ['2026-12-9', 1],
    ['12/10 2:30 pm', 2],
    ['12/10 pm 2:30', 2],
    ['12月10日 2:30pm', 2],
    ['12/10 14:30 pm', 2],
    ['12/9 午前10時', 1],
    ['12/9 10時', 1],
    ['12/9 10:00 am', 1],
    ['12/9 24:00', 1],
    ['12/9 10:60', 1],
  ])('R61: "%s" chooses slot %i by its date and time of day', (line, number) => {
    expect(choose(line)).toEqual({ kind: 'slot', number, slot: number === 1 ? first : second });
  });

  it('R61: a date or time that was not offered matches no slot; a date that is no date is no choice', () => {
    for (const line of [
      '2027年12月10日 14:30',
      '2027 年 12 月 10 日 14:30',
      '12/9 23:00',
      '12/9 10:59',
      '12/9 10:30',
      '12/9 14:30',
      '1/9',
      '12/1',
      '12/31',
    ])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'no-matching-slot' }]);
    for (const line of ['13/9', '0/9', '12/0', '12/32'])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'no-choice' }]);
  });

  it('R61: noon written as 午後12時 or 12:00 pm is noon, and a time alone picks the one slot at it', () => {
    const noon = [{ start: '2026-12-09T03:00:00.000Z' }, { start: '2026-12-09T05:30:00.000Z' }];
    expect(readReplyChoice('12/9 午後12時', noon)).toEqual({ kind: 'slot', number: 1, slot: noon[0].start });
    expect(readReplyChoice('12/9 12:00 pm', noon)).toEqual({ kind: 'slot', number: 1, slot: noon[0].start });
    const sameDay = [{ start: '2026-12-09T01:00:00.000Z' }, { start: '2026-12-09T05:30:00.000Z' }];
    expect(readReplyChoice('12月9日14:30', sameDay)).toEqual({ kind: 'slot', number: 2, slot: sameDay[1].start });
    expect(readReplyChoice('14:30', sameDay)).toEqual({ kind: 'slot', number: 2, slot: sameDay[1].start });
    expect(readReplyChoice('12/9 14:00', sameDay)).toEqual({ kind: 'unreadable', reason: 'no-matching-slot' });
  });
});

describe('a slot number in the reply (R61)', () => {
  it.each([
    ['第一希望', first],
    ['第 二希望', second],
    ['二', second],
    ['第2候補でお願いします', second],
    ['Option 2, please, thanks', second],
    ['１番でお願いいたします', first],
    ['2番を希望致します', second],
    ['２番でお願いします！！！！！！！！！！！！', second],
    ['No . 2', second],
    ['2.  2026年12月10日(木) 14:30〜15:00', second],
  ])('R61: "%s" chooses its slot by number', (line, slot) => {
    expect(choose(line)).toEqual({ kind: 'slot', number: slot === first ? 1 : 2, slot });
  });

  it('R61: a two-digit number is read whole, never as its last digit', () => {
    for (const line of ['12', 'No.12', 'no:12', '第12希望', '#12'])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'out-of-range' }]);
    // A copied offer line whose number is not the one of its date and time names two things.
    expect(choose('12. 2026年12月10日(木) 14:30〜15:00')).toEqual({ kind: 'unreadable', reason: 'ambiguous' });
  });

  it('R61: politeness and a word for the slot are read off the end of the line only, and two numbers are not one', () => {
    expect(choose('1、2でお願いします')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    expect(choose('Please 2')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    expect(choose('日程2')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    // A kanji number stands alone or after 第, not after another word.
    expect(choose('候補二')).toEqual({ kind: 'unreadable', reason: 'no-choice' });
    // A number that does not open the line is not the number of a copied offer line: the first date written counts.
    expect(choose('12/9 2. 12月10日 14:30')).toEqual({ kind: 'unreadable', reason: 'no-matching-slot' });
  });

  it('R61: a number written with its word before a date ("(候補1) 12月10日 14:30") must be the number of that date', () => {
    // 12/9 10:00 is slot 1 and 12/10 14:30 slot 2: a number and a date that disagree name two slots.
    for (const line of [
      '(候補1) 12月10日 14:30',
      '（候補1）12月10日 14:30',
      '候補1: 12/10 14:30',
      '候補１：12月10日',
      '1番 12月10日 14:30',
      '1番目、12/10',
      '第1希望 12月10日 14:30',
      'No.1 12/10 14:30',
      '#1 12/10',
      'option 1: 12/10 14:30',
      '(3) 12月10日 14:30',
      '候補3 12月10日',
    ])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'ambiguous' }]);
    // They agree: the slot.
    for (const line of [
      '(候補2) 12月10日 14:30',
      '候補2: 12/10 14:30',
      '2番 12月10日',
      '第2希望：12月10日(木) 14:30〜15:00',
      'No.2 12/10',
      '(2) 12/10 14:30',
    ])
      expect([line, choose(line)]).toEqual([line, { kind: 'slot', number: 2, slot: second }]);
    expect(choose('(候補1) 12月9日 10:00')).toEqual({ kind: 'slot', number: 1, slot: first });
    // Two-digit numbers are read whole: 12 is no slot of two.
    for (const line of ['(候補12) 12月10日 14:30', '12番 12月10日 14:30'])
      expect([line, choose(line)]).toEqual([line, { kind: 'unreadable', reason: 'ambiguous' }]);
    // With its word, the number counts wherever it is written.
    expect(choose('12月10日 14:30（候補1）')).toEqual({ kind: 'unreadable', reason: 'ambiguous' });
    expect(choose('12月10日 14:30 第2希望')).toEqual({ kind: 'slot', number: 2, slot: second });
    // Digits that begin a date or a time are not the slot number, even after a slot word.
    expect(choose('slot 12/10 14:30')).toEqual({ kind: 'slot', number: 2, slot: second });
    expect(choose('候補 12月10日 14:30')).toEqual({ kind: 'slot', number: 2, slot: second });
    expect(choose('slot 14:30 on 12/10')).toEqual({ kind: 'slot', number: 2, slot: second });
    expect(choose('候補10時 12/9')).toEqual({ kind: 'slot', number: 1, slot: first });
    // Without a word: a date written with blanks, a time first, a time in brackets or
    // before 希望 opens with or holds digits that are no slot number.
    for (const line of [
      '12 月 10 日 14:30',
      '14:30 12/10',
      '12月10日 (14:30) でお願いします',
      '12月10日 14:30希望',
      '12月10日14:30希望',
    ])
      expect([line, choose(line)]).toEqual([line, { kind: 'slot', number: 2, slot: second }]);
    expect(choose('10 時 12/9')).toEqual({ kind: 'slot', number: 1, slot: first });
  });

  it('R61: politeness is read off up to five layers deep, and no deeper', () => {
    // One layer a round: 希望いたします, 希望します, お願いいたします, お願いします, then です with the slot word.
    const five = '2番 の枠です。お願いします。お願いいたします。希望します。希望いたします。';
    expect(choose(five)).toEqual({ kind: 'slot', number: 2, slot: second });
    expect(choose(`${five.slice(0, 8)}です。${five.slice(8)}`)).toEqual({ kind: 'unreadable', reason: 'no-choice' });
  });
});

describe('the first line the seeker wrote (R61)', () => {
  it('R61: no text at all has no first line', () => {
    expect(firstReplyLine(undefined)).toBeUndefined();
    expect(firstReplyLine('')).toBeUndefined();
  });

  it('R61: an attribution line is skipped when a quote follows it, across blank lines and indented quotes', () => {
    expect(firstReplyLine('On Tue, 1 Dec 2026 the office wrote:\n   \n\n> 1. ...\n\n2')).toBe('2');
    expect(firstReplyLine('ハローワーク滑川 さんは書きました:\n  > 1. ...\n\n2')).toBe('2');
  });

  it('R61: a line of the seeker is kept when a quote follows it, even with a colon in it', () => {
    expect(firstReplyLine('2\n> 1. 2026年12月9日(水) 10:00〜10:30')).toBe('2');
    expect(firstReplyLine('12月10日 14:30\n> 2. 2026年12月10日(木) 14:30〜15:00')).toBe('12月10日 14:30');
  });

  it('R61: only a line that starts with > or | is a quote', () => {
    expect(firstReplyLine('2番 => よろしく')).toBe('2番 => よろしく');
    expect(firstReplyLine('| 1. ...\n2')).toBe('2');
  });

  it("R61: the original starts at a separator line of its own; the same marks inside a line are the seeker's text", () => {
    expect(firstReplyLine('-- Original Message --\n1')).toBeUndefined();
    expect(firstReplyLine('_____\n1')).toBeUndefined();
    expect(firstReplyLine('-- \n1')).toBeUndefined();
    expect(firstReplyLine('2番でお願いします _____')).toBe('2番でお願いします _____');
    expect(firstReplyLine('_____ 2番 _____')).toBe('_____ 2番 _____');
    expect(firstReplyLine('-- 2番')).toBe('-- 2番');
    expect(firstReplyLine('2 -- ')).toBe('2 --');
  });
});

describe('the per-offer reply address (R13, R61)', () => {
  const tag: ReplyTagger = (id) =>
    id === 'a1b2c3d4-0000-4000-8000-000000000001' ? '0123456789abcdef0123' : 'fedcba9876543210fedc';
  const id = 'a1b2c3d4-0000-4000-8000-000000000001';
  const domain = 'namerikawa.hellowork.example';

  it('R61: names the reservation and its keyed tag, and reads back only what was handed out', () => {
    const address = offerReplyAddress(id, domain, tag);
    expect(address).toBe(`offer-${id}-0123456789abcdef0123@${domain}`);
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(reservationOfReplyAddress(address, domain, tag)).toBe(id);
    expect(reservationOfReplyAddress(address.toUpperCase().replace(id.toUpperCase(), id), domain, tag)).toBe(id);
  });

  it('R61: refuses a guessed, altered or foreign address', () => {
    expect(reservationOfReplyAddress(`offer-${id}@${domain}`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`offer-${id}-0123456789abcdef0124@${domain}`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`offer-${id}-0123456789abcdef012@${domain}`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`offer-${id}-0123456789abcdef0123@example.com`, domain, tag)).toBeUndefined();
    expect(
      reservationOfReplyAddress(
        `offer-a1b2c3d4-0000-4000-8000-000000000002-0123456789abcdef0123@${domain}`,
        domain,
        tag,
      ),
    ).toBeUndefined();
    expect(reservationOfReplyAddress(`postmaster@${domain}`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress('', domain, tag)).toBeUndefined();
  });

  it('R61: reads an address given with blanks around it or with the domain in capitals', () => {
    const address = offerReplyAddress(id, domain, tag);
    expect(reservationOfReplyAddress(`  ${address}\t`, domain, tag)).toBe(id);
    expect(reservationOfReplyAddress(address, domain.toUpperCase(), tag)).toBe(id);
    const upperTagger: ReplyTagger = (reservationId) => tag(reservationId).toUpperCase();
    expect(reservationOfReplyAddress(address, domain, upperTagger)).toBe(id);
  });

  it('R61: an address with anything before or after it, or a second @, is not one handed out', () => {
    const address = offerReplyAddress(id, domain, tag);
    expect(reservationOfReplyAddress(`x${address}`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`${address}x`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`${address} x`, domain, tag)).toBeUndefined();
    expect(reservationOfReplyAddress(`offer-${id}-0123456789abcdef0123@x@${domain}`, domain, tag)).toBeUndefined();
  });

  it('R61: the whole tag must match: a longer tag is not matched by its first twenty digits', () => {
    const longer: ReplyTagger = (reservationId) => `${tag(reservationId)}abcd`;
    expect(reservationOfReplyAddress(offerReplyAddress(id, domain, tag), domain, longer)).toBeUndefined();
    expect(reservationOfReplyAddress(offerReplyAddress(id, domain, longer), domain, longer)).toBeUndefined();
  });
});
