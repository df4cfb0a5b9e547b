import { DEFAULT_NO_SHOW_POLICY } from './no-show-policy';
import {
  DEFAULT_RETENTION_POLICY,
  evolveRetention,
  initialRetention,
  isRetentionDays,
  isRetentionDue,
  retentionDueAt,
  retentionPolicyFrom,
} from './retention';
import { evolve, initialState, type SeekerEvent, type SeekerState } from './seeker';
import { decide, type SeekerCommand } from './seeker.decider';

const DAY = 86_400_000;
const REGISTERED = '2026-01-10T01:00:00.000Z';
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
const at = (now: string) => ({ metadata: { now } });

const history = (...commands: SeekerCommand[]): SeekerEvent[] => {
  const events: SeekerEvent[] = [];
  for (const command of commands) events.push(...decide(command, events.reduce(evolve, initialState())));
  return events;
};
const stateOf = (events: SeekerEvent[]): SeekerState => events.reduce(evolve, initialState());
const register = (now = REGISTERED): SeekerCommand => ({
  type: 'RegisterSeeker',
  data: { seekerId: 's1', officeCode: '16070', status: 'registered', personalData: 'sealed-1' },
  ...at(now),
});
const ended = (reservationId: string, endedAt: string, now = endedAt): SeekerCommand => ({
  type: 'RecordReservationEnd',
  data: { seekerId: 's1', reservationId, end: 'completed', endedAt },
  ...at(now),
});
const eraseIfDue = (now: string, days = 365): SeekerCommand => ({
  type: 'EraseSeeker',
  data: { seekerId: 's1', erasedBy: 'system:retention', reason: 'retention', dueAfterDays: days },
  ...at(now),
});

describe('retention of personal data (R54)', () => {
  it('R54: the period runs from the roster entry when nothing else happened', () => {
    const facts = stateOf(history(register())).retention;
    expect(facts).toEqual({ onRoster: true, lastActivityAt: REGISTERED, reviewOpen: false });
    expect(retentionDueAt(facts, 365)).toBe(plus(REGISTERED, 365));
    expect(isRetentionDue(facts, plus(REGISTERED, 365), 365)).toBe(true);
    expect(isRetentionDue(facts, new Date(Date.parse(plus(REGISTERED, 365)) - 1).toISOString(), 365)).toBe(false);
  });

  it('R54: the latest activity counts (a reservation ended, a request’s contact, a roster change, a no-show), never an earlier one', () => {
    const events = history(
      register(),
      ended('r1', '2026-05-01T05:00:00.000Z'),
      { type: 'RecordContact', data: { seekerId: 's1', contact: 'sealed-contact' }, ...at('2026-06-01T00:00:00.000Z') },
      {
        type: 'RegisterSeeker',
        data: { seekerId: 's1', officeCode: '16070', status: 'registered', personalData: 'sealed-2' },
        ...at('2026-07-01T00:00:00.000Z'),
      },
      {
        type: 'CountNoShow',
        data: {
          seekerId: 's1',
          reservationId: 'r2',
          slot: '2026-08-03T01:00:00.000Z',
          recordedAt: '2026-08-03T01:10:00.000Z',
          reviewId: 'rv',
          policy: DEFAULT_NO_SHOW_POLICY,
        },
        ...at('2026-08-03T01:10:00.000Z'),
      },
    );
    expect(stateOf(events).retention.lastActivityAt).toBe('2026-08-03T01:10:00.000Z');
    // An end reported late, earlier than what is known, is not recorded and moves nothing.
    expect(decide(ended('r0', '2026-04-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'), stateOf(events))).toEqual([]);
    // The same end reported twice is recorded once.
    const once = history(register(), ended('r1', '2026-05-01T05:00:00.000Z'));
    expect(decide(ended('r1', '2026-05-01T05:00:00.000Z'), stateOf(once))).toEqual([]);
  });

  it('R54: an open review holds the data; a suspension holds it until its end', () => {
    const base = history(register());
    const reviewed = evolveRetention(stateOf(base).retention, {
      type: 'NoShowReviewRequested',
      data: {
        seekerId: 's1',
        reviewId: 'rv',
        reason: 'no_shows',
        noShows: 2,
        since: REGISTERED,
        threshold: 2,
        windowDays: 180,
        reservationId: 'r2',
        requestedAt: plus(REGISTERED, 1),
      },
    });
    expect(retentionDueAt(reviewed, 30)).toBeUndefined();
    const suspended = evolveRetention(reviewed, {
      type: 'SeekerSuspended',
      data: {
        seekerId: 's1',
        reason: '無断欠席',
        until: '2027-06-30',
        endsAt: '2027-06-30T15:00:00.000Z',
        decidedBy: 'staff:boss',
        suspendedAt: plus(REGISTERED, 2),
      },
    });
    expect(retentionDueAt(suspended, 30)).toBe(plus('2027-06-30T15:00:00.000Z', 30));
    const lifted = evolveRetention(suspended, {
      type: 'SuspensionLifted',
      data: { seekerId: 's1', liftedBy: 'staff:boss', liftedAt: plus(REGISTERED, 10) },
    });
    expect(retentionDueAt(lifted, 30)).toBe(plus(REGISTERED, 40));
  });

  it('R54: nobody off the roster or erased is ever due, and a seeker listed again starts afresh', () => {
    expect(retentionDueAt(initialRetention(), 1)).toBeUndefined();
    const erased = history(register(), {
      type: 'EraseSeeker',
      data: { seekerId: 's1', erasedBy: 'staff:sato', reason: 'request' },
      ...at(plus(REGISTERED, 3)),
    });
    expect(retentionDueAt(stateOf(erased).retention, 1)).toBeUndefined();
    const again = [...erased, ...decide(register(plus(REGISTERED, 400)), stateOf(erased))];
    expect(retentionDueAt(stateOf(again).retention, 365)).toBe(plus(REGISTERED, 765));
  });

  it('R54: the sweep’s erasure happens only once the period has ended, and once', () => {
    const events = history(register(), ended('r1', '2026-03-01T00:00:00.000Z'));
    expect(decide(eraseIfDue(plus('2026-03-01T00:00:00.000Z', 364)), stateOf(events))).toEqual([]);
    const erased = decide(eraseIfDue(plus('2026-03-01T00:00:00.000Z', 365)), stateOf(events));
    expect(erased.map((e) => e.type)).toEqual(['SeekerErased', 'EligibilityChanged']);
    expect(erased[0].data).toMatchObject({ reason: 'retention', erasedBy: 'system:retention' });
    expect(decide(eraseIfDue(plus('2026-03-01T00:00:00.000Z', 900)), stateOf([...events, ...erased]))).toEqual([]);
    // Never a refusal for someone not on the roster: the sweep just moves on.
    expect(decide(eraseIfDue(plus(REGISTERED, 900)), initialState())).toEqual([]);
  });

  it('R54: the office’s period, or 730 days; a wrong one is refused', () => {
    expect(retentionPolicyFrom(undefined)).toEqual(DEFAULT_RETENTION_POLICY);
    expect(DEFAULT_RETENTION_POLICY.personalDataDays).toBe(730);
    expect(retentionPolicyFrom({ personalDataDays: 90 })).toEqual({ personalDataDays: 90 });
    expect(() => retentionPolicyFrom({ personalDataDays: -1 })).toThrow(/personalDataDays/);
  });
});

describe('retention facts, event by event (R54)', () => {
  const T1 = '2026-02-01T00:00:00.000Z';
  const T2 = '2026-03-01T00:00:00.000Z';
  const listed = { onRoster: true, lastActivityAt: T1, reviewOpen: false };
  const seekerId = 's1';

  it('R54: nobody is on the roster, nor held by a review, before their first event', () => {
    expect(initialRetention()).toEqual({ onRoster: false, reviewOpen: false });
  });

  it('R54: a roster change, a contact and a no-show are each an activity', () => {
    const events: SeekerEvent[] = [
      { type: 'SeekerUpdated', data: { seekerId, status: 'registered', updatedAt: T2 } },
      { type: 'ContactRecorded', data: { seekerId, contact: 'sealed', recordedAt: T2 } },
      {
        type: 'NoShowCounted',
        data: { seekerId, reservationId: 'r1', slot: T1, recordedAt: T2, noShowsInWindow: 1 },
      },
    ];
    for (const event of events) expect(evolveRetention(listed, event)).toEqual({ ...listed, lastActivityAt: T2 });
  });

  it('R54: an activity older than the latest one, or the same instant written otherwise, moves nothing', () => {
    const older: SeekerEvent = { type: 'SeekerUpdated', data: { seekerId, status: 'registered', updatedAt: T1 } };
    expect(evolveRetention({ ...listed, lastActivityAt: T2 }, older).lastActivityAt).toBe(T2);
    const sameInstant: SeekerEvent = {
      type: 'SeekerUpdated',
      data: { seekerId, status: 'registered', updatedAt: '2026-02-01T09:00:00+09:00' },
    };
    expect(evolveRetention(listed, sameInstant).lastActivityAt).toBe(T1);
  });

  it('R54: a dismissed review releases the data, counting from the dismissal', () => {
    const dismissed = evolveRetention(
      { ...listed, reviewOpen: true },
      { type: 'NoShowReviewDismissed', data: { seekerId, reviewId: 'rv', dismissedBy: 'staff:boss', dismissedAt: T2 } },
    );
    expect(dismissed).toEqual({ onRoster: true, lastActivityAt: T2, reviewOpen: false });
    expect(retentionDueAt(dismissed, 30)).toBe(plus(T2, 30));
  });

  it('R54: an erasure takes the seeker off the roster and closes a review; an eligibility change is no activity', () => {
    const erased = evolveRetention(
      { ...listed, reviewOpen: true },
      { type: 'SeekerErased', data: { seekerId, reason: 'request', erasedBy: 'staff:sato', erasedAt: T2 } },
    );
    expect(erased).toEqual({ onRoster: false, lastActivityAt: T1, reviewOpen: false });
    const changed = evolveRetention(listed, {
      type: 'EligibilityChanged',
      data: { seekerId, eligible: false, reasons: [], changedAt: T2 },
    });
    expect(changed).toEqual(listed);
  });

  it('R54: on the roster but without any activity known, nothing is due', () => {
    expect(retentionDueAt({ onRoster: true, reviewOpen: false }, 30)).toBeUndefined();
    expect(isRetentionDue({ onRoster: true, reviewOpen: false }, T2, 30)).toBe(false);
    expect(isRetentionDue({ ...listed, reviewOpen: true }, plus(T1, 1000), 30)).toBe(false);
  });

  it('R54: an office sets 1 to 36,500 whole days; no setting, or none of days, is the default', () => {
    expect(retentionPolicyFrom(null)).toEqual(DEFAULT_RETENTION_POLICY);
    expect(retentionPolicyFrom({})).toEqual(DEFAULT_RETENTION_POLICY);
    expect(retentionPolicyFrom({ personalDataDays: 1 })).toEqual({ personalDataDays: 1 });
    expect(retentionPolicyFrom({ personalDataDays: 36_500 })).toEqual({ personalDataDays: 36_500 });
    for (const days of [0, 36_501, 1.5, '90', null])
      expect(() => retentionPolicyFrom({ personalDataDays: days })).toThrow(/personalDataDays/);
    expect(isRetentionDays(1)).toBe(true);
    expect(isRetentionDays(36_500)).toBe(true);
    expect(isRetentionDays('90')).toBe(false);
    expect(isRetentionDays(Number.NaN)).toBe(false);
  });
});
