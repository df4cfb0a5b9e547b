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
    for (const bad of ['2026-13', '2026-00', '2026-1', '202612', '', undefined, 42, '2026-12-01']) {
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
    expect(of(['13010', '16070']).offices).toEqual(['13010', '16070']);
    expect(of().offices).toEqual(['*']);
  });
});
