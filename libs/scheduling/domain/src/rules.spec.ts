// The calendar rules of a reservation as pure functions, at the instants where they turn.
import { BusinessCalendar } from '@soudan/time';
import { DomainError } from './domain-error';
import {
  answerDueBy,
  checkSlot,
  closedBecause,
  confirmationDeadline,
  isSameDay,
  joinWindow,
  leadTimeMet,
  mayNeedCounter,
  noShowAt,
  reminderAt,
} from './rules';

const calendar = new BusinessCalendar({ closures: ['2026-12-04'] });
const NOW = '2026-11-25T01:00:00.000Z'; // Wed 25 Nov 2026, 10:00 JST

const refusal = (run: () => void): { code: string; details: Record<string, unknown> } | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details as Record<string, unknown> };
    throw error;
  }
  return undefined;
};

describe('reservation rules', () => {
  it('R2: a closed day says why, in the order weekend, national holiday, year-end, office closure', () => {
    expect(closedBecause(calendar, '2026-12-02')).toBeNull();
    expect(closedBecause(calendar, '2026-12-05')).toBe('weekend'); // Saturday
    expect(closedBecause(calendar, '2026-12-06')).toBe('weekend'); // Sunday
    expect(closedBecause(calendar, '2027-01-11')).toBe('national_holiday'); // 成人の日, a Monday
    expect(closedBecause(calendar, '2027-01-01')).toBe('national_holiday'); // 元日 is both
    expect(closedBecause(calendar, '2026-12-29')).toBe('year_end'); // a Tuesday
    expect(closedBecause(calendar, '2026-12-04')).toBe('office_closure'); // a Friday the office closed
  });

  it('R5: the lead time is met exactly two business days ahead, in Japan dates, and not one day less', () => {
    expect(leadTimeMet(calendar, '2026-11-27', NOW)).toBe(true); // Wed -> Fri
    expect(leadTimeMet(calendar, '2026-11-26', NOW)).toBe(false);
    // 23:59 JST on Wednesday is still Wednesday; 00:00 JST on Thursday is not.
    expect(leadTimeMet(calendar, '2026-11-27', '2026-11-25T14:59:59.999Z')).toBe(true);
    expect(leadTimeMet(calendar, '2026-11-27', '2026-11-25T15:00:00.000Z')).toBe(false);
  });

  it('R5: a refused lead time names the latest request date and the earliest date that can be asked for', () => {
    expect(refusal(() => checkSlot(calendar, '2026-11-26T10:00:00+09:00', NOW, { leadTime: true }))).toEqual({
      code: 'LEAD_TIME',
      details: { slot: '2026-11-26T10:00:00+09:00', earliestDate: '2026-11-27', latestRequestDate: '2026-11-24' },
    });
    expect(refusal(() => checkSlot(calendar, '2026-11-26T10:00:00+09:00', NOW, { leadTime: false }))).toBeUndefined();
  });

  it('R2/R3: a slot refused names why: not an instant, a closed day, not a slot start, already begun', () => {
    expect(refusal(() => checkSlot(calendar, 'next tuesday', NOW, { leadTime: false }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: { desiredSlots: ['next tuesday is not an ISO-8601 instant'] } },
    });
    expect(refusal(() => checkSlot(calendar, '2026-12-04T10:00:00+09:00', NOW, { leadTime: false }))).toEqual({
      code: 'NOT_BUSINESS_DAY',
      details: { slot: '2026-12-04T10:00:00+09:00', date: '2026-12-04' },
    });
    expect(refusal(() => checkSlot(calendar, '2026-12-02T10:10:00+09:00', NOW, { leadTime: false }))).toEqual({
      code: 'OUTSIDE_HOURS',
      details: { slot: '2026-12-02T10:10:00+09:00', hours: { open: '10:00', close: '16:00', slotMinutes: 30 } },
    });
    // The slot that starts at the very instant of the request has begun; the next one has not.
    expect(refusal(() => checkSlot(calendar, '2026-11-25T10:00:00+09:00', NOW, { leadTime: false }))).toEqual({
      code: 'SLOT_IN_PAST',
      details: { slot: '2026-11-25T10:00:00+09:00' },
    });
    expect(refusal(() => checkSlot(calendar, '2026-11-25T10:30:00+09:00', NOW, { leadTime: false }))).toBeUndefined();
  });

  it('R6: the confirmation deadline is the last millisecond of the Japan day before, in any offset', () => {
    expect(confirmationDeadline('2026-12-02T10:00:00+09:00')).toBe('2026-12-01T14:59:59.999Z');
    expect(confirmationDeadline('2026-12-02T01:00:00.000Z')).toBe('2026-12-01T14:59:59.999Z');
    expect(confirmationDeadline('2027-01-04T10:00:00+09:00')).toBe('2027-01-03T14:59:59.999Z');
  });

  it('R7: the answer is due at the end of the 3rd business day after the request day, skipping closed days', () => {
    expect(answerDueBy(calendar, NOW)).toBe('2026-11-30T14:59:59.999Z'); // Wed -> Mon (Thu, Fri, Mon)
    // A request on Tuesday 1 Dec: Wed, Thu, then Mon 7 Dec (Fri 4 Dec is an office closure).
    expect(answerDueBy(calendar, '2026-12-01T01:00:00.000Z')).toBe('2026-12-07T14:59:59.999Z');
  });

  it('R17: the day of the session is its Japan date, and any later day counts as the day too', () => {
    const slot = '2026-12-02T01:00:00.000Z';
    expect(isSameDay(slot, '2026-12-01T14:59:59.999Z')).toBe(false);
    expect(isSameDay(slot, '2026-12-01T15:00:00.000Z')).toBe(true);
    expect(isSameDay(slot, '2026-12-03T01:00:00.000Z')).toBe(true);
  });

  it('R18: a no-show is due 10 minutes after the start', () => {
    expect(noShowAt('2026-12-02T10:00:00+09:00')).toBe('2026-12-02T01:10:00.000Z');
  });

  it('R60: the reminder is due at 10:00 JST the day before, whatever the time of the slot', () => {
    expect(reminderAt('2026-12-02T15:30:00+09:00')).toBe('2026-12-01T01:00:00.000Z');
    expect(reminderAt('2027-01-04T10:00:00+09:00')).toBe('2027-01-03T01:00:00.000Z');
  });

  it('R15: the join window runs from 15 minutes before the start to the end of the slot', () => {
    expect(joinWindow('2026-12-02T10:00:00+09:00', '2026-12-02T10:30:00+09:00')).toEqual({
      opens: '2026-12-02T00:45:00.000Z',
      closes: '2026-12-02T01:30:00.000Z',
    });
  });

  it.each([
    ['応募した求人の応募状況を知りたい', true],
    ['この求人に応募可否を知りたい', true],
    ['選考状況を教えてほしい', true],
    ['企業に問い合わせてほしい', true],
    ['事業所に連絡してほしい', true],
    ['会社に問合せしてほしい', true],
    ['個別求人について', true],
    ['What is my Application Status?', true],
    ['Could you ask the employer for me', true],
    ['Please ASK THE COMPANY', true],
    ['面接の練習をしたい', false],
    ['会社の探し方', false],
    ['ask them', false],
  ])('R23: "%s" may need the counter: %s', (topic, expected) => {
    expect(mayNeedCounter(topic)).toBe(expected);
  });
});
