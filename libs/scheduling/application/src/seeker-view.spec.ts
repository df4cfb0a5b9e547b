import type { Reservation } from '@soudan/scheduling-domain';
import { toSeekerView } from './views';

const PHONE = '076-475-0324';
// Wednesday 9 December 2026, 10:00-10:30 JST.
const SLOT = '2026-12-09T01:00:00.000Z';
const END = '2026-12-09T01:30:00.000Z';
const DEADLINE = '2026-12-08T14:59:59.999Z';

const base = {
  reservationId: 'r-1',
  number: 'K7P-4XA',
  seekerId: 's-1',
  desiredSlots: [SLOT],
  topic: '応募書類について',
  mayNeedCounter: false,
  requestedAt: '2026-12-01T01:00:00.000Z',
  answerDueBy: '2026-12-04T14:59:59.999Z',
  overdue: false,
  offered: [] as Array<{ start: string; deadline: string }>,
  reminded: false,
  history: [{ type: 'ReservationRequested', at: '2026-12-01T01:00:00.000Z' }],
};
const requested = { ...base, status: 'requested' } as unknown as Reservation;
const offered = {
  ...base,
  status: 'offered',
  termsVersion: '2023-04-01',
  offered: [
    { start: SLOT, deadline: DEADLINE },
    { start: '2026-12-10T01:00:00.000Z', deadline: '2026-12-09T14:59:59.999Z' },
  ],
  history: [
    ...base.history,
    { type: 'AnswerOverdue', at: '2026-12-04T15:00:00.000Z' },
    { type: 'ReservationOffered', at: '2026-12-05T01:00:00.000Z' },
  ],
} as unknown as Reservation;
const confirmed = {
  ...base,
  status: 'confirmed',
  termsVersion: '2023-04-01',
  offered: [{ start: SLOT, deadline: DEADLINE }],
  slot: SLOT,
  end: END,
  meetingUrl: 'https://soudan.example.jp/join/t',
  joined: false,
  checkedIn: false,
  consent: null,
  history: [
    ...base.history,
    { type: 'ReservationOffered', at: '2026-12-02T01:00:00.000Z' },
    { type: 'ConsentReceived', at: '2026-12-03T01:00:00.000Z', channel: 'email' },
    { type: 'ReservationConfirmed', at: '2026-12-03T01:00:00.000Z', channel: 'email' },
  ],
} as unknown as Reservation;

describe("the seeker's view of a reservation (R6, R7, R13, R15, R17)", () => {
  it('R7: while requested, says by when the office answers and allows cancelling', () => {
    const view = toSeekerView(requested, '2026-12-02T01:00:00.000Z', PHONE);
    expect(view).toMatchObject({
      officeAnswersBy: '2026-12-04T14:59:59.999Z',
      replyBy: null,
      actions: ['cancel'],
      officePhone: PHONE,
      number: 'K7P-4XA',
      end: null,
      joinOpensAt: null,
    });
  });

  it("R6, R13: while offered, the reply deadline is the latest open slot's, and consent is allowed until it", () => {
    const view = toSeekerView(offered, '2026-12-08T05:00:00.000Z', PHONE);
    expect(view.replyBy).toBe('2026-12-09T14:59:59.999Z');
    expect(view.actions).toEqual(['consent', 'cancel']);
    expect(view.offers).toHaveLength(2);
    expect(view.officeAnswersBy).toBeNull();
    // The office's own flag is not on the seeker's timeline.
    expect(view.timeline.map((e) => e.type)).toEqual(['ReservationRequested', 'ReservationOffered']);
    const late = toSeekerView(offered, '2026-12-09T15:00:00.000Z', PHONE);
    expect([late.replyBy, late.actions]).toEqual([null, ['cancel']]);
  });

  it('R17: a booked session is cancelled online until the day before, by phone on the day itself', () => {
    const dayBefore = toSeekerView(confirmed, '2026-12-08T14:59:59.999Z', PHONE);
    expect(dayBefore.actions).toEqual(['cancel']);
    const onTheDay = toSeekerView(confirmed, '2026-12-08T15:00:00.000Z', PHONE);
    expect(onTheDay.actions).toEqual(['cancelByPhone']);
  });

  it('R15: join is allowed from 15 minutes before the start to the end', () => {
    expect(toSeekerView(confirmed, '2026-12-09T00:44:59.999Z', PHONE).actions).not.toContain('join');
    const open = toSeekerView(confirmed, '2026-12-09T00:45:00.000Z', PHONE);
    expect(open.actions).toEqual(['cancelByPhone', 'join']);
    expect(open.joinOpensAt).toBe('2026-12-09T00:45:00.000Z');
    expect(toSeekerView(confirmed, END, PHONE).actions).toContain('join');
    expect(toSeekerView(confirmed, '2026-12-09T01:30:00.001Z', PHONE).actions).toEqual([]);
  });

  it('keeps the channel of consent and confirmation on the timeline', () => {
    const view = toSeekerView(confirmed, '2026-12-05T00:00:00.000Z', PHONE);
    expect(view.timeline.slice(-2)).toEqual([
      { type: 'ConsentReceived', at: '2026-12-03T01:00:00.000Z', channel: 'email' },
      { type: 'ReservationConfirmed', at: '2026-12-03T01:00:00.000Z', channel: 'email' },
    ]);
    expect(view.end).toBe(END);
  });
});
