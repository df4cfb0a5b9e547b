import { BusinessCalendar } from '@soudan/time';
import type { ReservationStatus } from '@soudan/scheduling-contracts';
import { deciderSpec } from '@soudan/testing/decider';
import { DomainError } from './domain-error';
import { evolve, initialState, type ReservationEvent, type ReservationState } from './reservation';
import type { CommandType, ReservationCommand } from './reservation.commands';
import { isTerminal, reservationDecider } from './reservation.decider';
import { answerDueBy, confirmationDeadline, mayNeedCounter } from './rules';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const calendar = new BusinessCalendar();
const { decide } = reservationDecider(calendar);

// Wednesday 25 Nov 2026, 10:00 JST.
const NOW = '2026-11-25T01:00:00.000Z';
const meeting = {
  meetingUrl: 'http://localhost:3000/join/tok',
  joinToken: 'tok',
  roomUrl: 'https://meet.example/room/abc',
};

const given = deciderSpec(reservationDecider(calendar));

const at = (now: string) => ({ metadata: { now } });

const request = (
  overrides: Partial<Extract<ReservationCommand, { type: 'RequestReservation' }>['data']> = {},
  now = NOW,
): ReservationCommand => ({
  type: 'RequestReservation',
  data: {
    reservationId: 'r-1',
    officeCode: '16070',
    seekerId: 'seeker-a',
    desiredSlots: ['2026-12-02T10:00:00+09:00'],
    topic: '応募書類の書き方',
    onlineReason: 'childcare',
    ...readySeeker(),
    language: 'ja',
    ...overrides,
  },
  ...at(now),
});

const requested = (): ReservationEvent => decide(request(), initialState())[0];
const offer = (slots = ['2026-12-02T10:00:00+09:00', '2026-12-03T14:00:00+09:00'], now = NOW): ReservationCommand => ({
  type: 'OfferSlots',
  data: { slots, termsVersion: 'v1', by: 'staff:sato' },
  ...at(now),
});
const offered = (): ReservationEvent => decide(offer(), evolve(initialState(), requested()))[0];
const consent = (
  slot = '2026-12-02T10:00:00+09:00',
  now = '2026-11-26T03:00:00.000Z',
  termsVersion = 'v1',
): ReservationCommand => ({
  type: 'Consent',
  data: { slot, termsVersion, channel: 'web', meeting, slotMinutes: 30 },
  ...at(now),
});
const consented = (): ReservationEvent[] => decide(consent(), [requested(), offered()].reduce(evolve, initialState()));
const confirmed = (): ReservationEvent => consented()[1];
const SLOT = '2026-12-02T01:00:00.000Z';
const joined = (): ReservationEvent => ({
  type: 'SeekerJoined',
  data: { reservationId: 'r-1', seekerId: 'seeker-a', joinedAt: '2026-12-02T00:55:00.000Z' },
});

describe('reservation: request (R5, R10, R2, R3, R23)', () => {
  it('R10: records the request with the seeker pseudonym, slots as UTC instants, the checklist version and the answer deadline', () => {
    given([])
      .when(request())
      .then([
        {
          type: 'ReservationRequested',
          data: expect.objectContaining({
            reservationId: 'r-1',
            seekerId: 'seeker-a',
            desiredSlots: [SLOT],
            checklistVersion: 'art5-2023-04',
            requestedAt: NOW,
            answerDueBy: answerDueBy(calendar, NOW),
          }),
        },
      ]);
  });

  it('R10: refuses more than three desired slots', () => {
    const slots = ['02', '03', '04', '07'].map((d) => `2026-12-${d}T10:00:00+09:00`);
    given([])
      .when(request({ desiredSlots: slots }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('R10: refuses the same slot twice, even written in another offset', () => {
    given([])
      .when(request({ desiredSlots: ['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z'] }))
      .thenThrows('DESIRED_SLOTS_DUPLICATED');
  });

  it('R5: accepts a desired date exactly 2 business days ahead (Wednesday -> Friday)', () => {
    given([])
      .when(request({ desiredSlots: ['2026-11-27T10:00:00+09:00'] }))
      .thenEmits('ReservationRequested');
  });

  it('R5: refuses a desired date 1 business day ahead', () => {
    given([])
      .when(request({ desiredSlots: ['2026-11-26T10:00:00+09:00'] }))
      .thenThrows('LEAD_TIME');
  });

  it('R5: a request on Saturday can ask for Wednesday at the earliest', () => {
    const saturday = '2026-11-28T01:00:00.000Z';
    given([])
      .when(request({ desiredSlots: ['2026-12-01T10:00:00+09:00'] }, saturday))
      .thenThrows('LEAD_TIME');
    given([])
      .when(request({ desiredSlots: ['2026-12-02T10:00:00+09:00'] }, saturday))
      .thenEmits('ReservationRequested');
  });

  it('R5: every desired slot must meet the lead time', () => {
    given([])
      .when(request({ desiredSlots: ['2026-12-02T10:00:00+09:00', '2026-11-26T10:00:00+09:00'] }))
      .thenThrows('LEAD_TIME');
  });

  it('R5: refuses a date in the past', () => {
    given([])
      .when(request({ desiredSlots: ['2026-11-20T10:00:00+09:00'] }))
      .thenThrows('SLOT_IN_PAST');
  });

  it('R3: refuses 10:15, which is not a slot start', () => {
    given([])
      .when(request({ desiredSlots: ['2026-12-02T10:15:00+09:00'] }))
      .thenThrows('OUTSIDE_HOURS');
  });

  it('R3: refuses 16:00, after the last slot', () => {
    given([])
      .when(request({ desiredSlots: ['2026-12-02T16:00:00+09:00'] }))
      .thenThrows('OUTSIDE_HOURS');
  });

  it.each([
    ['2026-12-05T10:00:00+09:00', 'a Saturday'],
    ['2026-12-29T10:00:00+09:00', '29 December'],
    ['2027-01-11T10:00:00+09:00', '成人の日'],
  ])('R2: refuses %s (%s)', (slot) => {
    given([])
      .when(request({ desiredSlots: [slot] }))
      .thenThrows('NOT_BUSINESS_DAY');
  });

  it('R23: flags a topic about the status of an application as "may need the counter"', () => {
    expect(mayNeedCounter('応募した求人の応募状況を知りたい')).toBe(true);
    expect(mayNeedCounter('面接の練習をしたい')).toBe(false);
    const [event] = decide(request({ topic: '会社に確認してほしい' }), initialState());
    expect((event.data as { mayNeedCounter: boolean }).mayNeedCounter).toBe(true);
  });

  it('R7: the answer is due at the end of the 3rd business day after the request day', () => {
    expect(answerDueBy(calendar, NOW)).toBe('2026-11-30T14:59:59.999Z'); // Mon 30 Nov 23:59:59.999 JST
  });
});

describe('reservation: offer, consent, lapse (R6, R12, R13, R14)', () => {
  it('R12: an offer carries the terms version and each slot with its R6 deadline', () => {
    given([requested()])
      .when(offer())
      .then([
        {
          type: 'ReservationOffered',
          data: expect.objectContaining({
            termsVersion: 'v1',
            slots: [
              { start: SLOT, deadline: '2026-12-01T14:59:59.999Z' },
              { start: '2026-12-03T05:00:00.000Z', deadline: '2026-12-02T14:59:59.999Z' },
            ],
          }),
        },
      ]);
  });

  it('R6: the deadline is 23:59:59 JST of the calendar day before the slot', () => {
    expect(confirmationDeadline('2026-12-02T10:00:00+09:00')).toBe('2026-12-01T14:59:59.999Z');
  });

  it('R12: refuses to offer a slot whose confirmation deadline has passed', () => {
    given([requested()])
      .when(offer(['2026-11-26T10:00:00+09:00'], '2026-11-25T15:30:00.000Z'))
      .thenThrows('CONFIRMATION_DEADLINE_PASSED');
  });

  it('R12: offers at most three slots', () => {
    given([requested()])
      .when(offer(['02', '03', '04', '07'].map((d) => `2026-12-${d}T10:00:00+09:00`)))
      .thenThrows('VALIDATION_FAILED');
  });

  it('R13: consent for an offered slot with the offered terms is recorded as its own fact, then confirms with a meeting URL', () => {
    given([requested(), offered()])
      .when(consent())
      .then([
        {
          type: 'ConsentReceived',
          data: {
            reservationId: 'r-1',
            seekerId: 'seeker-a',
            slot: SLOT,
            termsVersion: 'v1',
            channel: 'web',
            at: '2026-11-26T03:00:00.000Z',
          },
        },
        {
          type: 'ReservationConfirmed',
          data: expect.objectContaining({
            slot: SLOT,
            end: '2026-12-02T01:30:00.000Z',
            termsVersion: 'v1',
            meetingUrl: meeting.meetingUrl,
            consent: { reservationId: 'r-1', termsVersion: 'v1', channel: 'web', at: '2026-11-26T03:00:00.000Z' },
          }),
        },
      ]);
  });

  it('R13: a retry of the consent that confirmed this slot decides nothing; another slot is refused', () => {
    given([requested(), offered(), ...consented()])
      .when(consent())
      .thenNothing();
    given([requested(), offered(), ...consented()])
      .when(consent('2026-12-03T14:00:00+09:00'))
      .thenThrows('INVALID_STATE');
  });

  it('R13: refuses consent for a slot that was not offered', () => {
    given([requested(), offered()]).when(consent('2026-12-04T10:00:00+09:00')).thenThrows('SLOT_NOT_OFFERED');
  });

  it('R13: refuses consent naming another terms version', () => {
    given([requested(), offered()])
      .when(consent(undefined, undefined, 'v0'))
      .thenThrows('TERMS_VERSION_MISMATCH');
  });

  it('R6/R13: refuses a late reply, after 23:59:59 JST the day before', () => {
    given([requested(), offered()])
      .when(consent(undefined, '2026-12-01T15:00:00.000Z'))
      .thenThrows('CONFIRMATION_DEADLINE_PASSED');
  });

  it('R13: a reply at 23:59 JST the day before is still in time', () => {
    given([requested(), offered()])
      .when(consent(undefined, '2026-12-01T14:59:00.000Z'))
      .thenEmits('ConsentReceived', 'ReservationConfirmed');
  });

  it('R14: lapses once no offered slot can be chosen any more', () => {
    given([requested(), offered()])
      .when({ type: 'Lapse', data: {}, ...at('2026-12-02T15:00:00.000Z') })
      .thenEmits('ReservationLapsed');
  });

  it('R14: does not lapse while a later offered slot can still be chosen', () => {
    given([requested(), offered()])
      .when({ type: 'Lapse', data: {}, ...at('2026-12-01T15:00:00.000Z') })
      .thenThrows('NOT_YET_DUE');
  });
});

describe('reservation: cancellation (R17)', () => {
  it('R17: the seeker can cancel online until the day before', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'CancelBySeeker', data: {}, ...at('2026-12-01T14:59:00.000Z') })
      .thenEmits('ReservationCancelled');
  });

  it('R17: refuses a same-day cancellation online', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'CancelBySeeker', data: {}, ...at('2026-12-01T15:00:00.000Z') })
      .thenThrows('SAME_DAY_PHONE_ONLY');
  });

  it('R17: staff record a phone cancellation on the day itself', () => {
    given([requested(), offered(), confirmed()])
      .when({
        type: 'CancelByStaff',
        data: { channel: 'phone', note: '電話連絡あり', by: 'staff:sato' },
        ...at('2026-12-02T00:30:00.000Z'),
      })
      .then([
        {
          type: 'ReservationCancelled',
          data: expect.objectContaining({ channel: 'phone', by: 'staff:sato', slot: SLOT }),
        },
      ]);
  });

  it('R17: cancelling twice says it is already cancelled', () => {
    const cancelled = decide({ type: 'CancelBySeeker', data: {}, ...at(NOW) }, evolve(initialState(), requested()))[0];
    given([requested(), cancelled])
      .when({ type: 'CancelBySeeker', data: {}, ...at(NOW) })
      .thenThrows('ALREADY_CANCELLED');
  });
});

describe('reservation: the session (R15, R16, R18, R20, R21)', () => {
  it('R15: the join link opens 15 minutes before the start', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T00:44:00.000Z') })
      .thenThrows('JOIN_NOT_OPEN');
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T00:45:00.000Z') })
      .thenEmits('SeekerJoined');
  });

  it('R15: the join link stops working at the end of the slot', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T01:30:01.000Z') })
      .thenThrows('JOIN_CLOSED');
  });

  it('R18: no join and no check-in 10 minutes after the start is a no-show', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:10:00.000Z') })
      .thenEmits('SessionNoShow');
  });

  it('R18: not before 10 minutes have passed', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:09:59.000Z') })
      .thenThrows('NOT_YET_DUE');
  });

  it('R18: a seeker who joined is not a no-show', () => {
    given([requested(), offered(), confirmed(), joined()])
      .when({ type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:10:00.000Z') })
      .thenThrows('INVALID_STATE');
  });

  it('R20: completing after the scheduled end records the overrun', () => {
    given([requested(), offered(), confirmed(), joined()])
      .when({ type: 'Complete', data: { by: 'staff:sato' }, ...at('2026-12-02T01:37:00.000Z') })
      .then([{ type: 'SessionCompleted', data: expect.objectContaining({ overrunMinutes: 7 }) }]);
  });

  it('R21: a counsellor ends a session with a reason', () => {
    given([requested(), offered(), confirmed(), joined()])
      .when({ type: 'Terminate', data: { reason: '暴言', by: 'staff:sato' }, ...at('2026-12-02T01:05:00.000Z') })
      .then([{ type: 'SessionTerminated', data: expect.objectContaining({ reason: '暴言', seekerId: 'seeker-a' }) }]);
  });

  it('R55: what the session records is when and by whom, never what was said', () => {
    const session = [requested(), offered(), confirmed()];
    const checkedIn = decide(
      { type: 'CheckIn', data: { by: 'staff:sato' }, ...at('2026-12-02T00:58:00.000Z') },
      session.reduce(evolve, initialState()),
    );
    const completed = decide(
      { type: 'Complete', data: { by: 'staff:sato' }, ...at('2026-12-02T01:30:00.000Z') },
      [...session, joined()].reduce(evolve, initialState()),
    );
    expect(checkedIn.map((e) => Object.keys(e.data).sort())).toEqual([
      ['by', 'checkedInAt', 'reservationId', 'seekerId'],
    ]);
    expect(completed.map((e) => Object.keys(e.data).sort())).toEqual([
      ['by', 'completedAt', 'overrunMinutes', 'reservationId', 'seekerId'],
    ]);
  });

  it('R21: a termination needs a reason', () => {
    given([requested(), offered(), confirmed(), joined()])
      .when({ type: 'Terminate', data: { reason: ' ', by: 'staff:sato' }, ...at('2026-12-02T01:05:00.000Z') })
      .thenThrows('VALIDATION_FAILED');
  });

  const ON_RECORD = {
    reservationId: 'r-1',
    termsVersion: 'v1',
    channel: 'web' as const,
    at: '2026-11-26T03:00:00.000Z',
  };
  const followUp = (slot: string, overrideReason?: string): ReservationCommand => ({
    type: 'CreateFollowUp',
    data: {
      reservationId: 'r-2',
      previousReservationId: 'r-1',
      officeCode: '16070',
      seekerId: 'seeker-a',
      topic: '続き',
      slot,
      termsVersion: 'v1',
      consent: ON_RECORD,
      overrideReason,
      by: 'staff:sato',
      meeting,
      slotMinutes: 30,
    },
    ...at('2026-12-02T01:10:00.000Z'),
  });

  it('R16: a follow-up is confirmed at once and names the consent on record it rests on', () => {
    const events = decide(followUp('2026-12-07T10:00:00+09:00'), initialState());
    expect(events.map((e) => e.type)).toEqual(['FollowUpReservationCreated', 'ReservationConfirmed']);
    expect(events[1].data).toEqual(expect.objectContaining({ channel: 'follow-up', consent: ON_RECORD }));
  });

  it('R16: R5 applies to a follow-up unless the counsellor records an override reason', () => {
    given([]).when(followUp('2026-12-03T10:00:00+09:00')).thenThrows('LEAD_TIME');
    expect(decide(followUp('2026-12-03T10:00:00+09:00', '求人の締切が近いため'), initialState())[0].data).toEqual(
      expect.objectContaining({ overrideReason: '求人の締切が近いため' }),
    );
  });
});

describe('reservation: invitation (R15)', () => {
  it('R15: a confirmed reservation becomes invited once the invitation mail has gone out', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'MarkInvited', data: {}, ...at('2026-11-26T03:05:00.000Z') })
      .thenEmits('ReservationInvited');
  });
});

describe('reservation: timers (R7 and the reminder)', () => {
  it('R7: a request with no offer by the end of the 3rd business day is flagged overdue once', () => {
    given([requested()])
      .when({ type: 'MarkOverdue', data: {}, ...at('2026-11-30T15:00:00.000Z') })
      .thenEmits('AnswerOverdue');
    const overdue = decide(
      { type: 'MarkOverdue', data: {}, ...at('2026-11-30T15:00:00.000Z') },
      evolve(initialState(), requested()),
    )[0];
    given([requested(), overdue])
      .when({ type: 'MarkOverdue', data: {}, ...at('2026-12-01T15:00:00.000Z') })
      .thenNothing();
  });

  it('R7: not overdue during the 3rd business day', () => {
    given([requested()])
      .when({ type: 'MarkOverdue', data: {}, ...at('2026-11-30T14:00:00.000Z') })
      .thenThrows('NOT_YET_DUE');
  });

  it('R60: the reminder is due the day before at 10:00 JST, once', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at('2026-12-01T01:00:00.000Z') })
      .thenEmits('ReminderDue');
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at('2026-12-01T00:59:00.000Z') })
      .thenThrows('NOT_YET_DUE');
  });
});

// Every state × command pair has a defined outcome: events of a known type, or a
// refusal with a stable code; never an unexpected exception.
describe('reservation: the state × command table', () => {
  // Built inside each test, and only the one history it needs, not when the file loads:
  // mutation testing (perTest coverage) then runs only the tests that reach a mutant.
  const historyOf = (status: ReservationStatus | 'none'): ReservationEvent[] => {
    const state = (events: ReservationEvent[]) => events.reduce(evolve, initialState() as ReservationState);
    const next = (events: ReservationEvent[], command: ReservationCommand) => [
      ...events,
      ...decide(command, state(events)),
    ];
    const booked = () => [requested(), offered(), confirmed()];
    switch (status) {
      case 'none':
        return [];
      case 'requested':
        return [requested()];
      case 'offered':
        return [requested(), offered()];
      case 'confirmed':
        return booked();
      case 'invited':
        return [
          ...booked(),
          {
            type: 'ReservationInvited',
            data: { reservationId: 'r-1', seekerId: 'seeker-a', invitedAt: '2026-11-26T03:01:00.000Z' },
          },
        ];
      case 'in_session':
        return [...booked(), joined()];
      case 'completed':
        return next([...booked(), joined()], {
          type: 'Complete',
          data: { by: 's' },
          ...at('2026-12-02T01:20:00.000Z'),
        });
      case 'cancelled':
        return next([requested()], { type: 'CancelBySeeker', data: {}, ...at(NOW) });
      case 'no_show':
        return next(booked(), { type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:15:00.000Z') });
      case 'lapsed':
        return next([requested(), offered()], { type: 'Lapse', data: {}, ...at('2026-12-03T15:00:00.000Z') });
      case 'rejected':
        return next([requested()], { type: 'RejectRequest', data: { reason: '対象外', by: 's' }, ...at(NOW) });
      case 'terminated':
        return next([...booked(), joined()], {
          type: 'Terminate',
          data: { reason: '暴言', by: 's' },
          ...at('2026-12-02T01:05:00.000Z'),
        });
    }
  };

  // The instant each command is tried at: one where its timing rules would allow it.
  const commands: Record<CommandType, ReservationCommand> = {
    RequestReservation: request(),
    OfferSlots: offer(),
    RejectRequest: { type: 'RejectRequest', data: { reason: '対象外', by: 's' }, ...at(NOW) },
    Consent: consent(),
    Lapse: { type: 'Lapse', data: {}, ...at('2026-12-03T15:00:00.000Z') },
    MarkOverdue: { type: 'MarkOverdue', data: {}, ...at('2026-12-01T00:00:00.000Z') },
    SendReminder: { type: 'SendReminder', data: {}, ...at('2026-12-01T02:00:00.000Z') },
    MarkInvited: { type: 'MarkInvited', data: {}, ...at('2026-11-26T03:05:00.000Z') },
    CancelBySeeker: { type: 'CancelBySeeker', data: {}, ...at('2026-11-26T00:00:00.000Z') },
    CancelByStaff: { type: 'CancelByStaff', data: { channel: 'phone', by: 's' }, ...at('2026-11-26T00:00:00.000Z') },
    RecordJoin: { type: 'RecordJoin', data: {}, ...at('2026-12-02T01:00:00.000Z') },
    CheckIn: { type: 'CheckIn', data: { by: 's' }, ...at('2026-12-02T01:00:00.000Z') },
    Complete: { type: 'Complete', data: { by: 's' }, ...at('2026-12-02T01:25:00.000Z') },
    Terminate: { type: 'Terminate', data: { reason: '暴言', by: 's' }, ...at('2026-12-02T01:05:00.000Z') },
    MarkNoShow: { type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:15:00.000Z') },
    RecordFollowUp: {
      type: 'RecordFollowUp',
      data: { followUpId: 'r-2', slot: '2026-12-09T10:00:00+09:00', by: 's' },
      ...at('2026-12-02T01:10:00.000Z'),
    },
    CreateFollowUp: {
      type: 'CreateFollowUp',
      data: {
        reservationId: 'r-2',
        previousReservationId: 'r-1',
        officeCode: '16070',
        seekerId: 'seeker-a',
        topic: 't',
        slot: '2026-12-09T10:00:00+09:00',
        termsVersion: 'v1',
        consent: { reservationId: 'r-1', termsVersion: 'v1', channel: 'web', at: '2026-11-26T03:00:00.000Z' },
        by: 's',
        meeting,
        slotMinutes: 30,
      },
      ...at('2026-12-02T01:10:00.000Z'),
    },
  };

  const expected: Record<CommandType, Partial<Record<ReservationStatus | 'none', string>>> = {
    RequestReservation: { none: 'ReservationRequested' },
    OfferSlots: { requested: 'ReservationOffered' },
    RejectRequest: { requested: 'ReservationRejected' },
    Consent: { offered: 'ConsentReceived' },
    Lapse: { offered: 'ReservationLapsed' },
    MarkOverdue: { requested: 'AnswerOverdue' },
    SendReminder: { confirmed: 'ReminderDue', invited: 'ReminderDue' },
    MarkInvited: { confirmed: 'ReservationInvited' },
    CancelBySeeker: {
      requested: 'ReservationCancelled',
      offered: 'ReservationCancelled',
      confirmed: 'ReservationCancelled',
      invited: 'ReservationCancelled',
    },
    CancelByStaff: {
      requested: 'ReservationCancelled',
      offered: 'ReservationCancelled',
      confirmed: 'ReservationCancelled',
      invited: 'ReservationCancelled',
    },
    RecordJoin: { confirmed: 'SeekerJoined', invited: 'SeekerJoined', in_session: 'SeekerJoined' },
    CheckIn: { confirmed: 'SessionCheckedIn', invited: 'SessionCheckedIn', in_session: 'SessionCheckedIn' },
    Complete: { in_session: 'SessionCompleted' },
    Terminate: { in_session: 'SessionTerminated' },
    MarkNoShow: { confirmed: 'SessionNoShow', invited: 'SessionNoShow' },
    RecordFollowUp: { in_session: 'FollowUpBooked' },
    CreateFollowUp: { none: 'FollowUpReservationCreated' },
  };

  const rows = (Object.keys(commands) as CommandType[]).flatMap((command) =>
    (
      [
        'none',
        'requested',
        'offered',
        'confirmed',
        'invited',
        'in_session',
        'completed',
        'cancelled',
        'no_show',
        'lapsed',
        'rejected',
        'terminated',
      ] as const
    ).map((status) => [command, status] as const),
  );

  it.each(rows)('%s in state %s', (command, status) => {
    const state = historyOf(status).reduce(evolve, initialState() as ReservationState);
    const outcome = expected[command][status];
    if (outcome) {
      expect(decide(commands[command], state)[0]?.type).toBe(outcome);
    } else if (command === 'MarkInvited' || (command === 'Consent' && ['confirmed', 'invited'].includes(status))) {
      // A retried consent for the slot it booked answers as it did.
      // Late news of a sent invitation changes nothing once the reservation moved on.
      expect(decide(commands[command], state)).toEqual([]);
    } else {
      let thrown: unknown;
      try {
        decide(commands[command], state);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      const expectedCode =
        status === 'none'
          ? 'RESERVATION_NOT_FOUND'
          : status === 'cancelled' && command.startsWith('Cancel')
            ? 'ALREADY_CANCELLED'
            : ['CreateFollowUp', 'RequestReservation'].includes(command)
              ? 'INVALID_STATE'
              : undefined;
      if (expectedCode) expect((thrown as DomainError).code).toBe(expectedCode);
      else expect(['INVALID_STATE', 'ALREADY_CANCELLED']).toContain((thrown as DomainError).code);
    }
  });

  it('terminal states stay terminal: no command moves them', () => {
    for (const status of ['completed', 'cancelled', 'no_show', 'lapsed', 'rejected', 'terminated'] as const) {
      const state = historyOf(status).reduce(evolve, initialState() as ReservationState);
      for (const command of Object.values(commands)) {
        if (command.type === 'RequestReservation' || command.type === 'CreateFollowUp') continue;
        if (command.type === 'MarkInvited') {
          expect(decide(command, state)).toEqual([]);
          continue;
        }
        expect(() => decide(command, state)).toThrow(DomainError);
      }
    }
  });
});

// The exact instants where a rule turns, and the repeats a timer or a person may send:
// each test here fails when the comparison or the guard it names is changed (found by
// mutation testing, `npm run test:mutation -- scheduling`).
describe('reservation: boundary instants and repeats', () => {
  const DEADLINE = '2026-12-01T14:59:59.999Z'; // R6 for the 2 Dec slot: 23:59:59.999 JST on 1 Dec
  const LAST_DEADLINE = '2026-12-02T14:59:59.999Z'; // R6 for the 3 Dec slot
  const ANSWER_DUE = '2026-11-30T14:59:59.999Z'; // R7 for a request on Wed 25 Nov
  const plusMs = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();
  const reminded = (): ReservationEvent =>
    decide(
      { type: 'SendReminder', data: {}, ...at('2026-12-01T01:00:00.000Z') },
      [requested(), offered(), confirmed()].reduce(evolve, initialState()),
    )[0];

  it('R7: at the very last instant of the 3rd business day the answer is not yet overdue; a millisecond later it is', () => {
    expect(answerDueBy(calendar, NOW)).toBe(ANSWER_DUE);
    given([requested()])
      .when({ type: 'MarkOverdue', data: {}, ...at(ANSWER_DUE) })
      .thenThrows('NOT_YET_DUE');
    given([requested()])
      .when({ type: 'MarkOverdue', data: {}, ...at(plusMs(ANSWER_DUE, 1)) })
      .then([{ type: 'AnswerOverdue', data: expect.objectContaining({ answerDueBy: ANSWER_DUE }) }]);
  });

  it('R7: a request kept from before answer deadlines existed is never flagged overdue', () => {
    const { answerDueBy: _due, ...old } = (requested() as Extract<ReservationEvent, { type: 'ReservationRequested' }>)
      .data;
    given([{ type: 'ReservationRequested', data: old } as unknown as ReservationEvent])
      .when({ type: 'MarkOverdue', data: {}, ...at('2027-01-30T00:00:00.000Z') })
      .thenThrows('NOT_YET_DUE');
  });

  it('R13: consent at the deadline instant itself is in time; one millisecond later it is refused', () => {
    given([requested(), offered()])
      .when(consent(undefined, DEADLINE))
      .thenEmits('ConsentReceived', 'ReservationConfirmed');
    given([requested(), offered()])
      .when(consent(undefined, plusMs(DEADLINE, 1)))
      .thenThrows('CONFIRMATION_DEADLINE_PASSED');
  });

  it('R13: a retried consent naming other terms is not taken for the same consent', () => {
    given([requested(), offered(), ...consented()])
      .when(consent(undefined, undefined, 'v2'))
      .thenThrows('INVALID_STATE');
  });

  it('R14: at the deadline instant of the last offered slot the offer does not lapse yet; a millisecond later it does', () => {
    given([requested(), offered()])
      .when({ type: 'Lapse', data: {}, ...at(LAST_DEADLINE) })
      .thenThrows('NOT_YET_DUE');
    given([requested(), offered()])
      .when({ type: 'Lapse', data: {}, ...at(plusMs(LAST_DEADLINE, 1)) })
      .then([{ type: 'ReservationLapsed', data: expect.objectContaining({ lapsedAt: plusMs(LAST_DEADLINE, 1) }) }]);
  });

  it('R15: the join link opens exactly 15 minutes before the start and still works at the end instant of the slot', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T00:44:59.999Z') })
      .thenThrows('JOIN_NOT_OPEN');
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T00:45:00.000Z') })
      .thenEmits('SeekerJoined');
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T01:30:00.000Z') })
      .thenEmits('SeekerJoined');
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: {}, ...at('2026-12-02T01:30:00.001Z') })
      .thenThrows('JOIN_CLOSED');
  });

  it('R16: an override reason of blanks is no reason: R5 still applies', () => {
    const followUp = (overrideReason: string): ReservationCommand => ({
      type: 'CreateFollowUp',
      data: {
        reservationId: 'r-2',
        previousReservationId: 'r-1',
        officeCode: '16070',
        seekerId: 'seeker-a',
        topic: '続き',
        slot: '2026-12-03T10:00:00+09:00',
        termsVersion: 'v1',
        consent: null,
        overrideReason,
        by: 'staff:sato',
        meeting,
        slotMinutes: 30,
      },
      ...at('2026-12-02T01:10:00.000Z'),
    });
    given([]).when(followUp(' \u3000 ')).thenThrows('LEAD_TIME');
    // A real reason is kept without the blanks around it.
    expect(decide(followUp('  締切が近いため '), initialState())[0].data).toEqual(
      expect.objectContaining({ overrideReason: '締切が近いため' }),
    );
  });

  it('R16: a follow-up meeting the lead time keeps no blank override reason', () => {
    const [created] = decide(
      {
        type: 'CreateFollowUp',
        data: {
          reservationId: 'r-2',
          previousReservationId: 'r-1',
          officeCode: '16070',
          seekerId: 'seeker-a',
          topic: '続き',
          slot: '2026-12-07T10:00:00+09:00',
          termsVersion: 'v1',
          consent: null,
          overrideReason: '  ',
          by: 'staff:sato',
          meeting,
          slotMinutes: 30,
        },
        ...at('2026-12-02T01:10:00.000Z'),
      },
      initialState(),
    );
    expect(created.data).not.toHaveProperty('overrideReason');
  });

  it('R60: a second reminder for the same session decides nothing', () => {
    given([requested(), offered(), confirmed(), reminded()])
      .when({ type: 'SendReminder', data: {}, ...at('2026-12-01T05:00:00.000Z') })
      .thenNothing();
  });

  it('R60: a reminder still sends until the start instant, and not from the start on', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at(plusMs(SLOT, -1)) })
      .thenEmits('ReminderDue');
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at(SLOT) })
      .thenNothing();
  });

  it('R60: the reminder instant itself is due (10:00 JST the day before)', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at('2026-12-01T01:00:00.000Z') })
      .then([
        {
          type: 'ReminderDue',
          data: expect.objectContaining({ slot: SLOT, meetingUrl: meeting.meetingUrl, at: '2026-12-01T01:00:00.000Z' }),
        },
      ]);
    given([requested(), offered(), confirmed()])
      .when({ type: 'SendReminder', data: {}, ...at('2026-12-01T00:59:59.999Z') })
      .thenThrows('NOT_YET_DUE');
  });

  it('R18/R60: a second check-in by the counsellor decides nothing', () => {
    const checkIn = { type: 'CheckIn' as const, data: { by: 'staff:sato' }, ...at('2026-12-02T00:58:00.000Z') };
    const first = decide(checkIn, [requested(), offered(), confirmed()].reduce(evolve, initialState()));
    expect(first.map((e) => e.type)).toEqual(['SessionCheckedIn']);
    given([requested(), offered(), confirmed(), ...first])
      .when({ ...checkIn, ...at('2026-12-02T01:02:00.000Z') })
      .thenNothing();
  });
});

describe('reservation: what each event carries', () => {
  const numberedHistory = (): ReservationEvent[] => {
    const r = decide(request({ number: 'ABC-234', idempotencyKey: 'k-1' }), initialState());
    const o = decide(offer(), r.reduce(evolve, initialState()));
    const c = decide(consent(), [...r, ...o].reduce(evolve, initialState()));
    return [...r, ...o, ...c];
  };
  const stateOf = (events: ReservationEvent[]) => events.reduce(evolve, initialState() as ReservationState);

  it('R10: a request keeps its number, its idempotency key and who attends; one without them has no such keys', () => {
    const [withAll] = decide(
      request({ number: 'ABC-234', idempotencyKey: 'k-1', attendee: { kind: 'interpreter', note: '英語' } }),
      initialState(),
    );
    expect(withAll.data).toMatchObject({
      number: 'ABC-234',
      idempotencyKey: 'k-1',
      attendee: { kind: 'interpreter', note: '英語' },
      language: 'ja',
      topic: '応募書類の書き方',
      onlineReason: 'childcare',
      mayNeedCounter: false,
    });
    const [plain] = decide(request(), initialState());
    for (const key of ['number', 'idempotencyKey', 'attendee']) expect(plain.data).not.toHaveProperty(key);
  });

  it('R10: refuses a request without any desired slot', () => {
    given([])
      .when(request({ desiredSlots: [] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('R10: three desired slots are accepted and kept in time order', () => {
    const [event] = decide(
      request({
        desiredSlots: ['2026-12-04T10:00:00+09:00', '2026-12-02T10:00:00+09:00', '2026-12-03T10:00:00+09:00'],
      }),
      initialState(),
    );
    expect((event.data as { desiredSlots: string[] }).desiredSlots).toEqual([
      '2026-12-02T01:00:00.000Z',
      '2026-12-03T01:00:00.000Z',
      '2026-12-04T01:00:00.000Z',
    ]);
  });

  it('R12: refuses an offer without slots, or with the same slot twice; three slots are accepted in time order', () => {
    given([requested()]).when(offer([])).thenThrows('VALIDATION_FAILED');
    given([requested()])
      .when(offer(['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z']))
      .thenThrows('VALIDATION_FAILED');
    const [event] = decide(
      offer(['2026-12-04T10:00:00+09:00', '2026-12-02T10:00:00+09:00', '2026-12-03T10:00:00+09:00']),
      stateOf([requested()]),
    );
    expect((event.data as { slots: Array<{ start: string }> }).slots.map((s) => s.start)).toEqual([
      '2026-12-02T01:00:00.000Z',
      '2026-12-03T01:00:00.000Z',
      '2026-12-04T01:00:00.000Z',
    ]);
  });

  it('R12: a slot can be offered until the instant before its R6 deadline, not at the deadline itself', () => {
    const deadline = '2026-11-25T14:59:59.999Z'; // for Thu 26 Nov 10:00 JST
    given([requested()])
      .when(offer(['2026-11-26T10:00:00+09:00'], '2026-11-25T14:59:59.998Z'))
      .thenEmits('ReservationOffered');
    given([requested()])
      .when(offer(['2026-11-26T10:00:00+09:00'], deadline))
      .thenThrows('CONFIRMATION_DEADLINE_PASSED');
  });

  it('R12: an offer is refused for a slot that is not a business-day slot start, even without lead time', () => {
    given([requested()])
      .when(offer(['2026-12-05T10:00:00+09:00']))
      .thenThrows('NOT_BUSINESS_DAY');
    given([requested()])
      .when(offer(['2026-11-26T10:00:00+09:00']))
      .thenEmits('ReservationOffered');
  });

  it('R17: every event that may reach a person carries the reservation number', () => {
    const events = numberedHistory();
    const state = stateOf(events);
    const later: ReservationCommand[] = [
      { type: 'SendReminder', data: {}, ...at('2026-12-01T01:00:00.000Z') },
      { type: 'CancelBySeeker', data: {}, ...at('2026-11-27T00:00:00.000Z') },
      { type: 'CancelByStaff', data: { channel: 'phone', by: 's' }, ...at('2026-11-27T00:00:00.000Z') },
      { type: 'RecordJoin', data: {}, ...at('2026-12-02T01:00:00.000Z') },
      { type: 'CheckIn', data: { by: 's' }, ...at('2026-12-02T01:00:00.000Z') },
      { type: 'MarkNoShow', data: {}, ...at('2026-12-02T01:15:00.000Z') },
    ];
    for (const event of events.filter((e) => e.type !== 'ConsentReceived'))
      expect({ type: event.type, number: (event.data as { number?: string }).number }).toEqual({
        type: event.type,
        number: 'ABC-234',
      });
    for (const command of later)
      expect({ command: command.type, number: (decide(command, state)[0].data as { number?: string }).number }).toEqual(
        {
          command: command.type,
          number: 'ABC-234',
        },
      );
    const inSession = stateOf([...events, joined()]);
    for (const command of [
      { type: 'Complete', data: { by: 's' }, ...at('2026-12-02T01:25:00.000Z') },
      { type: 'Terminate', data: { reason: '暴言', by: 's' }, ...at('2026-12-02T01:05:00.000Z') },
      {
        type: 'RecordFollowUp',
        data: { followUpId: 'r-2', slot: '2026-12-09T10:00:00+09:00', by: 's' },
        ...at('2026-12-02T01:10:00.000Z'),
      },
    ] as ReservationCommand[])
      expect((decide(command, inSession)[0].data as { number?: string }).number).toBe('ABC-234');
    const lapsed = decide({ type: 'Lapse', data: {}, ...at('2026-12-03T15:00:00.000Z') }, stateOf(events.slice(0, 2)));
    const overdue = decide(
      { type: 'MarkOverdue', data: {}, ...at('2026-12-01T00:00:00.000Z') },
      stateOf(events.slice(0, 1)),
    );
    const rejected = decide(
      { type: 'RejectRequest', data: { reason: '対象外', by: 's' }, ...at(NOW) },
      stateOf(events.slice(0, 1)),
    );
    for (const [event] of [lapsed, overdue, rejected])
      expect((event.data as { number?: string }).number).toBe('ABC-234');
    // Without a number there is no key at all.
    const [plainOffer] = decide(offer(), stateOf([requested()]));
    expect(plainOffer.data).not.toHaveProperty('number');
  });

  it('R12: a rejection records the reason, who rejected and when', () => {
    given([requested()])
      .when({ type: 'RejectRequest', data: { reason: '対象外', by: 'staff:sato' }, ...at(NOW) })
      .thenExactly([
        {
          type: 'ReservationRejected',
          data: { reservationId: 'r-1', seekerId: 'seeker-a', reason: '対象外', by: 'staff:sato', rejectedAt: NOW },
        },
      ]);
  });

  it("R17: a cancellation before any booking names no slot; the seeker's reason and the staff note are kept when given", () => {
    given([requested()])
      .when({ type: 'CancelBySeeker', data: { reason: '都合がつかない' }, ...at(NOW) })
      .thenExactly([
        {
          type: 'ReservationCancelled',
          data: {
            reservationId: 'r-1',
            seekerId: 'seeker-a',
            slot: null,
            by: 'seeker',
            channel: 'web',
            reason: '都合がつかない',
            cancelledAt: NOW,
          },
        },
      ]);
    const [bySeeker] = decide({ type: 'CancelBySeeker', data: {}, ...at(NOW) }, stateOf([requested()]));
    expect(bySeeker.data).not.toHaveProperty('reason');
    given([requested(), offered()])
      .when({ type: 'CancelByStaff', data: { channel: 'email', note: 'メール連絡', by: 's' }, ...at(NOW) })
      .thenExactly([
        {
          type: 'ReservationCancelled',
          data: {
            reservationId: 'r-1',
            seekerId: 'seeker-a',
            slot: null,
            by: 's',
            channel: 'email',
            note: 'メール連絡',
            cancelledAt: NOW,
          },
        },
      ]);
    const [byStaff] = decide(
      { type: 'CancelByStaff', data: { channel: 'phone', by: 's' }, ...at(NOW) },
      stateOf([requested()]),
    );
    expect(byStaff.data).not.toHaveProperty('note');
  });

  it('R17: after the day of the session the seeker cannot cancel online either', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'CancelBySeeker', data: {}, ...at('2026-12-03T01:00:00.000Z') })
      .thenThrows('SAME_DAY_PHONE_ONLY');
  });

  it('R50: a join keeps the device data given with it, and none when none was given', () => {
    const device = { userAgent: 'Mozilla/5.0', ip: '192.0.2.1' };
    given([requested(), offered(), confirmed()])
      .when({ type: 'RecordJoin', data: { device }, ...at('2026-12-02T00:55:00.000Z') })
      .thenExactly([
        {
          type: 'SeekerJoined',
          data: { reservationId: 'r-1', seekerId: 'seeker-a', joinedAt: '2026-12-02T00:55:00.000Z', device },
        },
      ]);
    const [join] = decide(
      { type: 'RecordJoin', data: {}, ...at('2026-12-02T00:55:00.000Z') },
      stateOf([requested(), offered(), confirmed()]),
    );
    expect(join.data).not.toHaveProperty('device');
  });

  it('R20: a session completed before its end has no overrun; part of a minute over counts as a minute', () => {
    const complete = (now: string) =>
      decide(
        { type: 'Complete', data: { by: 's' }, ...at(now) },
        stateOf([requested(), offered(), confirmed(), joined()]),
      )[0].data as { overrunMinutes: number };
    expect(complete('2026-12-02T01:20:00.000Z').overrunMinutes).toBe(0);
    expect(complete('2026-12-02T01:30:00.000Z').overrunMinutes).toBe(0);
    expect(complete('2026-12-02T01:36:30.000Z').overrunMinutes).toBe(7);
  });

  it('R21: a termination keeps the reason as given, with the slot and who ended it', () => {
    given([requested(), offered(), confirmed(), joined()])
      .when({ type: 'Terminate', data: { reason: ' 暴言 ', by: 'staff:sato' }, ...at('2026-12-02T01:05:00.000Z') })
      .thenExactly([
        {
          type: 'SessionTerminated',
          data: {
            reservationId: 'r-1',
            seekerId: 'seeker-a',
            slot: SLOT,
            reason: ' 暴言 ',
            terminatedAt: '2026-12-02T01:05:00.000Z',
            by: 'staff:sato',
          },
        },
      ]);
  });

  it('R16: the follow-up booked in the session names the new reservation, its slot in UTC and the override reason when given', () => {
    const inSession = stateOf([requested(), offered(), confirmed(), joined()]);
    const book = (overrideReason?: string) =>
      decide(
        {
          type: 'RecordFollowUp',
          data: { followUpId: 'r-2', slot: '2026-12-09T10:00:00+09:00', by: 'staff:sato', overrideReason },
          ...at('2026-12-02T01:10:00.000Z'),
        },
        inSession,
      )[0].data;
    expect(book('締切')).toEqual({
      reservationId: 'r-1',
      seekerId: 'seeker-a',
      followUpId: 'r-2',
      slot: '2026-12-09T01:00:00.000Z',
      by: 'staff:sato',
      overrideReason: '締切',
      bookedAt: '2026-12-02T01:10:00.000Z',
    });
    expect(book()).not.toHaveProperty('overrideReason');
  });

  it('R16: the follow-up is confirmed for its own slot and length, with the consent time on record (or now without one)', () => {
    const create = (consent?: { reservationId: string; termsVersion: string; channel: 'web'; at: string }) =>
      decide(
        {
          type: 'CreateFollowUp',
          data: {
            reservationId: 'r-2',
            number: 'XYZ-789',
            previousReservationId: 'r-1',
            officeCode: '16070',
            seekerId: 'seeker-a',
            topic: '続き',
            slot: '2026-12-09T10:00:00+09:00',
            termsVersion: 'v1',
            ...(consent ? { consent } : {}),
            by: 'staff:sato',
            meeting,
            slotMinutes: 45,
          },
          ...at('2026-12-02T01:10:00.000Z'),
        } as ReservationCommand,
        initialState(),
      );
    const onRecord = {
      reservationId: 'r-1',
      termsVersion: 'v1',
      channel: 'web' as const,
      at: '2026-11-26T03:00:00.000Z',
    };
    const [created, confirmedEvent] = create(onRecord);
    expect(created.data).toEqual({
      reservationId: 'r-2',
      number: 'XYZ-789',
      previousReservationId: 'r-1',
      officeCode: '16070',
      seekerId: 'seeker-a',
      topic: '続き',
      slot: '2026-12-09T01:00:00.000Z',
      by: 'staff:sato',
      createdAt: '2026-12-02T01:10:00.000Z',
    });
    expect(confirmedEvent.data).toEqual({
      reservationId: 'r-2',
      number: 'XYZ-789',
      seekerId: 'seeker-a',
      slot: '2026-12-09T01:00:00.000Z',
      end: '2026-12-09T01:45:00.000Z',
      termsVersion: 'v1',
      channel: 'follow-up',
      consentAt: onRecord.at,
      consent: onRecord,
      ...meeting,
    });
    expect(create()[1].data).toMatchObject({ consentAt: '2026-12-02T01:10:00.000Z' });
  });

  it('R13: the confirmation ends the slot its length after the start', () => {
    const events = decide(
      { ...consent(), data: { ...(consent().data as object), slotMinutes: 60 } } as ReservationCommand,
      stateOf([requested(), offered()]),
    );
    expect(events[1].data).toMatchObject({ end: '2026-12-02T02:00:00.000Z' });
  });

  it('a reservation in an end state is terminal; open ones and none are not', () => {
    const cancelled = decide({ type: 'CancelBySeeker', data: {}, ...at(NOW) }, stateOf([requested()]));
    expect(isTerminal(stateOf([requested(), ...cancelled]))).toBe(true);
    expect(isTerminal(stateOf([requested()]))).toBe(false);
    expect(isTerminal(initialState())).toBe(false);
  });

  it('an unknown reservation is not found, whatever the command', () => {
    given([])
      .when({ type: 'Lapse', data: {}, ...at(NOW) })
      .thenThrows('RESERVATION_NOT_FOUND');
    given([requested()]).when(request()).thenThrows('INVALID_STATE');
  });
});

// The details of a refusal reach the API's error body (fields for the form, the instants
// for the message): each is pinned here.
describe('reservation: what each refusal tells', () => {
  const refusal = (history: ReservationEvent[], command: ReservationCommand) => {
    try {
      decide(command, history.reduce(evolve, initialState() as ReservationState));
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, details: error.details };
      throw error;
    }
    return undefined;
  };
  const booked = () => [requested(), offered(), confirmed()];

  it('R10/R12: a wrong number of slots or a repeated one names the field', () => {
    expect(refusal([], request({ desiredSlots: [] }))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: { desiredSlots: ['1〜3件の希望日時を選んでください'] } },
    });
    expect(refusal([], request({ desiredSlots: ['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z'] }))).toEqual({
      code: 'DESIRED_SLOTS_DUPLICATED',
      details: { desiredSlots: ['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z'] },
    });
    expect(refusal([requested()], offer([]))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: { slots: ['1〜3件'] } },
    });
    expect(refusal([requested()], offer(['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z']))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: { slots: ['重複'] } },
    });
    expect(
      refusal([...booked(), joined()], {
        type: 'Terminate',
        data: { reason: ' ', by: 's' },
        ...at('2026-12-02T01:05:00.000Z'),
      }),
    ).toEqual({ code: 'VALIDATION_FAILED', details: { fields: { reason: ['理由を入力してください'] } } });
  });

  it('R12/R13: a slot past its deadline, not offered, or under other terms names the slot and what was expected', () => {
    expect(refusal([requested()], offer(['2026-11-26T10:00:00+09:00'], '2026-11-25T15:30:00.000Z'))).toEqual({
      code: 'CONFIRMATION_DEADLINE_PASSED',
      details: { slot: '2026-11-26T10:00:00+09:00' },
    });
    expect(refusal([requested(), offered()], consent(undefined, '2026-12-01T15:00:00.000Z'))).toEqual({
      code: 'CONFIRMATION_DEADLINE_PASSED',
      details: { slot: '2026-12-02T10:00:00+09:00', deadline: '2026-12-01T14:59:59.999Z' },
    });
    expect(refusal([requested(), offered()], consent('2026-12-04T10:00:00+09:00'))).toEqual({
      code: 'SLOT_NOT_OFFERED',
      details: { slot: '2026-12-04T10:00:00+09:00', offered: [SLOT, '2026-12-03T05:00:00.000Z'] },
    });
    expect(refusal([requested(), offered()], consent(undefined, undefined, 'v0'))).toEqual({
      code: 'TERMS_VERSION_MISMATCH',
      details: { termsVersion: 'v0', expected: 'v1' },
    });
  });

  it('R7/R15/R17: a refusal in time names the instant: the answer deadline, the opening, the close, the slot', () => {
    expect(refusal([requested()], { type: 'MarkOverdue', data: {}, ...at(NOW) })).toEqual({
      code: 'NOT_YET_DUE',
      details: { answerDueBy: '2026-11-30T14:59:59.999Z' },
    });
    expect(refusal(booked(), { type: 'RecordJoin', data: {}, ...at('2026-12-02T00:30:00.000Z') })).toEqual({
      code: 'JOIN_NOT_OPEN',
      details: { opensAt: '2026-12-02T00:45:00.000Z' },
    });
    expect(refusal(booked(), { type: 'RecordJoin', data: {}, ...at('2026-12-02T02:00:00.000Z') })).toEqual({
      code: 'JOIN_CLOSED',
      details: { closedAt: '2026-12-02T01:30:00.000Z' },
    });
    expect(refusal(booked(), { type: 'CancelBySeeker', data: {}, ...at('2026-12-02T00:00:00.000Z') })).toEqual({
      code: 'SAME_DAY_PHONE_ONLY',
      details: { slot: SLOT },
    });
  });

  it('a command in the wrong state names the state; an unknown reservation names nothing', () => {
    expect(refusal([requested()], { type: 'Lapse', data: {}, ...at(NOW) })).toEqual({
      code: 'INVALID_STATE',
      details: { status: 'requested' },
    });
    expect(refusal([requested()], request())).toEqual({ code: 'INVALID_STATE', details: { status: 'requested' } });
    expect(refusal([requested()], { ...commandsFollowUp(), ...at(NOW) })).toEqual({
      code: 'INVALID_STATE',
      details: { status: 'requested' },
    });
    const cancelled = decide({ type: 'CancelBySeeker', data: {}, ...at(NOW) }, evolve(initialState(), requested()));
    expect(refusal([requested(), ...cancelled], { type: 'CancelBySeeker', data: {}, ...at(NOW) })).toEqual({
      code: 'ALREADY_CANCELLED',
      details: { status: 'cancelled' },
    });
    expect(refusal([], { type: 'Lapse', data: {}, ...at(NOW) })).toEqual({
      code: 'RESERVATION_NOT_FOUND',
      details: {},
    });
  });
});

function commandsFollowUp(): ReservationCommand {
  return {
    type: 'CreateFollowUp',
    data: {
      reservationId: 'r-2',
      previousReservationId: 'r-1',
      officeCode: '16070',
      seekerId: 'seeker-a',
      topic: 't',
      slot: '2026-12-09T10:00:00+09:00',
      termsVersion: 'v1',
      consent: null,
      by: 's',
      meeting,
      slotMinutes: 30,
    },
    ...at('2026-12-02T01:10:00.000Z'),
  };
}

describe('reservation: invitations and old follow-ups', () => {
  it('R15: the invitation event names the reservation, the seeker and when it went out', () => {
    given([requested(), offered(), confirmed()])
      .when({ type: 'MarkInvited', data: {}, ...at('2026-11-26T03:05:00.000Z') })
      .thenExactly([
        {
          type: 'ReservationInvited',
          data: { reservationId: 'r-1', seekerId: 'seeker-a', invitedAt: '2026-11-26T03:05:00.000Z' },
        },
      ]);
  });

  it('R13/R16: a consent for a follow-up kept from before consents were recorded is refused, not thrown on', () => {
    const [created, confirmedEvent] = decide(commandsFollowUp(), initialState());
    const { consent: _none, ...withoutConsent } = confirmedEvent.data as Record<string, unknown>;
    const old = [created, { ...confirmedEvent, data: withoutConsent }] as ReservationEvent[];
    given(old).when(consent('2026-12-09T10:00:00+09:00')).thenThrows('INVALID_STATE');
  });
});
