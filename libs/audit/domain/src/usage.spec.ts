import { DomainError } from './domain-error';
import { parseMonth, UsageTally, type UsageFact } from './usage';

const SEEKER = 'c'.repeat(32);
const at = '2026-11-20T01:00:00.000Z';
const s = (type: string, data: Record<string, unknown>, context = 'scheduling'): UsageFact => ({
  context,
  type,
  at,
  data: { seekerId: SEEKER, ...data },
});
// 2026-12-09 10:00 and 10:30 JST; 2026-12-10 14:30 JST; 2027-01-06 10:00 JST.
const DEC9_1000 = '2026-12-09T01:00:00.000Z';
const DEC9_1030 = '2026-12-09T01:30:00.000Z';
const DEC10_1430 = '2026-12-10T05:30:00.000Z';
const JAN6_1000 = '2027-01-06T01:00:00.000Z';

function history(): UsageFact[] {
  return [
    // r1: requested on 2026-12-01 JST, offered two, booked 10:00 on the 9th, joined and completed.
    s('ReservationRequested', {
      reservationId: 'r1',
      desiredSlots: [DEC9_1000, DEC10_1430],
      requestedAt: '2026-11-30T15:30:00.000Z',
      topic: '応募書類',
    }),
    s('ReservationOffered', { reservationId: 'r1', slots: [{ start: DEC9_1000 }, { start: DEC9_1030 }] }),
    s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000, meetingUrl: 'x' }),
    s('SeekerJoined', { reservationId: 'r1', device: { ip: 'ip_x', sealed: '{}' } }),
    s('SessionCompleted', { reservationId: 'r1' }),
    // r2: booked 10:00 on the 9th too, no show.
    s('ReservationRequested', {
      reservationId: 'r2',
      desiredSlots: [DEC9_1000],
      requestedAt: '2026-12-02T00:00:00.000Z',
    }),
    s('ReservationOffered', { reservationId: 'r2', slots: [{ start: DEC9_1000 }] }),
    s('ReservationConfirmed', { reservationId: 'r2', slot: DEC9_1000 }),
    s('SessionNoShow', { reservationId: 'r2', slot: DEC9_1000 }),
    // r3: requested in December, withdrawn before a slot was booked.
    s('ReservationRequested', {
      reservationId: 'r3',
      desiredSlots: [DEC10_1430],
      requestedAt: '2026-12-03T02:00:00.000Z',
    }),
    s('ReservationCancelled', { reservationId: 'r3', slot: null, cancelledAt: '2026-12-04T02:00:00.000Z' }),
    // r4: a follow-up of r1 in January, booked at once.
    s('FollowUpReservationCreated', { reservationId: 'r4', slot: JAN6_1000 }),
    s('ReservationConfirmed', { reservationId: 'r4', slot: JAN6_1000, channel: 'follow-up' }),
    // r5: booked 10:30 on the 9th, cancelled by phone; r6 lapsed, r7 rejected.
    s('ReservationConfirmed', { reservationId: 'r5', slot: DEC9_1030 }),
    s('ReservationCancelled', { reservationId: 'r5', slot: DEC9_1030, cancelledAt: '2026-12-08T01:00:00.000Z' }),
    s('ReservationLapsed', { reservationId: 'r6', lapsedAt: '2026-12-05T15:00:00.000Z' }),
    s('ReservationRejected', { reservationId: 'r7', rejectedAt: '2026-12-07T01:00:00.000Z', reason: 'x' }),
    // Not scheduling: ignored.
    { context: 'gateway', type: 'AccessRecorded', at, data: { reservationId: 'r1' } },
  ];
}

describe('the usage record (Art. 7(1))', () => {
  it('R50: counts each day and slot of a month in Japan time', () => {
    const tally = new UsageTally();
    for (const fact of history()) tally.apply(fact);
    const report = tally.report('2026-12');
    expect(report.month).toBe('2026-12');
    expect(report.timeZone).toBe('Asia/Tokyo');
    const dec9 = report.days.find((d) => d.date === '2026-12-09')!;
    expect(dec9.slots).toEqual([
      {
        start: '10:00',
        desired: 2,
        offered: 2,
        confirmed: 2,
        followUps: 0,
        joined: 1,
        checkedIn: 0,
        completed: 1,
        noShows: 1,
        cancelled: 0,
        terminated: 0,
      },
      {
        start: '10:30',
        desired: 0,
        offered: 1,
        confirmed: 1,
        followUps: 0,
        joined: 0,
        checkedIn: 0,
        completed: 0,
        noShows: 0,
        cancelled: 1,
        terminated: 0,
      },
    ]);
    // r1 was requested at 00:30 on 1 Dec in Japan (still 30 Nov in UTC).
    expect(report.days.find((d) => d.date === '2026-12-01')).toMatchObject({ requests: 1 });
    expect(report.days.find((d) => d.date === '2026-12-04')).toMatchObject({ withdrawn: 1 });
    expect(report.days.find((d) => d.date === '2026-12-06')).toMatchObject({ lapsed: 1 });
    expect(report.totals).toMatchObject({
      requests: 3,
      desired: 4,
      confirmed: 3,
      completed: 1,
      noShows: 1,
      cancelled: 1,
      withdrawn: 1,
      lapsed: 1,
      rejected: 1,
      followUps: 0,
    });
    expect(report.days.map((d) => d.date)).toEqual([...report.days.map((d) => d.date)].sort());
  });

  it('R50: a follow-up counts in the month of its slot', () => {
    const tally = new UsageTally();
    for (const fact of history()) tally.apply(fact);
    expect(tally.report('2027-01').days).toEqual([
      {
        date: '2027-01-06',
        requests: 0,
        lapsed: 0,
        rejected: 0,
        withdrawn: 0,
        slots: [expect.objectContaining({ start: '10:00', confirmed: 1, followUps: 1 })],
      },
    ]);
    expect(tally.report('2026-10')).toMatchObject({ days: [], totals: { requests: 0, confirmed: 0 } });
  });

  it('R51: the report is counts only: no seeker id, reservation id, topic or device data', () => {
    const tally = new UsageTally();
    for (const fact of history()) tally.apply(fact);
    const text = JSON.stringify(tally.report('2026-12'));
    for (const secret of [SEEKER, 'r1', '応募書類', 'ip_x']) expect(text).not.toContain(secret);
  });

  it('R50: an event delivered twice or out of order counts once, in its place', () => {
    const once = new UsageTally();
    const twice = new UsageTally();
    for (const fact of history()) once.apply(fact);
    const facts = history();
    for (const fact of [...facts].reverse()) twice.apply(fact);
    for (const fact of facts) twice.apply(fact);
    expect(twice.report('2026-12')).toEqual(once.report('2026-12'));
  });

  it('R50: a month must be YYYY-MM with a real month', () => {
    expect(parseMonth('2026-12')).toBe('2026-12');
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-1',
      '202612',
      '',
      undefined,
      42,
      '2026-12-01',
      'x2026-12',
      ['2026-12'],
    ]) {
      expect(() => parseMonth(bad)).toThrow(DomainError);
    }
    try {
      parseMonth('2026-13');
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: { month: [expect.any(String)] } } });
    }
  });

  it('R74: a month per office: each office counts its own reservations, a national auditor all of them', () => {
    const tally = new UsageTally();
    const request = (id: string, officeCode: string | undefined) =>
      s('ReservationRequested', {
        reservationId: id,
        ...(officeCode ? { officeCode } : {}),
        desiredSlots: [DEC9_1000],
        requestedAt: '2026-12-01T01:00:00.000Z',
      });
    for (const fact of [
      request('a1', '16070'),
      s('ReservationConfirmed', { reservationId: 'a1', slot: DEC9_1000 }),
      request('b1', '13010'),
      request('b2', '13010'),
      s('ReservationConfirmed', { reservationId: 'b2', slot: DEC9_1000 }),
      // A history kept before offices were recorded: counts as the home office's.
      request('old', undefined),
      s('FollowUpReservationCreated', { reservationId: 'f1', officeCode: '13010', slot: DEC9_1030 }),
      s('ReservationConfirmed', { reservationId: 'f1', slot: DEC9_1030, channel: 'follow-up' }),
    ])
      tally.apply(fact);
    const of = (offices?: string[]) => tally.report('2026-12', offices, '16070');
    expect(of(['16070']).totals).toMatchObject({ requests: 2, confirmed: 1, followUps: 0 });
    expect(of(['13010']).totals).toMatchObject({ requests: 2, confirmed: 2, followUps: 1 });
    expect(of(['16070', '13010']).totals).toMatchObject({ requests: 4, confirmed: 3 });
    expect(of(['*']).totals).toEqual(of().totals);
    expect(of(['*']).totals).toMatchObject({ requests: 4, confirmed: 3 });
    expect(of(['99999']).totals).toMatchObject({ requests: 0, confirmed: 0 });
    expect(of(['16070', '13010']).offices).toEqual(['13010', '16070']);
    expect(of().offices).toEqual(['*']);
  });

  const ZERO_SLOT = {
    desired: 0,
    offered: 0,
    confirmed: 0,
    followUps: 0,
    joined: 0,
    checkedIn: 0,
    completed: 0,
    noShows: 0,
    cancelled: 0,
    terminated: 0,
  };
  const ZERO_DAY = { requests: 0, lapsed: 0, rejected: 0, withdrawn: 0 };
  const tallyOf = (...facts: UsageFact[]) => {
    const tally = new UsageTally();
    for (const fact of facts) tally.apply(fact);
    return tally;
  };
  const on = (date: string, fact: UsageFact): UsageFact => ({ ...fact, at: date });

  it('R50: a check-in, a termination and a no-show count at their slot, even when its confirmation is not seen', () => {
    const report = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000 }),
      s('SessionCheckedIn', { reservationId: 'r1' }),
      s('SessionTerminated', { reservationId: 'r1', slot: DEC10_1430 }),
      s('SessionTerminated', { reservationId: 'r2', slot: DEC10_1430 }),
      s('SessionNoShow', { reservationId: 'r3', slot: DEC9_1030 }),
      s('SessionNoShow', { reservationId: 'r4', slot: DEC9_1000 }),
      s('ReservationConfirmed', { reservationId: 'r4', slot: DEC9_1030 }),
    ).report('2026-12');
    expect(report.days).toEqual([
      {
        date: '2026-12-09',
        ...ZERO_DAY,
        slots: [
          { start: '10:00', ...ZERO_SLOT, confirmed: 1, checkedIn: 1, terminated: 1 },
          { start: '10:30', ...ZERO_SLOT, confirmed: 2, noShows: 2 },
        ],
      },
      { date: '2026-12-10', ...ZERO_DAY, slots: [{ start: '14:30', ...ZERO_SLOT, confirmed: 1, terminated: 1 }] },
    ]);
    expect(report.totals).toEqual({ ...ZERO_DAY, ...ZERO_SLOT, confirmed: 4, checkedIn: 1, terminated: 2, noShows: 2 });
  });

  it('R50: days and slots come in order, however the facts arrived, and the totals add every count', () => {
    const report = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC10_1430 }),
      s('SeekerJoined', { reservationId: 'r1' }),
      s('ReservationConfirmed', { reservationId: 'r2', slot: DEC9_1030 }),
      s('ReservationOffered', { reservationId: 'r3', slots: [{ start: DEC9_1030 }, { start: DEC9_1000 }] }),
      s('ReservationRequested', { reservationId: 'r3', desiredSlots: [DEC9_1030], requestedAt: DEC9_1000 }),
    ).report('2026-12');
    expect(report.days.map((d) => [d.date, d.slots.map((slot) => slot.start)])).toEqual([
      ['2026-12-09', ['10:00', '10:30']],
      ['2026-12-10', ['14:30']],
    ]);
    expect(report.totals).toEqual({
      ...ZERO_DAY,
      ...ZERO_SLOT,
      requests: 1,
      desired: 1,
      offered: 2,
      confirmed: 2,
      joined: 1,
    });
  });

  it('R50: a cancellation naming no slot counts at the booked one; one never booked is a withdrawal on its day', () => {
    const report = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000 }),
      s('ReservationCancelled', { reservationId: 'r1', cancelledAt: '2026-12-02T00:00:00.000Z' }),
      // Without times of their own, the record's time places them.
      on('2026-12-03T00:00:00.000Z', s('ReservationCancelled', { reservationId: 'r2', slot: null })),
      on('2026-12-04T00:00:00.000Z', s('ReservationLapsed', { reservationId: 'r3' })),
      on('2026-12-05T00:00:00.000Z', s('ReservationRejected', { reservationId: 'r4' })),
      on('2026-12-06T00:00:00.000Z', s('ReservationRequested', { reservationId: 'r5', desiredSlots: [] })),
      // A withdrawal of another month, a cancellation whose time cannot be read.
      s('ReservationCancelled', { reservationId: 'r6', slot: null, cancelledAt: '2026-11-30T00:00:00.000Z' }),
      on('not a time', s('ReservationCancelled', { reservationId: 'r7', slot: null, cancelledAt: 'never' })),
    ).report('2026-12');
    expect(report.days).toEqual([
      { date: '2026-12-03', ...ZERO_DAY, withdrawn: 1, slots: [] },
      { date: '2026-12-04', ...ZERO_DAY, lapsed: 1, slots: [] },
      { date: '2026-12-05', ...ZERO_DAY, rejected: 1, slots: [] },
      { date: '2026-12-06', ...ZERO_DAY, requests: 1, slots: [] },
      { date: '2026-12-09', ...ZERO_DAY, slots: [{ start: '10:00', ...ZERO_SLOT, confirmed: 1, cancelled: 1 }] },
    ]);
  });

  it('R50: what cannot be read is left out, and counts nothing', () => {
    const tally = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000 }),
      s('ReservationConfirmed', { reservationId: 'r1', slot: 'not a time' }),
      s('ReservationRequested', {
        reservationId: 'r2',
        desiredSlots: [42, 'not a time', DEC9_1030],
        requestedAt: DEC9_1000,
      }),
      s('ReservationOffered', { reservationId: 'r2', slots: [{ start: 'x' }, null, { start: DEC9_1030 }] }),
      s('ReservationOffered', { reservationId: 'r3', slots: 'x' }),
      s('ReservationRequested', { reservationId: 'r4', desiredSlots: DEC9_1030 }),
      { context: 'scheduling', type: 'ReservationLapsed', at: DEC9_1000, data: 'r5' },
      { context: 'scheduling', type: 'ReservationLapsed', at: DEC9_1000, data: null },
      s('ReservationLapsed', { reservationId: 5 }),
    );
    expect(tally.report('2026-12').days).toEqual([
      {
        date: '2026-12-09',
        ...ZERO_DAY,
        requests: 1,
        slots: [
          { start: '10:00', ...ZERO_SLOT, confirmed: 1 },
          { start: '10:30', ...ZERO_SLOT, desired: 1, offered: 1 },
        ],
      },
    ]);
    // r4's desired slots are no list: only its request counts, on the day of its record.
    expect(tally.report('2026-11').totals).toEqual({ ...ZERO_DAY, ...ZERO_SLOT, requests: 1 });
  });

  it('R74: the office of a reservation and of a seeker, as the latest request named it', () => {
    const other = 'e'.repeat(32);
    const tally = tallyOf(
      s('ReservationRequested', { reservationId: 'r1', officeCode: '16070', requestedAt: DEC9_1000 }),
      s('ReservationRequested', { reservationId: 'r2', officeCode: '13010', requestedAt: DEC9_1030 }),
      s('FollowUpReservationCreated', { reservationId: 'r3', officeCode: '27010', slot: JAN6_1000 }),
      s('FollowUpReservationCreated', { reservationId: 'r4', slot: JAN6_1000 }),
      s('ReservationRequested', { reservationId: 'r5', requestedAt: DEC9_1000 }),
      s('ReservationRequested', { reservationId: 'r6', seekerId: 7, officeCode: '01010', requestedAt: DEC9_1000 }),
      s('ReservationRequested', { reservationId: 'r7', seekerId: other, officeCode: 27, requestedAt: DEC9_1000 }),
    );
    expect(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'].map((id) => tally.officeOf(id))).toEqual([
      '16070',
      '13010',
      '27010',
      undefined,
      undefined,
      '01010',
      undefined,
      undefined,
    ]);
    expect(tally.officeOfSeeker(SEEKER)).toBe('13010');
    expect(tally.officeOfSeeker(other)).toBeUndefined();
    expect(tally.officeOfSeeker('7')).toBeUndefined();
  });

  it('R74: without a home office, a reservation naming none belongs to no office asked for', () => {
    const tally = tallyOf(s('ReservationRequested', { reservationId: 'r1', requestedAt: DEC9_1000 }));
    expect(tally.report('2026-12', ['16070']).totals.requests).toBe(0);
    expect(tally.report('2026-12', ['16070'], '16070').totals.requests).toBe(1);
  });

  it('R50: only scheduling’s facts count, whatever their name; an instant must be text', () => {
    const report = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000 }, 'eligibility'),
      s('ReservationConfirmed', { reservationId: 'r2', slot: [DEC9_1000] }),
    ).report('2026-12');
    expect(report.days).toEqual([]);
  });

  it('R50: a cancellation whose time cannot be read does not count, even of a booked slot', () => {
    const report = tallyOf(
      s('ReservationConfirmed', { reservationId: 'r1', slot: DEC9_1000 }),
      on('not a time', s('ReservationCancelled', { reservationId: 'r1', slot: DEC9_1000, cancelledAt: 'never' })),
    ).report('2026-12');
    expect(report.totals).toEqual({ ...ZERO_DAY, ...ZERO_SLOT, confirmed: 1 });
  });

  it('R74: a follow-up naming no office, or a wrong one, leaves its office as it was', () => {
    const tally = tallyOf(
      s('ReservationRequested', { reservationId: 'r1', officeCode: '16070', requestedAt: DEC9_1000 }),
      s('FollowUpReservationCreated', { reservationId: 'r1', slot: JAN6_1000 }),
      s('FollowUpReservationCreated', { reservationId: 'r2', officeCode: 13010, slot: JAN6_1000 }),
    );
    expect(tally.officeOf('r1')).toBe('16070');
    expect(tally.officeOf('r2')).toBeUndefined();
  });
});
