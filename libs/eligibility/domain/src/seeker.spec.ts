// The seeker aggregate's evolve, the running suspension and the no-show window, fact by
// fact: what each event leaves in the state the decider and the read side rely on.
import { initialRetention } from './retention';
import { activeSuspension, evolve, initialState, noShowsInWindow, type SeekerEvent, type SeekerState } from './seeker';

const registered: SeekerEvent = {
  type: 'SeekerRegistered',
  data: {
    seekerId: 's1',
    officeCode: '16070',
    status: 'registered',
    personalData: 'sealed-1',
    registeredAt: '2026-11-01T00:00:00.000Z',
  },
};
const contact: SeekerEvent = {
  type: 'ContactRecorded',
  data: { seekerId: 's1', contact: 'sealed-contact', recordedAt: '2026-11-02T00:00:00.000Z' },
};
const counted = (reservationId: string, slot: string, seekerId = 's1'): SeekerEvent => ({
  type: 'NoShowCounted',
  data: { seekerId, reservationId, slot, recordedAt: slot, noShowsInWindow: 1 },
});
const reviewRequested = (reason: 'no_shows' | 'terminated', reservationId: string, seekerId = 's1'): SeekerEvent => ({
  type: 'NoShowReviewRequested',
  data: {
    seekerId,
    reviewId: `review-${reservationId}`,
    reason,
    noShows: 2,
    since: '2026-11-10T01:00:00.000Z',
    threshold: 2,
    windowDays: 180,
    reservationId,
    requestedAt: '2026-11-20T01:10:00.000Z',
  },
});
const suspended: SeekerEvent = {
  type: 'SeekerSuspended',
  data: {
    seekerId: 's1',
    reason: '無断欠席が続いたため',
    until: '2026-12-31',
    endsAt: '2026-12-31T15:00:00.000Z',
    decidedBy: 'staff:boss',
    suspendedAt: '2026-11-21T00:00:00.000Z',
  },
};

const stateOf = (events: SeekerEvent[], from: SeekerState = initialState()): SeekerState => events.reduce(evolve, from);

describe('seeker evolve: the roster (R40, R54)', () => {
  it('R40(a): a registration puts the seeker on the roster with office, standing and sealed personal data', () => {
    expect(stateOf([registered])).toMatchObject({
      seekerId: 's1',
      onRoster: true,
      erased: false,
      officeCode: '16070',
      status: 'registered',
      personalData: 'sealed-1',
    });
  });

  it('R54: a registration afresh after an erasure takes the seeker back, without the contact given before', () => {
    const erased: SeekerEvent = {
      type: 'SeekerErased',
      data: { seekerId: 's1', reason: 'request', erasedBy: 'staff:boss', erasedAt: '2026-11-03T00:00:00.000Z' },
    };
    const again = stateOf([registered, contact, erased, registered]);
    expect(again).toMatchObject({ onRoster: true, erased: false, personalData: 'sealed-1' });
    expect(again.contact).toBeUndefined();
    expect(stateOf([registered, contact, registered]).contact).toBeUndefined();
  });

  it('R40(a)/R54: an update changes what it names and keeps the rest', () => {
    const update = (data: Partial<Extract<SeekerEvent, { type: 'SeekerUpdated' }>['data']>): SeekerEvent => ({
      type: 'SeekerUpdated',
      data: { seekerId: 's1', updatedAt: '2026-11-05T00:00:00.000Z', ...data },
    });
    expect(stateOf([registered, update({ officeCode: '13010' })])).toMatchObject({
      officeCode: '13010',
      status: 'registered',
      personalData: 'sealed-1',
    });
    expect(stateOf([registered, update({ status: 'pre_registration_approved' })])).toMatchObject({
      officeCode: '16070',
      status: 'pre_registration_approved',
      personalData: 'sealed-1',
    });
    expect(stateOf([registered, update({ personalData: 'sealed-2' })])).toMatchObject({
      officeCode: '16070',
      status: 'registered',
      personalData: 'sealed-2',
    });
  });

  it('R54: the contact given on a request is kept sealed', () => {
    expect(stateOf([registered, contact]).contact).toBe('sealed-contact');
  });

  it('R54: an erasure takes the seeker off the roster and forgets office, standing, sealed data and the open review', () => {
    const erased: SeekerEvent = {
      type: 'SeekerErased',
      data: { seekerId: 's1', reason: 'retention', erasedBy: 'system', erasedAt: '2026-11-30T00:00:00.000Z' },
    };
    const state = stateOf([registered, contact, reviewRequested('no_shows', 'r-2'), erased]);
    expect(state).toMatchObject({ seekerId: 's1', onRoster: false, erased: true });
    for (const key of ['officeCode', 'status', 'personalData', 'contact', 'review'] as const)
      expect(state[key]).toBeUndefined();
  });

  it('facts that only other readers need leave the seeker as it was, apart from the retention facts', () => {
    const before = stateOf([registered]);
    const changed: SeekerEvent = {
      type: 'EligibilityChanged',
      data: { seekerId: 's1', eligible: true, reasons: [], changedAt: '2026-11-01T00:00:00.000Z' },
    };
    const ended: SeekerEvent = {
      type: 'ReservationEndRecorded',
      data: {
        seekerId: 's1',
        reservationId: 'r-1',
        end: 'completed',
        endedAt: '2026-11-01T00:00:00.000Z',
        recordedAt: '2026-11-01T00:00:01.000Z',
      },
    };
    const later = { type: 'SeekerRenamed', data: { seekerId: 's1' } } as unknown as SeekerEvent;
    for (const event of [changed, ended, later]) {
      const { retention: _r, ...after } = evolve(before, event);
      const { retention: _b, ...rest } = before;
      expect(after).toEqual(rest);
    }
  });

  it('R54: a state kept from before retention facts existed starts them afresh', () => {
    const { retention: _r, ...old } = initialState();
    const state = evolve(old as SeekerState, registered);
    expect(state.retention).toEqual({
      ...initialRetention(),
      onRoster: true,
      lastActivityAt: '2026-11-01T00:00:00.000Z',
    });
  });
});

describe('seeker evolve: no-shows, reviews and suspensions (R19, R21, R42)', () => {
  it('R19: each no-show counted is remembered with its slot', () => {
    const state = stateOf([
      registered,
      counted('r-1', '2026-11-10T01:00:00.000Z'),
      counted('r-2', '2026-11-20T01:00:00.000Z'),
    ]);
    expect(state.countedNoShows).toEqual(['r-1', 'r-2']);
    expect(state.noShows).toEqual([
      { reservationId: 'r-1', slot: '2026-11-10T01:00:00.000Z' },
      { reservationId: 'r-2', slot: '2026-11-20T01:00:00.000Z' },
    ]);
  });

  it('R19: a no-show or a review of someone not yet on the roster names the seeker; it never renames one', () => {
    expect(stateOf([counted('r-1', '2026-11-10T01:00:00.000Z', 's9')]).seekerId).toBe('s9');
    expect(stateOf([reviewRequested('no_shows', 'r-1', 's9')]).seekerId).toBe('s9');
    expect(stateOf([registered, counted('r-1', '2026-11-10T01:00:00.000Z', 's9')]).seekerId).toBe('s1');
    expect(stateOf([registered, reviewRequested('no_shows', 'r-1', 's9')]).seekerId).toBe('s1');
  });

  it('R19: a review opened for no-shows is kept as the screen shows it and marks no termination as reviewed', () => {
    const state = stateOf([registered, reviewRequested('no_shows', 'r-2')]);
    expect(state.review).toEqual({
      reviewId: 'review-r-2',
      reason: 'no_shows',
      noShows: 2,
      since: '2026-11-10T01:00:00.000Z',
      requestedAt: '2026-11-20T01:10:00.000Z',
    });
    expect(state.reviewedTerminations).toEqual([]);
  });

  it('R21: a review raised by a terminated session marks that session as reviewed', () => {
    const state = stateOf([registered, reviewRequested('terminated', 'r-3'), reviewRequested('terminated', 'r-4')]);
    expect(state.reviewedTerminations).toEqual(['r-3', 'r-4']);
    expect(state.review?.reason).toBe('terminated');
  });

  it('R19: a dismissal closes the review and starts the count afresh, suspends nobody and keeps which no-shows were counted', () => {
    const dismissed: SeekerEvent = {
      type: 'NoShowReviewDismissed',
      data: {
        seekerId: 's1',
        reviewId: 'review-r-2',
        dismissedBy: 'staff:boss',
        dismissedAt: '2026-11-22T00:00:00.000Z',
      },
    };
    const state = stateOf([
      registered,
      counted('r-1', '2026-11-10T01:00:00.000Z'),
      counted('r-2', '2026-11-20T01:00:00.000Z'),
      reviewRequested('no_shows', 'r-2'),
      dismissed,
    ]);
    expect(state.review).toBeUndefined();
    expect(state.suspension).toBeUndefined();
    expect(state.noShows).toEqual([]);
    expect(state.countedNoShows).toEqual(['r-1', 'r-2']);
  });

  it('R42: a suspension is kept with its reason, period and who decided; it closes the review and the count', () => {
    const state = stateOf([
      registered,
      counted('r-1', '2026-11-10T01:00:00.000Z'),
      reviewRequested('no_shows', 'r-1'),
      suspended,
    ]);
    expect(state.suspension).toEqual({
      reason: '無断欠席が続いたため',
      until: '2026-12-31',
      endsAt: '2026-12-31T15:00:00.000Z',
      since: '2026-11-21T00:00:00.000Z',
      decidedBy: 'staff:boss',
    });
    expect(state.review).toBeUndefined();
    expect(state.noShows).toEqual([]);
    expect(state.countedNoShows).toEqual(['r-1']);
  });

  it('R42: a lifted suspension is gone', () => {
    const lifted: SeekerEvent = {
      type: 'SuspensionLifted',
      data: { seekerId: 's1', liftedBy: 'staff:boss', liftedAt: '2026-11-25T00:00:00.000Z' },
    };
    expect(stateOf([registered, suspended, lifted]).suspension).toBeUndefined();
  });

  it('R42: a suspension runs until the instant it ends, and not from that instant on', () => {
    const state = stateOf([registered, suspended]);
    expect(activeSuspension(state, '2026-12-31T14:59:59.999Z')).toEqual(state.suspension);
    expect(activeSuspension(state, '2026-12-31T15:00:00.000Z')).toBeUndefined();
    expect(activeSuspension(stateOf([registered]), '2026-12-01T00:00:00.000Z')).toBeUndefined();
  });
});

describe('seeker: the no-shows in the window of the latest (R19)', () => {
  const DAY = 86_400_000;
  const slot = (ms: number) => new Date(ms).toISOString();
  const latest = Date.parse('2026-11-20T01:00:00.000Z');

  it('R19: none counted is a count of 0 with no start', () => {
    expect(noShowsInWindow([], 180)).toStrictEqual({ count: 0 });
  });

  it('R19: counts the no-shows less than the window before the latest, from the earliest of them, in any order', () => {
    const noShows = [
      { slot: slot(latest - 10 * DAY) },
      { slot: slot(latest) },
      { slot: slot(latest - 180 * DAY + 1) },
      { slot: slot(latest - 180 * DAY) },
      { slot: slot(latest - 400 * DAY) },
    ];
    expect(noShowsInWindow(noShows, 180)).toEqual({ count: 3, since: slot(latest - 180 * DAY + 1) });
  });

  it('R19: the window is counted back from the latest no-show, not the first listed', () => {
    const noShows = [{ slot: slot(latest - 200 * DAY) }, { slot: slot(latest) }, { slot: slot(latest - 5 * DAY) }];
    expect(noShowsInWindow(noShows, 180)).toEqual({ count: 2, since: slot(latest - 5 * DAY) });
    expect(noShowsInWindow(noShows, 365)).toEqual({ count: 3, since: slot(latest - 200 * DAY) });
  });
});
