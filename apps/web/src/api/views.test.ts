import { describe, expect, it } from 'vitest';
import { articlesOf, buildAvailability, normalizeReservation, reasonOf } from './views';

const slot = (date: string, time: string, remaining = 1) => ({
  start: new Date(`${date}T${time}:00+09:00`).toISOString(),
  end: new Date(Date.parse(`${date}T${time}:00+09:00`) + 1_800_000).toISOString(),
  remaining,
});

describe('availability as the calendar shows it (R2-R5)', () => {
  // Saturday 2026-12-05; Mon 7 .. Fri 11 are business days, the office closes Wed 9.
  const slots = [
    slot('2026-12-07', '10:00'),
    slot('2026-12-08', '10:00'),
    slot('2026-12-10', '10:00'),
    slot('2026-12-11', '10:00', 0),
  ];

  it('R5: a request on Saturday can ask for Wednesday at the earliest: without Wednesday, Thursday', () => {
    const availability = buildAvailability('2026-12-05', '2026-12-13', '2026-12-05', { slots });
    const reason = (date: string) => availability.days.get(date)?.reason;
    expect(reason('2026-12-05')).toBe('weekend');
    expect(reason('2026-12-07')).toBe('leadTime');
    expect(reason('2026-12-08')).toBe('leadTime');
    expect(reason('2026-12-09')).toBe('leadTime');
    expect(reason('2026-12-10')).toBe('available');
    expect(reason('2026-12-11')).toBe('full');
    expect(reason('2026-12-13')).toBe('weekend');
    expect(availability.firstRequestableDate).toBe('2026-12-10');
  });

  it('uses what the gateway says when it says it (requestable, reason, days)', () => {
    const availability = buildAvailability('2026-12-05', '2026-12-11', '2026-12-05', {
      slots: [
        { ...slot('2026-12-07', '10:00'), requestable: true },
        { ...slot('2026-12-08', '10:00'), requestable: false, reason: 'LEAD_TIME' },
      ],
      days: [{ date: '2026-12-09', requestable: false, reason: 'HOLIDAY' }],
      firstRequestableDate: '2026-12-07',
    });
    expect(availability.days.get('2026-12-07')?.reason).toBe('available');
    expect(availability.days.get('2026-12-08')?.reason).toBe('leadTime');
    expect(availability.days.get('2026-12-09')?.reason).toBe('holiday');
    expect(reasonOf('NOT_BUSINESS_DAY')).toBe('holiday');
    expect(reasonOf('SLOT_FULL')).toBe('full');
  });
});

describe('reservations', () => {
  const base = {
    id: 'r1',
    desiredSlots: [],
    offeredSlots: [],
    slot: null,
    topic: 'x',
    mayNeedCounter: false,
    history: [{ type: 'ReservationRequested', at: '2026-12-01T01:00:00.000Z' }],
  };

  it('R17: online cancellation until the day before; on the day, by phone', () => {
    const confirmed = { ...base, status: 'confirmed' as const, slot: '2026-12-10T01:00:00.000Z' };
    const dayBefore = normalizeReservation(confirmed, new Date('2026-12-09T14:00:00.000Z'));
    expect(dayBefore.actions).toMatchObject({ cancel: true, cancelByPhone: false });
    const onTheDay = normalizeReservation(confirmed, new Date('2026-12-09T15:30:00.000Z'));
    expect(onTheDay.actions).toMatchObject({ cancel: false, cancelByPhone: true });
  });

  it('R6: an offered slot can be chosen until the end of the day before it', () => {
    const offered = { ...base, status: 'offered' as const, offeredSlots: ['2026-12-10T01:00:00.000Z'] };
    expect(normalizeReservation(offered, new Date('2026-12-09T14:59:00.000Z')).actions.consent).toBe(true);
    expect(normalizeReservation(offered, new Date('2026-12-09T15:00:01.000Z')).actions.consent).toBe(false);
    expect(normalizeReservation(offered).replyBy).toBe('2026-12-09T23:59:59+09:00');
  });

  it('takes the actions and timeline the gateway gives over its own reading', () => {
    const view = normalizeReservation({
      ...base,
      status: 'requested',
      actions: { consent: false, cancel: false, cancelByPhone: false, join: false },
      timeline: [{ type: 'ReservationRequested', at: '2026-12-01T01:00:00.000Z' }],
    } as never);
    expect(view.actions.cancel).toBe(false);
    expect(view.timeline).toEqual([{ type: 'ReservationRequested', at: '2026-12-01T01:00:00.000Z' }]);
  });
});

describe('terms as people read them', () => {
  it('finds the articles, titled by the heading in brackets before each, without Markdown marks', () => {
    const text = [
      '## オンライン職業相談等利用規約',
      '',
      '### （目的）',
      '',
      '第1条 当ハローワークのサービス提供方法の一つとして、**オンライン**での職業相談等の機会を提供します。',
      '',
      '(損害賠償)',
      '',
      '第10条 利用者が、本利用規約に違反した結果、損害は利用者が負担するものとします。',
    ].join('\n');
    expect(articlesOf(text)).toEqual([
      { number: '1', title: '目的', body: expect.stringContaining('オンラインでの職業相談') },
      { number: '10', title: '損害賠償', body: expect.stringContaining('利用者が負担') },
    ]);
  });
});
