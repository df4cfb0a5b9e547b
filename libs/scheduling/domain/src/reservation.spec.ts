// The reservation's evolve and the request fingerprint, event by event: what each fact
// leaves in the state the decider and the read side rely on.
import { createHash } from 'node:crypto';
import type { ReservationRequestedV1 } from '@soudan/scheduling-contracts';
import {
  evolve,
  initialState,
  isBooked,
  requestedContent,
  canonicalRequest,
  requestFingerprint,
  type Reservation,
  type ReservationEvent,
  type ReservationState,
} from './reservation';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const REQUESTED_AT = '2026-11-25T01:00:00.000Z';
const SLOT = '2026-12-02T01:00:00.000Z';

const requestData = (overrides: Partial<ReservationRequestedV1> = {}): ReservationRequestedV1 => ({
  reservationId: 'r-1',
  officeCode: '16070',
  seekerId: 'seeker-a',
  desiredSlots: [SLOT],
  topic: '応募書類の書き方',
  onlineReason: 'childcare',
  ...readySeeker(),
  checklistVersion: 'c1',
  mayNeedCounter: false,
  language: 'en',
  requestedAt: REQUESTED_AT,
  answerDueBy: '2026-11-30T14:59:59.999Z',
  ...overrides,
});

const requested = (overrides: Partial<ReservationRequestedV1> = {}): ReservationEvent => ({
  type: 'ReservationRequested',
  data: requestData(overrides),
});
const offered: ReservationEvent = {
  type: 'ReservationOffered',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slots: [{ start: SLOT, deadline: '2026-12-01T14:59:59.999Z' }],
    termsVersion: 'v2',
    offeredBy: 'staff:sato',
    offeredAt: '2026-11-25T02:00:00.000Z',
  },
};
const consentReceived: ReservationEvent = {
  type: 'ConsentReceived',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slot: SLOT,
    termsVersion: 'v2',
    channel: 'email',
    at: '2026-11-26T03:00:00.000Z',
  },
};
const consent = { reservationId: 'r-1', termsVersion: 'v2', channel: 'email' as const, at: '2026-11-26T03:00:00.000Z' };
const confirmed = (withConsent = true): ReservationEvent => ({
  type: 'ReservationConfirmed',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slot: SLOT,
    end: '2026-12-02T01:30:00.000Z',
    termsVersion: 'v2',
    channel: 'email',
    consentAt: '2026-11-26T03:00:00.000Z',
    ...(withConsent ? { consent } : {}),
    meetingUrl: 'http://localhost:3000/join/tok',
    joinToken: 'tok',
    roomUrl: 'https://meet.example/room/abc',
  },
});
const invited: ReservationEvent = {
  type: 'ReservationInvited',
  data: { reservationId: 'r-1', seekerId: 'seeker-a', invitedAt: '2026-11-26T03:00:01.000Z' },
};
const joined: ReservationEvent = {
  type: 'SeekerJoined',
  data: { reservationId: 'r-1', seekerId: 'seeker-a', joinedAt: '2026-12-02T00:55:00.000Z' },
};
const checkedIn: ReservationEvent = {
  type: 'SessionCheckedIn',
  data: { reservationId: 'r-1', seekerId: 'seeker-a', by: 'staff:ito', checkedInAt: '2026-12-02T01:02:00.000Z' },
};
const completed: ReservationEvent = {
  type: 'SessionCompleted',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    by: 'staff:ito',
    completedAt: '2026-12-02T01:31:00.000Z',
    overrunMinutes: 1,
  },
};
const terminated: ReservationEvent = {
  type: 'SessionTerminated',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slot: SLOT,
    reason: 'abuse',
    terminatedAt: '2026-12-02T01:10:00.000Z',
    by: 'staff:ito',
  },
};
const noShow: ReservationEvent = {
  type: 'SessionNoShow',
  data: { reservationId: 'r-1', seekerId: 'seeker-a', slot: SLOT, recordedAt: '2026-12-02T01:10:00.000Z' },
};
const cancelled: ReservationEvent = {
  type: 'ReservationCancelled',
  data: {
    reservationId: 'r-1',
    seekerId: 'seeker-a',
    slot: null,
    by: 'seeker',
    channel: 'phone',
    cancelledAt: '2026-11-27T00:00:00.000Z',
  },
};
const followUpCreated: ReservationEvent = {
  type: 'FollowUpReservationCreated',
  data: {
    reservationId: 'r-2',
    number: 'K7P-4XB',
    previousReservationId: 'r-1',
    officeCode: '16070',
    seekerId: 'seeker-a',
    topic: '面接の練習',
    personal: 'sealed:r-2',
    slot: '2026-12-09T01:00:00.000Z',
    by: 'staff:ito',
    createdAt: '2026-12-02T01:20:00.000Z',
  },
};

const stateOf = (events: ReservationEvent[]): ReservationState => events.reduce(evolve, initialState());
const reservation = (events: ReservationEvent[]): Reservation => {
  const state = stateOf(events);
  if (state.status === 'none') throw new Error('no reservation');
  return state;
};

describe('reservation evolve: the request (R10, R16)', () => {
  it('R10: a request starts the reservation with what the seeker asked, nothing offered, not overdue, not reminded', () => {
    expect(stateOf([requested({ number: 'K7P-4XA', idempotencyKey: 'key-1', personal: 'sealed:r-1' })])).toEqual({
      status: 'requested',
      reservationId: 'r-1',
      number: 'K7P-4XA',
      seekerId: 'seeker-a',
      officeCode: '16070',
      desiredSlots: [SLOT],
      topic: '応募書類の書き方',
      personal: 'sealed:r-1',
      mayNeedCounter: false,
      language: 'en',
      idempotencyKey: 'key-1',
      requestFingerprint: requestFingerprint(requestedContent(requestData({ idempotencyKey: 'key-1' }))),
      requestedAt: REQUESTED_AT,
      answerDueBy: '2026-11-30T14:59:59.999Z',
      overdue: false,
      offered: [],
      reminded: false,
      history: [{ type: 'ReservationRequested', at: REQUESTED_AT }],
    });
  });

  it('R10: a request without number, sealed text, attendee or idempotency key has no such keys; a sealed topic reads as ""', () => {
    const state = reservation([requested({ topic: undefined, mayNeedCounter: true })]);
    for (const key of ['number', 'personal', 'attendee', 'idempotencyKey']) expect(state).not.toHaveProperty(key);
    expect(state.topic).toBe('');
    expect(state.mayNeedCounter).toBe(true);
  });

  it('R10: an empty number, sealed text or idempotency key is kept as none', () => {
    const state = reservation([requested({ number: '', personal: '', idempotencyKey: '' })]);
    expect(state).not.toHaveProperty('number');
    expect(state).not.toHaveProperty('personal');
    expect(state).not.toHaveProperty('idempotencyKey');
  });

  it('R10: who attends with the seeker is kept', () => {
    const state = reservation([requested({ attendee: { kind: 'interpreter', note: 'Portuguese' } })]);
    expect(state.attendee).toEqual({ kind: 'interpreter', note: 'Portuguese' });
  });

  it('R16: a follow-up starts as a request for its one slot, in Japanese, tied to the reservation it follows', () => {
    expect(stateOf([followUpCreated])).toEqual({
      status: 'requested',
      reservationId: 'r-2',
      number: 'K7P-4XB',
      seekerId: 'seeker-a',
      officeCode: '16070',
      desiredSlots: ['2026-12-09T01:00:00.000Z'],
      topic: '面接の練習',
      personal: 'sealed:r-2',
      mayNeedCounter: false,
      language: 'ja',
      requestFingerprint: '',
      requestedAt: '2026-12-02T01:20:00.000Z',
      overdue: false,
      offered: [],
      reminded: false,
      followUpOf: 'r-1',
      history: [{ type: 'FollowUpReservationCreated', at: '2026-12-02T01:20:00.000Z' }],
    });
  });

  it('R16: a follow-up without number or text in clear has no number and an empty topic', () => {
    const {
      number: _n,
      topic: _t,
      personal: _p,
      ...bare
    } = (followUpCreated as Extract<ReservationEvent, { type: 'FollowUpReservationCreated' }>).data;
    const state = reservation([{ type: 'FollowUpReservationCreated', data: bare }]);
    expect(state).not.toHaveProperty('number');
    expect(state).not.toHaveProperty('personal');
    expect(state.topic).toBe('');
  });

  it('no reservation begins with anything but a request: a later fact alone leaves none', () => {
    for (const event of [offered, confirmed(), cancelled, joined, noShow])
      expect(evolve(initialState(), event)).toEqual({ status: 'none' });
  });

  it('R10: a request read again leaves the reservation as it was, its history included', () => {
    const once = stateOf([requested(), offered]);
    expect(evolve(once, requested())).toBe(once);
    expect(evolve(once, followUpCreated)).toBe(once);
  });
});

describe('reservation evolve: offer, consent, confirmation and the end of a request (R12-R14, R17, R7, R60)', () => {
  it('R12: an offer records its slots and the terms version offered', () => {
    const state = reservation([requested(), offered]);
    expect(state.status).toBe('offered');
    expect(state.offered).toEqual([{ start: SLOT, deadline: '2026-12-01T14:59:59.999Z' }]);
    expect(state.termsVersion).toBe('v2');
  });

  it('R13: consent alone changes no status; it is in the history with its channel', () => {
    const state = reservation([requested(), offered, consentReceived]);
    expect(state.status).toBe('offered');
    expect(state.history.at(-1)).toEqual({ type: 'ConsentReceived', at: '2026-11-26T03:00:00.000Z', channel: 'email' });
  });

  it('R13/R15: a confirmation books the slot with its link and the consent it rests on, not yet joined or checked in', () => {
    expect(reservation([requested(), offered, consentReceived, confirmed()])).toMatchObject({
      status: 'confirmed',
      slot: SLOT,
      end: '2026-12-02T01:30:00.000Z',
      termsVersion: 'v2',
      meetingUrl: 'http://localhost:3000/join/tok',
      joinToken: 'tok',
      roomUrl: 'https://meet.example/room/abc',
      consent,
      joined: false,
      checkedIn: false,
    });
  });

  it('R16: a confirmation of an old follow-up history that named no consent rests on none', () => {
    expect(reservation([followUpCreated, confirmed(false)])).toMatchObject({ status: 'confirmed', consent: null });
  });

  it('R12/R14/R17: a rejection, a lapse and a cancellation each close the request', () => {
    const rejected: ReservationEvent = {
      type: 'ReservationRejected',
      data: { reservationId: 'r-1', seekerId: 'seeker-a', by: 'staff:sato', rejectedAt: '2026-11-25T03:00:00.000Z' },
    };
    const lapsed: ReservationEvent = {
      type: 'ReservationLapsed',
      data: { reservationId: 'r-1', seekerId: 'seeker-a', lapsedAt: '2026-12-01T15:00:00.000Z' },
    };
    expect(reservation([requested(), rejected]).status).toBe('rejected');
    expect(reservation([requested(), offered, lapsed]).status).toBe('lapsed');
    expect(reservation([requested(), cancelled]).status).toBe('cancelled');
  });

  it('R17: a cancelled booking keeps the slot it had', () => {
    const state = reservation([requested(), offered, consentReceived, confirmed(), cancelled]);
    expect(state).toMatchObject({ status: 'cancelled', slot: SLOT, meetingUrl: 'http://localhost:3000/join/tok' });
  });

  it('R7: an overdue request is flagged and stays requested', () => {
    const state = reservation([
      requested(),
      {
        type: 'AnswerOverdue',
        data: {
          reservationId: 'r-1',
          seekerId: 'seeker-a',
          answerDueBy: '2026-11-30T14:59:59.999Z',
          flaggedAt: '2026-11-30T15:00:00.000Z',
        },
      },
    ]);
    expect(state).toMatchObject({ status: 'requested', overdue: true });
  });

  it('R60: once the reminder is due the booking is marked reminded and stays confirmed', () => {
    const state = reservation([
      requested(),
      offered,
      consentReceived,
      confirmed(),
      {
        type: 'ReminderDue',
        data: {
          reservationId: 'r-1',
          seekerId: 'seeker-a',
          slot: SLOT,
          meetingUrl: 'http://localhost:3000/join/tok',
          at: '2026-12-01T01:00:00.000Z',
        },
      },
    ]);
    expect(state).toMatchObject({ status: 'confirmed', reminded: true });
    expect(state.history.at(-1)).toEqual({ type: 'ReminderDue', at: '2026-12-01T01:00:00.000Z' });
  });

  it('R16: booking a follow-up during a session leaves this session as it is', () => {
    const before = reservation([requested(), offered, consentReceived, confirmed(), joined]);
    const after = reservation([
      requested(),
      offered,
      consentReceived,
      confirmed(),
      joined,
      {
        type: 'FollowUpBooked',
        data: {
          reservationId: 'r-1',
          seekerId: 'seeker-a',
          followUpId: 'r-2',
          slot: '2026-12-09T01:00:00.000Z',
          by: 'staff:ito',
          bookedAt: '2026-12-02T01:20:00.000Z',
        },
      },
    ]);
    expect(after).toEqual({
      ...before,
      history: [...before.history, { type: 'FollowUpBooked', at: '2026-12-02T01:20:00.000Z' }],
    });
  });
});

describe('reservation evolve: the session (R15, R18, R20, R21)', () => {
  const booked = [requested(), offered, consentReceived, confirmed()];

  it('R15: the invitation moves a confirmed booking to invited', () => {
    expect(reservation([...booked, invited]).status).toBe('invited');
  });

  it('R15/R18: a join puts the session in progress and records that the seeker joined, not a check-in', () => {
    expect(reservation([...booked, invited, joined])).toMatchObject({
      status: 'in_session',
      joined: true,
      checkedIn: false,
    });
  });

  it('R18: a check-in by the counsellor puts the session in progress without a join', () => {
    expect(reservation([...booked, checkedIn])).toMatchObject({ status: 'in_session', joined: false, checkedIn: true });
  });

  it('R20/R21/R18: completion, termination and a no-show each end the booking with their own status', () => {
    expect(reservation([...booked, joined, completed]).status).toBe('completed');
    expect(reservation([...booked, joined, terminated]).status).toBe('terminated');
    expect(reservation([...booked, noShow]).status).toBe('no_show');
  });

  it('a session fact about a reservation that was never booked only joins its history', () => {
    const before = reservation([requested(), offered]);
    for (const event of [invited, joined, checkedIn, completed, terminated, noShow]) {
      const after = evolve(before, event);
      expect(after).toEqual({ ...before, history: [...before.history, expect.objectContaining({ type: event.type })] });
    }
  });

  it('R50: every fact joins the history in order, at its own instant, with the channel where it names one', () => {
    const state = reservation([...booked, invited, joined, checkedIn, completed]);
    expect(state.history).toEqual([
      { type: 'ReservationRequested', at: REQUESTED_AT },
      { type: 'ReservationOffered', at: '2026-11-25T02:00:00.000Z' },
      { type: 'ConsentReceived', at: '2026-11-26T03:00:00.000Z', channel: 'email' },
      { type: 'ReservationConfirmed', at: '2026-11-26T03:00:00.000Z', channel: 'email' },
      { type: 'ReservationInvited', at: '2026-11-26T03:00:01.000Z' },
      { type: 'SeekerJoined', at: '2026-12-02T00:55:00.000Z' },
      { type: 'SessionCheckedIn', at: '2026-12-02T01:02:00.000Z' },
      { type: 'SessionCompleted', at: '2026-12-02T01:31:00.000Z' },
    ]);
  });

  it('a fact without any instant of its own joins the history with an empty one', () => {
    const odd = {
      type: 'ReservationInvited',
      data: { reservationId: 'r-1', seekerId: 'seeker-a' },
    } as ReservationEvent;
    expect(reservation([...booked, odd]).history.at(-1)).toEqual({ type: 'ReservationInvited', at: '' });
  });

  it('isBooked: the statuses that have a slot fixed, and none of the others', () => {
    for (const events of [
      booked,
      [...booked, invited],
      [...booked, joined],
      [...booked, completed],
      [...booked, noShow],
      [...booked, terminated],
    ])
      expect(isBooked(stateOf(events))).toBe(true);
    for (const events of [[], [requested()], [requested(), offered], [...booked, cancelled]])
      expect(isBooked(stateOf(events))).toBe(false);
  });
});

describe('reservation: the request fingerprint (an idempotent retry is the same request)', () => {
  it('is canonical JSON: keys sorted at every depth, arrays kept in order, null kept', () => {
    expect(canonicalRequest({ b: 1, a: { d: [2, { f: 1, e: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"e":null,"f":1}]},"b":1}',
    );
  });

  it('is the SHA-256 of the canonical JSON, 43 characters, whatever the size of the request', () => {
    const data = { b: 1, a: { d: [2, { f: 1, e: null }], c: 'x' } };
    expect(requestFingerprint(data)).toBe(
      createHash('sha256').update('{"a":{"c":"x","d":[2,{"e":null,"f":1}]},"b":1}').digest('base64url'),
    );
    expect(requestFingerprint(requestData())).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(requestFingerprint({ ...data, b: 2 })).not.toBe(requestFingerprint(data));
    expect(requestFingerprint({ a: [1, 2] })).not.toBe(requestFingerprint({ a: [2, 1] }));
  });

  it('the same request written with its keys in another order has the same fingerprint; other slots do not', () => {
    const data = requestData();
    const reordered = Object.fromEntries(Object.entries(data).reverse());
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(data));
    expect(requestFingerprint({ ...data, desiredSlots: [SLOT, '2026-12-03T05:00:00.000Z'] })).not.toBe(
      requestFingerprint({ ...data, desiredSlots: ['2026-12-03T05:00:00.000Z', SLOT] }),
    );
  });

  it('what the system stamped on a request (id, number, sealed copy, times) is not part of what was asked', () => {
    const asked = requestedContent(
      requestData({ number: 'K7P-4XA', personal: 'sealed:r-1', idempotencyKey: 'key-1' }),
    ) as Record<string, unknown>;
    expect(Object.keys(asked).sort()).toEqual([
      'checklistVersion',
      'desiredSlots',
      'devices',
      'environment',
      'idempotencyKey',
      'language',
      'mayNeedCounter',
      'officeCode',
      'onlineReason',
      'seekerId',
      'topic',
    ]);
    expect(
      requestFingerprint(
        requestedContent(
          requestData({ reservationId: 'r-9', number: 'X', requestedAt: 'later', answerDueBy: 'later', personal: 'y' }),
        ),
      ),
    ).toBe(requestFingerprint(requestedContent(requestData())));
  });
});
