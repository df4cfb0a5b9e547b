// Model-based test of the seeker decider (R19, R21, R40, R42, R54): random sequences of
// commands and clock moves, run through decide/evolve and through a model written as
// plainly as the rules read. After every step the outcome (events or refusal code) must
// be the model's, and invariants hold over the whole history: nothing suspends but a
// supervisor, a no-show counts once, one review at a time, an erased seeker keeps no
// personal data, and every standing told to scheduling is the one the rules give.
import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import { DomainError } from './domain-error';
import type { NoShowPolicy } from './no-show-policy';
import { evolve, initialState, type SeekerEvent, type SeekerState } from './seeker';
import { decide, type SeekerCommand } from './seeker.decider';

const DAY = 86_400_000;
const START = Date.parse('2026-04-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SEEKER = 's1';
const RESERVATIONS = ['r1', 'r2', 'r3', 'r4', 'r5'];

type Step =
  | { kind: 'clock'; ms: number }
  | { kind: 'jump'; to: 'suspensionEnd' | 'retentionDue'; days: number; deltaMs: -1 | 0 | 1 }
  | { kind: 'register'; personalData?: string; officeCode: string; status: 'registered' | 'pre_registration_approved' }
  | { kind: 'contact'; contact?: string }
  | { kind: 'suspend'; reason: string; end: 'running' | 'running+1d' | 'now' | 'now-1ms' | 'now+1ms' | 'now+7d' }
  | { kind: 'lift'; note?: string }
  | { kind: 'noShow'; reservation: string; slotDaysAgo: number; policy: NoShowPolicy }
  | { kind: 'terminate'; reservation: string; policy: NoShowPolicy }
  | { kind: 'dismiss'; note?: string }
  | { kind: 'erase'; dueAfterDays?: number }
  | { kind: 'end'; reservation: string; endedMsAgo: number };

const policy = fc.record({ threshold: fc.integer({ min: 1, max: 3 }), windowDays: fc.constantFrom(1, 30, 180) });
const reservation = fc.constantFrom(...RESERVATIONS);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('clock' as const), ms: fc.integer({ min: 1, max: 40 * DAY }) }),
    weight: 3,
  },
  fc.record({
    kind: fc.constant('jump' as const),
    to: fc.constantFrom('suspensionEnd' as const, 'retentionDue' as const),
    days: fc.constantFrom(1, 30),
    deltaMs: fc.constantFrom(-1 as const, 0 as const, 1 as const),
  }),
  {
    arbitrary: fc.record(
      {
        kind: fc.constant('register' as const),
        personalData: fc.constantFrom('sealed-a', 'sealed-b'),
        officeCode: fc.constantFrom('16070', '13010'),
        status: fc.constantFrom('registered' as const, 'pre_registration_approved' as const),
      },
      { requiredKeys: ['kind', 'officeCode', 'status'] },
    ),
    weight: 2,
  },
  fc.record(
    { kind: fc.constant('contact' as const), contact: fc.constantFrom('contact-a', 'contact-b') },
    {
      requiredKeys: ['kind'],
    },
  ),
  {
    arbitrary: fc.record({
      kind: fc.constant('suspend' as const),
      reason: fc.constantFrom(
        '無断欠席が続いたため',
        ' 無断欠席が続いたため ',
        '暴言',
        '   ',
        'x'.repeat(501),
        'y'.repeat(500),
      ),
      end: fc.constantFrom(
        'running' as const,
        'running+1d' as const,
        'now' as const,
        'now-1ms' as const,
        'now+1ms' as const,
        'now+7d' as const,
      ),
    }),
    weight: 3,
  },
  fc.record(
    { kind: fc.constant('lift' as const), note: fc.constantFrom('', '誤って停止') },
    { requiredKeys: ['kind'] },
  ),
  {
    arbitrary: fc.record({
      kind: fc.constant('noShow' as const),
      reservation,
      slotDaysAgo: fc.integer({ min: 0, max: 200 }),
      policy,
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('terminate' as const), reservation, policy }),
  fc.record(
    { kind: fc.constant('dismiss' as const), note: fc.constantFrom('', '事情を確認済み') },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('erase' as const), dueAfterDays: fc.constantFrom(1, 30) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('end' as const), reservation, endedMsAgo: fc.constantFrom(0, 1, DAY, 10 * DAY) }),
);

/** The rules, as plainly as they read. Instants are ms. */
interface Model {
  now: number;
  onRoster: boolean;
  erased: boolean;
  officeCode?: string;
  status?: string;
  personalData?: string;
  contact?: string;
  /** The latest suspension not lifted; it runs while now < endsAt. */
  suspension?: { reason: string; endsAt: number };
  review?: string;
  noShowSlots: number[];
  counted: Set<string>;
  reviewedTerminations: Set<string>;
  lastActivity?: number;
  suspensionEndsAt?: number;
}

const suspendedAt = (m: Model, at: number) => (m.suspension && at < m.suspension.endsAt ? m.suspension : undefined);
const touch = (m: Model, at: number) => {
  m.lastActivity = m.lastActivity === undefined ? at : Math.max(m.lastActivity, at);
};
const retentionDue = (m: Model, days: number): number | undefined => {
  if (!m.onRoster || m.review !== undefined || m.lastActivity === undefined) return undefined;
  return Math.max(m.lastActivity, m.suspensionEndsAt ?? -Infinity) + days * DAY;
};
const inWindow = (slots: number[], windowDays: number) => {
  const latest = Math.max(...slots);
  const counted = slots.filter((s) => s > latest - windowDays * DAY);
  return { count: counted.length, since: Math.min(...counted) };
};

type Expected = { types: string[] } | { error: string };

/** What the rules say a step does: the events' types or the refusal, and the model after it. */
function expectStep(m: Model, s: Step, command: SeekerCommand | undefined): Expected {
  const now = m.now;
  const standing = (types: string[]) => ({ types: [...types, 'EligibilityChanged'] });
  switch (s.kind) {
    case 'clock':
    case 'jump':
      return { types: [] };
    case 'register': {
      if (!m.onRoster) {
        if (!s.personalData) return { error: 'Error' };
        Object.assign(m, { onRoster: true, erased: false, officeCode: s.officeCode, status: s.status });
        Object.assign(m, { personalData: s.personalData, contact: undefined });
        touch(m, now);
        return standing(['SeekerRegistered']);
      }
      const office = s.officeCode !== m.officeCode;
      const status = s.status !== m.status;
      const data = s.personalData !== undefined && s.personalData !== m.personalData;
      if (!office && !status && !data) return { types: [] };
      Object.assign(m, { officeCode: s.officeCode, status: s.status, personalData: s.personalData ?? m.personalData });
      touch(m, now);
      return office || status ? standing(['SeekerUpdated']) : { types: ['SeekerUpdated'] };
    }
    case 'contact':
      if (!m.onRoster) return { error: 'SEEKER_NOT_FOUND' };
      if (!s.contact || s.contact === m.contact) return { types: [] };
      m.contact = s.contact;
      touch(m, now);
      return { types: ['ContactRecorded'] };
    case 'suspend': {
      if (!m.onRoster) return { error: 'SEEKER_NOT_FOUND' };
      const reason = s.reason.trim();
      if (reason === '' || reason.length > 500) return { error: 'VALIDATION_FAILED' };
      const endsAt = Date.parse((command as Extract<SeekerCommand, { type: 'SuspendSeeker' }>).data.endsAt);
      if (endsAt <= now) return { error: 'SUSPENSION_END_NOT_IN_FUTURE' };
      const running = suspendedAt(m, now);
      // R42: the same suspension again is nothing new; a changed reason or end is a new decision.
      if (running && running.reason === reason && running.endsAt === endsAt) return { types: [] };
      Object.assign(m, {
        suspension: { reason, endsAt },
        review: undefined,
        noShowSlots: [],
        suspensionEndsAt: endsAt,
      });
      touch(m, now);
      return standing(['SeekerSuspended']);
    }
    case 'lift': {
      if (!suspendedAt(m, now)) return { error: m.onRoster ? 'SUSPENSION_NOT_FOUND' : 'SEEKER_NOT_FOUND' };
      Object.assign(m, { suspension: undefined, suspensionEndsAt: undefined });
      touch(m, now);
      return m.onRoster ? standing(['SuspensionLifted']) : { types: ['SuspensionLifted'] };
    }
    case 'noShow': {
      if (m.counted.has(s.reservation)) return { types: [] };
      const slot = now - s.slotDaysAgo * DAY;
      m.counted.add(s.reservation);
      m.noShowSlots.push(slot);
      touch(m, slot);
      const { count } = inWindow(m.noShowSlots, s.policy.windowDays);
      if (m.onRoster && m.review === undefined && count >= s.policy.threshold) {
        m.review = `review-${s.reservation}`;
        touch(m, now);
        return { types: ['NoShowCounted', 'NoShowReviewRequested'] };
      }
      return { types: ['NoShowCounted'] };
    }
    case 'terminate':
      if (m.reviewedTerminations.has(s.reservation) || !m.onRoster) return { types: [] };
      m.reviewedTerminations.add(s.reservation);
      m.review = `termination-${s.reservation}`;
      touch(m, now);
      return { types: ['NoShowReviewRequested'] };
    case 'dismiss':
      if (m.review === undefined) return { error: 'REVIEW_NOT_FOUND' };
      Object.assign(m, { review: undefined, noShowSlots: [] });
      touch(m, now);
      return { types: ['NoShowReviewDismissed'] };
    case 'erase': {
      if (m.erased) return { types: [] };
      if (s.dueAfterDays !== undefined) {
        const due = retentionDue(m, s.dueAfterDays);
        if (due === undefined || now < due) return { types: [] };
      }
      if (!m.onRoster) return { error: 'SEEKER_NOT_FOUND' };
      Object.assign(m, { onRoster: false, erased: true, officeCode: undefined, status: undefined });
      Object.assign(m, { personalData: undefined, contact: undefined, review: undefined });
      return standing(['SeekerErased']);
    }
    case 'end': {
      const endedAt = now - s.endedMsAgo;
      if (!m.onRoster || (m.lastActivity !== undefined && endedAt <= m.lastActivity)) return { types: [] };
      touch(m, endedAt);
      return { types: ['ReservationEndRecorded'] };
    }
  }
}

function commandOf(m: Model, s: Step): SeekerCommand | undefined {
  const metadata = { now: iso(m.now) };
  const running = suspendedAt(m, m.now);
  switch (s.kind) {
    case 'clock':
    case 'jump':
      return undefined;
    case 'register': {
      const { personalData, officeCode, status } = s;
      return { type: 'RegisterSeeker', data: { seekerId: SEEKER, officeCode, status, personalData }, metadata };
    }
    case 'contact':
      return { type: 'RecordContact', data: { seekerId: SEEKER, contact: s.contact }, metadata };
    case 'suspend': {
      const endsAt = {
        running: running?.endsAt ?? m.now + 3 * DAY,
        'running+1d': (running?.endsAt ?? m.now) + DAY,
        now: m.now,
        'now-1ms': m.now - 1,
        'now+1ms': m.now + 1,
        'now+7d': m.now + 7 * DAY,
      }[s.end];
      const data = { seekerId: SEEKER, reason: s.reason, until: iso(endsAt - 1).slice(0, 10), endsAt: iso(endsAt) };
      return { type: 'SuspendSeeker', data: { ...data, decidedBy: 'staff:boss' }, metadata };
    }
    case 'lift':
      return { type: 'LiftSuspension', data: { seekerId: SEEKER, liftedBy: 'staff:boss', note: s.note }, metadata };
    case 'noShow': {
      const slot = iso(m.now - s.slotDaysAgo * DAY);
      const data = { seekerId: SEEKER, reservationId: s.reservation, slot, recordedAt: slot };
      return {
        type: 'CountNoShow',
        data: { ...data, reviewId: `review-${s.reservation}`, policy: s.policy },
        metadata,
      };
    }
    case 'terminate': {
      const data = { seekerId: SEEKER, reservationId: s.reservation, slot: iso(m.now - DAY) };
      return {
        type: 'ReviewTermination',
        data: { ...data, reviewId: `termination-${s.reservation}`, policy: s.policy },
        metadata,
      };
    }
    case 'dismiss':
      return { type: 'DismissReview', data: { seekerId: SEEKER, dismissedBy: 'staff:boss', note: s.note }, metadata };
    case 'erase':
      return {
        type: 'EraseSeeker',
        data: {
          seekerId: SEEKER,
          erasedBy: 'staff:boss',
          reason: s.dueAfterDays ? 'retention' : 'request',
          dueAfterDays: s.dueAfterDays,
        },
        metadata,
      };
    case 'end': {
      const data = { seekerId: SEEKER, reservationId: s.reservation, end: 'completed' as const };
      return { type: 'RecordReservationEnd', data: { ...data, endedAt: iso(m.now - s.endedMsAgo) }, metadata };
    }
  }
}

function moveClock(m: Model, s: Step): void {
  if (s.kind === 'clock') m.now += s.ms;
  if (s.kind !== 'jump') return;
  const target = s.to === 'suspensionEnd' ? m.suspension?.endsAt : retentionDue(m, s.days);
  // The clock never goes back: a jump to a moment passed already is a tick.
  m.now = target === undefined ? m.now + 1 : Math.max(m.now + 1, target + s.deltaMs);
}

function run(steps: Step[]): void {
  const m: Model = {
    now: START,
    onRoster: false,
    erased: false,
    noShowSlots: [],
    counted: new Set(),
    reviewedTerminations: new Set(),
  };
  let state: SeekerState = initialState();
  const history: SeekerEvent[] = [];
  for (const s of steps) {
    moveClock(m, s);
    const command = commandOf(m, s);
    const reviewOpenBefore = state.review !== undefined;
    const expected = expectStep(m, s, command);
    let outcome: Expected;
    let events: SeekerEvent[] = [];
    try {
      events = command ? decide(command, state) : [];
      outcome = { types: events.map((e) => e.type) };
    } catch (error) {
      outcome = { error: error instanceof DomainError ? error.code : (error as Error).name };
    }
    expect({ step: s, outcome }).toEqual({ step: s, outcome: expected });
    state = events.reduce(evolve, state);
    history.push(...events);

    for (const event of events) {
      // R19/R21: nothing but a supervisor's decision suspends.
      if (event.type === 'SeekerSuspended') expect(command?.type).toBe('SuspendSeeker');
      // R19: one review at a time for no-shows.
      if (event.type === 'NoShowReviewRequested' && event.data.reason === 'no_shows')
        expect(reviewOpenBefore).toBe(false);
      // R40, R42: the standing told to scheduling is the rules' standing at that moment.
      if (event.type === 'EligibilityChanged') {
        const suspended = suspendedAt(m, m.now);
        expect(event.data).toEqual({
          seekerId: SEEKER,
          eligible: m.onRoster && !suspended,
          reasons: [...(m.onRoster ? [] : ['NOT_REGISTERED']), ...(suspended ? ['SUSPENDED'] : [])],
          officeCode: m.officeCode,
          status: m.status,
          suspendedUntil: suspended ? iso(suspended.endsAt) : undefined,
          changedAt: iso(m.now),
        });
      }
    }
    // R19: a no-show counts once, however often it is reported.
    const counted = history.flatMap((e) => (e.type === 'NoShowCounted' ? [e.data.reservationId] : []));
    expect(new Set(counted).size).toBe(counted.length);
    // R54: an erased seeker keeps no personal data until the roster lists them again.
    if (state.erased)
      expect([state.personalData, state.contact, state.onRoster]).toEqual([undefined, undefined, false]);
    expect({ onRoster: state.onRoster, review: state.review?.reviewId, personalData: state.personalData }).toEqual({
      onRoster: m.onRoster,
      review: m.review,
      personalData: m.personalData,
    });
  }
}

describe('seeker decider against a model (R19, R21, R40, R42, R54)', () => {
  it('R42 model: random commands and clock moves give the events or refusals the rules give, and the invariants hold', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => run(steps)),
      propertyRuns(300),
    );
  });

  it('R42 model: the same sequences, starting from a seeker on the roster with a running suspension', () => {
    const start: Step[] = [
      { kind: 'register', personalData: 'sealed-a', officeCode: '16070', status: 'registered' },
      { kind: 'suspend', reason: '無断欠席が続いたため', end: 'now+7d' },
    ];
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => run([...start, ...steps])),
      propertyRuns(300),
    );
  });
});
