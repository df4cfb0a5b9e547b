// Model-based tests of scheduling's deciders (R4, R6, R12-R18): random sequences of
// commands and clock moves, run through decide/evolve and through a model written as
// plainly as the rules read, with its own clock arithmetic (Japan has no daylight saving:
// a JST day starts at 15:00 UTC). After every step the outcome (event types, or the
// refusal's code) must be the model's, and over the whole history: a terminal status
// stays terminal, one consent per confirmation, each timer (overdue, reminder, lapse,
// no-show, invitation) fires once. Clock moves include jumps to each rule's boundary
// instant and one millisecond either side of it.
//
// The slot model: many reservations on one slot of capacity c, random holds, bookings
// and releases while holds expire; bookings plus live holds never exceed c, and a
// booking is only refused for the reason the model gives.
import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import { BusinessCalendar } from '@soudan/time';
import { TERMINAL_STATUSES, type ReservationStatus } from '@soudan/scheduling-contracts';
import { DomainError } from './domain-error';
import { evolve, initialState, type ReservationEvent, type ReservationState } from './reservation';
import type { ReservationCommand } from './reservation.commands';
import { reservationDecider } from './reservation.decider';
import { decideSlot, evolveSlot, initialSlotState, taken, type SlotCommand, type SlotState } from './slot';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const JST = 9 * HOUR;
/** Start of the JST calendar day holding `ms`, as UTC milliseconds. */
const jstDayStart = (ms: number) => Math.floor((ms + JST) / DAY) * DAY - JST;
const iso = (ms: number) => new Date(ms).toISOString();

// Wednesday 25 Nov 2026, 10:00 JST.
const START = Date.parse('2026-11-25T01:00:00.000Z');
/** Slot starts on business days in office hours, the first two days away, the last over a week. */
const POOL = [
  '2026-11-27T10:00:00+09:00',
  '2026-11-30T14:00:00+09:00',
  '2026-12-02T10:00:00+09:00',
  '2026-12-03T14:00:00+09:00',
];
const SLOT_MINUTES = 30;
const meeting = { meetingUrl: 'http://localhost:3000/join/tok', joinToken: 'tok', roomUrl: 'https://meet.example/r' };

// The rules' instants, as the model computes them.
const deadlineOf = (slot: number) => jstDayStart(slot) - 1; // R6: 23:59:59.999 JST the day before
const reminderOf = (slot: number) => jstDayStart(slot) - DAY + 10 * HOUR; // the day before, 10:00 JST
const joinOpensOf = (slot: number) => slot - 15 * MINUTE; // R15
const noShowOf = (slot: number) => slot + 10 * MINUTE; // R18

type Boundary = 'deadline' | 'lastDeadline' | 'reminder' | 'joinOpens' | 'end' | 'noShow' | 'slot' | 'answerDue';
type Step =
  | { kind: 'clock'; ms: number }
  | { kind: 'jump'; to: Boundary; pool: number; delta: -1 | 0 | 1; then?: Step }
  | { kind: 'offer'; slots: number[]; terms: 'v1' }
  | { kind: 'reject' }
  | { kind: 'consent'; slot: number; termsOk: boolean; channel: 'web' | 'email' }
  | { kind: 'lapse' }
  | { kind: 'overdue' }
  | { kind: 'remind' }
  | { kind: 'invited' }
  | { kind: 'cancelBySeeker' }
  | { kind: 'cancelByStaff'; channel: 'phone' | 'email' }
  | { kind: 'join' }
  | { kind: 'checkIn' }
  | { kind: 'complete' }
  | { kind: 'terminate'; reason: string }
  | { kind: 'noShow' }
  | { kind: 'followUp' };

const poolIndex = fc.integer({ min: 0, max: POOL.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      ms: fc.oneof(fc.constantFrom(1, MINUTE, 10 * MINUTE, HOUR, 6 * HOUR, DAY), fc.integer({ min: 1, max: 3 * DAY })),
    }),
    weight: 4,
  },
  {
    // A jump to a rule's boundary, often followed at once by the command whose rule it is.
    arbitrary: fc
      .record({
        to: fc.constantFrom<Boundary>(
          'deadline',
          'lastDeadline',
          'reminder',
          'joinOpens',
          'end',
          'noShow',
          'slot',
          'answerDue',
        ),
        pool: poolIndex,
        delta: fc.constantFrom<-1 | 0 | 1>(-1, 0, 1),
        act: fc.boolean(),
        termsOk: fc.boolean(),
      })
      .map(({ to, pool, delta, act, termsOk }): Step => {
        const then: Record<Boundary, Step[]> = {
          deadline: [
            { kind: 'consent', slot: pool, termsOk, channel: 'web' },
            { kind: 'lapse' },
            { kind: 'offer', slots: [pool], terms: 'v1' },
          ],
          lastDeadline: [{ kind: 'lapse' }],
          reminder: [{ kind: 'remind' }],
          joinOpens: [{ kind: 'join' }],
          end: [{ kind: 'join' }, { kind: 'checkIn' }],
          noShow: [{ kind: 'noShow' }],
          slot: [{ kind: 'remind' }, { kind: 'cancelBySeeker' }],
          answerDue: [{ kind: 'overdue' }],
        };
        const options = then[to];
        return {
          kind: 'jump',
          to,
          pool,
          delta,
          ...(act ? { then: options[(pool + delta + 1) % options.length] } : {}),
        };
      }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('offer' as const),
      slots: fc.uniqueArray(poolIndex, { minLength: 1, maxLength: 3 }),
      terms: fc.constant('v1' as const),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      slot: poolIndex,
      termsOk: fc.boolean(),
      channel: fc.constantFrom<'web' | 'email'>('web', 'email'),
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('reject' as const) }),
  fc.record({ kind: fc.constant('lapse' as const) }),
  fc.record({ kind: fc.constant('overdue' as const) }),
  { arbitrary: fc.record({ kind: fc.constant('remind' as const) }), weight: 3 },
  fc.record({ kind: fc.constant('invited' as const) }),
  fc.record({ kind: fc.constant('cancelBySeeker' as const) }),
  fc.record({
    kind: fc.constant('cancelByStaff' as const),
    channel: fc.constantFrom<'phone' | 'email'>('phone', 'email'),
  }),
  { arbitrary: fc.record({ kind: fc.constant('join' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('checkIn' as const) }), weight: 2 },
  fc.record({ kind: fc.constant('complete' as const) }),
  fc.record({ kind: fc.constant('terminate' as const), reason: fc.constantFrom('', '  ', '通信障害のため') }),
  fc.record({ kind: fc.constant('noShow' as const) }),
  fc.record({ kind: fc.constant('followUp' as const) }),
);

/**
 * A third of the walks start requested, a third offered, a third confirmed (an offer and a
 * consent to one of its slots), so every part of the rules is walked about as often.
 */
const walk: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.record({
      stage: fc.constantFrom('requested', 'offered', 'confirmed'),
      slots: fc.uniqueArray(poolIndex, { minLength: 1, maxLength: 3 }),
      pick: fc.nat(),
      channel: fc.constantFrom<'web' | 'email'>('web', 'email'),
    }),
    fc.array(step, { minLength: 1, maxLength: 40 }),
  )
  .map(([start, steps]): Step[] => {
    const offer: Step = { kind: 'offer', slots: start.slots, terms: 'v1' };
    const slot = start.slots[start.pick % start.slots.length];
    const consent: Step = { kind: 'consent', slot, termsOk: true, channel: start.channel };
    if (start.stage === 'requested') return steps;
    return start.stage === 'offered' ? [offer, ...steps] : [offer, consent, ...steps];
  });

/** What the rules say of the reservation, kept apart from the decider's state. */
interface Model {
  status: ReservationStatus;
  answerDueBy: number;
  overdue: boolean;
  offered: number[];
  slot?: number;
  reminded: boolean;
  checkedIn: boolean;
}

type Outcome = { events: ReservationEvent['type'][] } | { refused: string };
const events = (...types: ReservationEvent['type'][]): Outcome => ({ events: types });
const refused = (code: string): Outcome => ({ refused: code });

const BOOKED: ReservationStatus[] = ['confirmed', 'invited'];
const CANCELLABLE: ReservationStatus[] = ['requested', 'offered', 'confirmed', 'invited'];
const SESSION: ReservationStatus[] = ['confirmed', 'invited', 'in_session'];

/** The model's answer to a step at `now`, and the model after it. */
function expected(model: Model, s: Exclude<Step, { kind: 'clock' | 'jump' }>, now: number): [Outcome, Model] {
  const wrongState = refused(model.status === 'cancelled' ? 'ALREADY_CANCELLED' : 'INVALID_STATE');
  const only = (statuses: ReservationStatus[]) => statuses.includes(model.status);
  switch (s.kind) {
    case 'offer': {
      if (model.status !== 'requested') return [wrongState, model];
      for (const i of s.slots) {
        const start = Date.parse(POOL[i]);
        if (start <= now) return [refused('SLOT_IN_PAST'), model];
        if (deadlineOf(start) <= now) return [refused('CONFIRMATION_DEADLINE_PASSED'), model];
      }
      return [
        events('ReservationOffered'),
        { ...model, status: 'offered', offered: s.slots.map((i) => Date.parse(POOL[i])) },
      ];
    }
    case 'reject':
      return model.status === 'requested'
        ? [events('ReservationRejected'), { ...model, status: 'rejected' }]
        : [wrongState, model];
    case 'consent': {
      const chosen = Date.parse(POOL[s.slot]);
      if (only(BOOKED) && model.slot === chosen && s.termsOk) return [events(), model];
      if (model.status !== 'offered') return [wrongState, model];
      if (!model.offered.includes(chosen)) return [refused('SLOT_NOT_OFFERED'), model];
      if (now > deadlineOf(chosen)) return [refused('CONFIRMATION_DEADLINE_PASSED'), model];
      if (!s.termsOk) return [refused('TERMS_VERSION_MISMATCH'), model];
      return [
        events('ConsentReceived', 'ReservationConfirmed'),
        { ...model, status: 'confirmed', slot: chosen, checkedIn: false },
      ];
    }
    case 'lapse':
      if (model.status !== 'offered') return [wrongState, model];
      if (model.offered.some((slot) => deadlineOf(slot) >= now)) return [refused('NOT_YET_DUE'), model];
      return [events('ReservationLapsed'), { ...model, status: 'lapsed' }];
    case 'overdue':
      if (model.status !== 'requested') return [wrongState, model];
      if (model.overdue) return [events(), model];
      if (now <= model.answerDueBy) return [refused('NOT_YET_DUE'), model];
      return [events('AnswerOverdue'), { ...model, overdue: true }];
    case 'remind':
      if (!only(BOOKED)) return [wrongState, model];
      if (model.reminded) return [events(), model];
      if (now < reminderOf(model.slot!)) return [refused('NOT_YET_DUE'), model];
      if (now >= model.slot!) return [events(), model];
      return [events('ReminderDue'), { ...model, reminded: true }];
    case 'invited':
      return model.status === 'confirmed'
        ? [events('ReservationInvited'), { ...model, status: 'invited' }]
        : [events(), model];
    case 'cancelBySeeker':
      if (!only(CANCELLABLE)) return [wrongState, model];
      // R17: on the JST date of the session (or after it) only by phone.
      if (only(BOOKED) && jstDayStart(model.slot!) <= jstDayStart(now)) return [refused('SAME_DAY_PHONE_ONLY'), model];
      return [events('ReservationCancelled'), { ...model, status: 'cancelled' }];
    case 'cancelByStaff':
      return only(CANCELLABLE)
        ? [events('ReservationCancelled'), { ...model, status: 'cancelled' }]
        : [wrongState, model];
    case 'join':
      if (!only(SESSION)) return [wrongState, model];
      if (now < joinOpensOf(model.slot!)) return [refused('JOIN_NOT_OPEN'), model];
      if (now > model.slot! + SLOT_MINUTES * MINUTE) return [refused('JOIN_CLOSED'), model];
      return [events('SeekerJoined'), { ...model, status: 'in_session' }];
    case 'checkIn':
      if (!only(SESSION)) return [wrongState, model];
      if (model.checkedIn) return [events(), model];
      return [events('SessionCheckedIn'), { ...model, status: 'in_session', checkedIn: true }];
    case 'complete':
      return model.status === 'in_session'
        ? [events('SessionCompleted'), { ...model, status: 'completed' }]
        : [wrongState, model];
    case 'terminate':
      if (model.status !== 'in_session') return [wrongState, model];
      if (!s.reason.trim()) return [refused('VALIDATION_FAILED'), model];
      return [events('SessionTerminated'), { ...model, status: 'terminated' }];
    case 'noShow':
      if (!only(BOOKED)) return [wrongState, model];
      if (now < noShowOf(model.slot!)) return [refused('NOT_YET_DUE'), model];
      return [events('SessionNoShow'), { ...model, status: 'no_show' }];
    case 'followUp':
      return model.status === 'in_session' ? [events('FollowUpBooked'), model] : [wrongState, model];
  }
}

function commandOf(s: Exclude<Step, { kind: 'clock' | 'jump' }>, now: number): ReservationCommand {
  const metadata = { now: iso(now) };
  const by = 'staff:sato';
  switch (s.kind) {
    case 'offer':
      return { type: 'OfferSlots', data: { slots: s.slots.map((i) => POOL[i]), termsVersion: s.terms, by }, metadata };
    case 'reject':
      return { type: 'RejectRequest', data: { reason: '対面での相談をお願いします', by }, metadata };
    case 'consent':
      return {
        type: 'Consent',
        data: {
          slot: POOL[s.slot],
          termsVersion: s.termsOk ? 'v1' : 'v0',
          channel: s.channel,
          meeting,
          slotMinutes: SLOT_MINUTES,
        },
        metadata,
      };
    case 'lapse':
      return { type: 'Lapse', data: {}, metadata };
    case 'overdue':
      return { type: 'MarkOverdue', data: {}, metadata };
    case 'remind':
      return { type: 'SendReminder', data: {}, metadata };
    case 'invited':
      return { type: 'MarkInvited', data: {}, metadata };
    case 'cancelBySeeker':
      return { type: 'CancelBySeeker', data: {}, metadata };
    case 'cancelByStaff':
      return { type: 'CancelByStaff', data: { channel: s.channel, by }, metadata };
    case 'join':
      return { type: 'RecordJoin', data: {}, metadata };
    case 'checkIn':
      return { type: 'CheckIn', data: { by }, metadata };
    case 'complete':
      return { type: 'Complete', data: { by }, metadata };
    case 'terminate':
      return { type: 'Terminate', data: { reason: s.reason, by }, metadata };
    case 'noShow':
      return { type: 'MarkNoShow', data: {}, metadata };
    case 'followUp':
      return { type: 'RecordFollowUp', data: { followUpId: 'f-1', slot: POOL[3], by }, metadata };
  }
}

const ONCE: ReservationEvent['type'][] = [
  'AnswerOverdue',
  'ReminderDue',
  'ReservationLapsed',
  'SessionNoShow',
  'ReservationInvited',
  'ConsentReceived',
  'ReservationConfirmed',
];

describe('reservation decider against a model of the rules', () => {
  const calendar = new BusinessCalendar();
  const { decide } = reservationDecider(calendar);

  function run(steps: Step[]) {
    const request: ReservationCommand = {
      type: 'RequestReservation',
      data: {
        reservationId: 'r-1',
        officeCode: '16070',
        seekerId: 'seeker-a',
        desiredSlots: [POOL[2]],
        topic: '応募書類の書き方',
        onlineReason: '子育て中のため',
        ...readySeeker(),
        language: 'ja',
      },
      metadata: { now: iso(START) },
    };
    const first = decide(request, initialState());
    let state: ReservationState = first.reduce(evolve, initialState());
    const history: ReservationEvent[] = [...first];
    const requested = first[0];
    if (requested.type !== 'ReservationRequested') throw new Error('a request starts the history');
    let model: Model = {
      status: 'requested',
      answerDueBy: Date.parse(requested.data.answerDueBy),
      overdue: false,
      offered: [],
      reminded: false,
      checkedIn: false,
    };
    let now = START;

    for (const s of steps.flatMap((x) => (x.kind === 'jump' && x.then ? [x, x.then] : [x]))) {
      if (s.kind === 'clock') {
        now += s.ms;
        continue;
      }
      if (s.kind === 'jump') {
        const slot = model.slot ?? Date.parse(POOL[s.pool]);
        const target = {
          deadline: deadlineOf(Date.parse(POOL[s.pool])),
          lastDeadline: Math.max(deadlineOf(Date.parse(POOL[s.pool])), ...model.offered.map(deadlineOf)),
          reminder: reminderOf(slot),
          joinOpens: joinOpensOf(slot),
          end: slot + SLOT_MINUTES * MINUTE,
          noShow: noShowOf(slot),
          slot,
          answerDue: model.answerDueBy,
        }[s.to];
        // The clock only moves forward.
        if (target + s.delta > now) now = target + s.delta;
        continue;
      }
      const [want, next] = expected(model, s, now);
      let got: Outcome;
      let produced: ReservationEvent[] = [];
      try {
        produced = decide(commandOf(s, now), state);
        got = { events: produced.map((e) => e.type) };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        got = { refused: error.code };
      }
      const where = `${s.kind} at ${iso(now)} in ${model.status}`;
      expect({ where, outcome: got }).toEqual({ where, outcome: want });
      const terminal = TERMINAL_STATUSES.includes(model.status);
      // A terminal status stays terminal: nothing more happens to it.
      if (terminal) expect(produced).toEqual([]);
      state = produced.reduce(evolve, state);
      history.push(...produced);
      model = next;
      expect(state.status).toBe(model.status);
    }

    // One consent per confirmation, and each timer's event at most once.
    const count = (type: ReservationEvent['type']) => history.filter((e) => e.type === type).length;
    for (const type of ONCE)
      expect({ type, count: Math.min(count(type), 2) }).toEqual({ type, count: Math.min(count(type), 1) });
    expect(count('ConsentReceived')).toBe(count('ReservationConfirmed'));
    return history;
  }

  it('R6 R12-R18 R20: every step answers as the model does; terminal stays terminal; one consent per confirmation; each timer once', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(walk, (steps) => {
        for (const event of run(steps)) seen.add(event.type);
      }),
      propertyRuns(800, 20261205),
    );
    // The random walk reaches every outcome the decider has, or the model proves little.
    for (const type of [
      'ReservationOffered',
      'ReservationRejected',
      'ConsentReceived',
      'ReservationLapsed',
      'AnswerOverdue',
      'ReminderDue',
      'ReservationInvited',
      'ReservationCancelled',
      'SeekerJoined',
      'SessionCheckedIn',
      'SessionCompleted',
      'SessionTerminated',
      'SessionNoShow',
      'FollowUpBooked',
    ])
      expect({ type, seen: seen.has(type) }).toEqual({ type, seen: true });
  });

  it('R6 R13: the walk also holds with fresh random seeds', () => {
    fc.assert(
      fc.property(walk, (steps) => {
        run(steps);
      }),
      propertyRuns(200),
    );
  });
});

describe('slot places against a model (R4, R12, R13)', () => {
  const SLOT = '2026-12-02T01:00:00.000Z';
  const IDS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
  type SlotStep =
    | { kind: 'clock'; ms: number }
    | { kind: 'hold'; id: number; holdMs: number }
    | { kind: 'book'; id: number; requireHold: boolean }
    | { kind: 'releaseHold'; id: number }
    | { kind: 'release'; id: number };
  const id = fc.integer({ min: 0, max: IDS.length - 1 });
  const slotStep: fc.Arbitrary<SlotStep> = fc.oneof(
    fc.record({ kind: fc.constant('clock' as const), ms: fc.constantFrom(1, HOUR, DAY, 2 * DAY) }),
    fc.record({ kind: fc.constant('hold' as const), id, holdMs: fc.constantFrom(0, HOUR, DAY, 3 * DAY) }),
    fc.record({ kind: fc.constant('book' as const), id, requireHold: fc.boolean() }),
    fc.record({ kind: fc.constant('releaseHold' as const), id }),
    fc.record({ kind: fc.constant('release' as const), id }),
  );

  it('R4: bookings plus live holds never exceed the capacity; each refusal is the one the model gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(slotStep, { maxLength: 60 }), (capacity, steps) => {
        let state: SlotState = initialSlotState();
        // The model: who holds until when, who is booked.
        const holds = new Map<string, number>();
        const bookings = new Set<string>();
        let now = START;
        const live = () => bookings.size + [...holds.values()].filter((until) => until >= now).length;
        for (const s of steps) {
          if (s.kind === 'clock') {
            now += s.ms;
            continue;
          }
          const reservationId = IDS[s.id];
          const metadata = { now: iso(now) };
          let command: SlotCommand;
          let want: string;
          switch (s.kind) {
            case 'hold':
              command = {
                type: 'Hold',
                data: { slot: SLOT, reservationId, until: iso(now + s.holdMs), capacity },
                metadata,
              };
              want =
                holds.has(reservationId) || bookings.has(reservationId)
                  ? 'nothing'
                  : live() >= capacity
                    ? 'SLOT_FULL'
                    : 'SlotHeld';
              break;
            case 'book': {
              command = {
                type: 'Book',
                data: { slot: SLOT, reservationId, capacity, requireHold: s.requireHold },
                metadata,
              };
              const hold = holds.get(reservationId);
              want = bookings.has(reservationId)
                ? 'nothing'
                : hold !== undefined && hold >= now
                  ? 'SlotBooked'
                  : s.requireHold
                    ? 'SLOT_NOT_HELD'
                    : live() >= capacity
                      ? 'SLOT_FULL'
                      : 'SlotBooked';
              break;
            }
            case 'releaseHold':
              command = { type: 'ReleaseHold', data: { slot: SLOT, reservationId }, metadata };
              want = holds.has(reservationId) ? 'SlotHoldReleased' : 'nothing';
              break;
            case 'release':
              command = { type: 'Release', data: { slot: SLOT, reservationId }, metadata };
              want = bookings.has(reservationId) ? 'SlotReleased' : 'nothing';
              break;
          }
          let got: string;
          try {
            const produced = decideSlot(command, state);
            got = produced.length === 0 ? 'nothing' : produced.map((e) => e.type).join(',');
            state = produced.reduce(evolveSlot, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            got = error.code;
          }
          expect({ step: s, got }).toEqual({ step: s, got: want });
          if (got === 'SlotHeld') holds.set(reservationId, now + (s.kind === 'hold' ? s.holdMs : 0));
          if (got === 'SlotHoldReleased') holds.delete(reservationId);
          if (got === 'SlotBooked') {
            holds.delete(reservationId);
            bookings.add(reservationId);
          }
          if (got === 'SlotReleased') bookings.delete(reservationId);
          expect(taken(state, iso(now))).toBe(live());
          expect(taken(state, iso(now))).toBeLessThanOrEqual(capacity);
        }
      }),
      propertyRuns(500, 4),
    );
  });
});
