import { deciderSpec } from '@soudan/testing/decider';
import { DEFAULT_NO_SHOW_POLICY, noShowPolicyFrom } from './no-show-policy';
import { evolve, initialState, type SeekerEvent } from './seeker';
import { decide, type SeekerCommand } from './seeker.decider';
import { suspensionPeriod } from './suspension-period';

const NOW = '2026-11-25T01:00:00.000Z';
const at = (now: string) => ({ metadata: { now } });

const given = deciderSpec({ initialState, evolve, decide });

const register = (
  overrides: Partial<Extract<SeekerCommand, { type: 'RegisterSeeker' }>['data']> = {},
  now = NOW,
): SeekerCommand => ({
  type: 'RegisterSeeker',
  data: { seekerId: 's1', officeCode: '16070', status: 'registered', personalData: 'sealed-1', ...overrides },
  ...at(now),
});
const registered = (): SeekerEvent[] => decide(register(), initialState());
const noShow = (reservationId: string, slot: string, now = NOW): SeekerCommand => ({
  type: 'CountNoShow',
  data: {
    seekerId: 's1',
    reservationId,
    slot,
    recordedAt: slot,
    reviewId: `review-${reservationId}`,
    policy: DEFAULT_NO_SHOW_POLICY,
  },
  ...at(now),
});
const history = (...commands: SeekerCommand[]): SeekerEvent[] => {
  const events: SeekerEvent[] = [];
  for (const command of commands) events.push(...decide(command, events.reduce(evolve, initialState())));
  return events;
};
const suspend = (until = '2026-12-31', now = NOW, reason = '無断欠席が続いたため'): SeekerCommand => ({
  type: 'SuspendSeeker',
  data: {
    seekerId: 's1',
    reason,
    until,
    endsAt: suspensionPeriod(until)?.endsAt ?? 'invalid',
    decidedBy: 'staff:boss',
  },
  ...at(now),
});

describe('seeker decider: roster', () => {
  it('R40(a): registers a seeker with sealed personal data and tells scheduling of the standing', () => {
    given([])
      .when(register())
      .thenExactly([
        {
          type: 'SeekerRegistered',
          data: {
            seekerId: 's1',
            officeCode: '16070',
            status: 'registered',
            personalData: 'sealed-1',
            registeredAt: NOW,
          },
        },
        {
          type: 'EligibilityChanged',
          data: {
            seekerId: 's1',
            eligible: true,
            reasons: [],
            officeCode: '16070',
            status: 'registered',
            suspendedUntil: undefined,
            changedAt: NOW,
          },
        },
      ]);
  });

  it('changes nothing when the same entry is registered again (idempotent import)', () => {
    given(registered())
      .when(register({ personalData: undefined }))
      .thenNothing();
    given(registered())
      .when(register({ personalData: 'sealed-1' }))
      .thenNothing();
  });

  it('R40(a), R40(b): records a change of status or office, with the new standing', () => {
    given(registered())
      .when(register({ status: 'pre_registration_approved', personalData: undefined }))
      .thenEmits('SeekerUpdated', 'EligibilityChanged');
    given(registered())
      .when(register({ officeCode: '13010', personalData: undefined }))
      .thenEmits('SeekerUpdated', 'EligibilityChanged');
  });

  it('R54: a change of name or address is a SeekerUpdated with the sealed data only', () => {
    given(registered())
      .when(register({ personalData: 'sealed-2' }))
      .thenExactly([{ type: 'SeekerUpdated', data: { seekerId: 's1', personalData: 'sealed-2', updatedAt: NOW } }]);
  });

  it('R54: records the contact given on a request, once', () => {
    const contact: SeekerCommand = {
      type: 'RecordContact',
      data: { seekerId: 's1', contact: 'sealed-contact' },
      ...at(NOW),
    };
    given(registered()).when(contact).thenEmits('ContactRecorded');
    given([...registered(), ...decide(contact, registered().reduce(evolve, initialState()))])
      .when({ type: 'RecordContact', data: { seekerId: 's1' }, ...at(NOW) })
      .thenNothing();
    given([]).when(contact).thenThrows('SEEKER_NOT_FOUND');
  });
});

describe('seeker decider: no-shows (R19) and terminations (R21)', () => {
  it('R19: counts a no-show without flagging the seeker below the threshold', () => {
    given(registered())
      .when(noShow('r1', '2026-06-01T01:00:00.000Z'))
      .thenExactly([
        {
          type: 'NoShowCounted',
          data: {
            seekerId: 's1',
            reservationId: 'r1',
            slot: '2026-06-01T01:00:00.000Z',
            recordedAt: '2026-06-01T01:00:00.000Z',
            noShowsInWindow: 1,
          },
        },
      ]);
  });

  it('R19: flags the seeker for a supervisor at 2 no-shows within 180 days, and never suspends', () => {
    const events = history(register(), noShow('r1', '2026-06-01T01:00:00.000Z'));
    const decided = given(events).when(noShow('r2', '2026-11-20T01:00:00.000Z')).events();
    expect(decided.map((e) => e.type)).toEqual(['NoShowCounted', 'NoShowReviewRequested']);
    expect(decided[1].data).toMatchObject({
      reason: 'no_shows',
      noShows: 2,
      since: '2026-06-01T01:00:00.000Z',
      threshold: 2,
      windowDays: 180,
      reviewId: 'review-r2',
    });
    expect(decided.some((e) => e.type === 'SeekerSuspended')).toBe(false);
  });

  it('R19: no-shows further apart than 180 days do not reach the threshold', () => {
    const events = history(register(), noShow('r1', '2026-01-05T01:00:00.000Z'));
    given(events).when(noShow('r2', '2026-11-20T01:00:00.000Z')).thenEmits('NoShowCounted');
  });

  it('R19: the threshold is an office setting', () => {
    const policy = noShowPolicyFrom({ threshold: 3, windowDays: 90 });
    const count = (id: string, slot: string): SeekerCommand => ({
      type: 'CountNoShow',
      data: { seekerId: 's1', reservationId: id, slot, recordedAt: slot, reviewId: `rv-${id}`, policy },
      ...at(NOW),
    });
    const events = history(
      register(),
      count('r1', '2026-10-01T01:00:00.000Z'),
      count('r2', '2026-10-02T01:00:00.000Z'),
    );
    expect(events.some((e) => e.type === 'NoShowReviewRequested')).toBe(false);
    given(events).when(count('r3', '2026-10-03T01:00:00.000Z')).thenEmits('NoShowCounted', 'NoShowReviewRequested');
    expect(noShowPolicyFrom({ threshold: 0, windowDays: 'x' })).toEqual(DEFAULT_NO_SHOW_POLICY);
  });

  it('R19: the same no-show reported twice counts once', () => {
    const events = history(register(), noShow('r1', '2026-06-01T01:00:00.000Z'));
    given(events).when(noShow('r1', '2026-06-01T01:00:00.000Z')).thenNothing();
  });

  it('R19: while a review is open, further no-shows are counted without a second review', () => {
    const events = history(
      register(),
      noShow('r1', '2026-06-01T01:00:00.000Z'),
      noShow('r2', '2026-06-02T01:00:00.000Z'),
    );
    given(events).when(noShow('r3', '2026-06-03T01:00:00.000Z')).thenEmits('NoShowCounted');
  });

  it('R19: after a dismissal only later no-shows count towards the next review', () => {
    const dismiss: SeekerCommand = {
      type: 'DismissReview',
      data: { seekerId: 's1', dismissedBy: 'staff:boss' },
      ...at(NOW),
    };
    const events = history(
      register(),
      noShow('r1', '2026-06-01T01:00:00.000Z'),
      noShow('r2', '2026-06-02T01:00:00.000Z'),
      dismiss,
    );
    given(events).when(noShow('r3', '2026-06-03T01:00:00.000Z')).thenEmits('NoShowCounted');
    given([...events, ...decide(noShow('r3', '2026-06-03T01:00:00.000Z'), events.reduce(evolve, initialState()))])
      .when(noShow('r4', '2026-06-04T01:00:00.000Z'))
      .thenEmits('NoShowCounted', 'NoShowReviewRequested');
  });

  it('R21: a terminated session raises a review, once per session', () => {
    const terminated: SeekerCommand = {
      type: 'ReviewTermination',
      data: {
        seekerId: 's1',
        reservationId: 'r9',
        slot: '2026-11-20T01:00:00.000Z',
        reviewId: 'rv-9',
        policy: DEFAULT_NO_SHOW_POLICY,
      },
      ...at(NOW),
    };
    const decided = given(registered()).when(terminated).events();
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({
      type: 'NoShowReviewRequested',
      data: { reason: 'terminated', reservationId: 'r9', since: '2026-11-20T01:00:00.000Z' },
    });
    // R54: the staff's words about the seeker are not copied out of the reservation's sealed event.
    expect(decided[0].data).not.toHaveProperty('terminationReason');
    given(history(register(), terminated)).when(terminated).thenNothing();
  });

  it('R19: dismissing needs an open review', () => {
    given(registered())
      .when({ type: 'DismissReview', data: { seekerId: 's1', dismissedBy: 'staff:boss' }, ...at(NOW) })
      .thenThrows('REVIEW_NOT_FOUND');
  });
});

describe('seeker decider: suspensions (R42)', () => {
  it('R42: a supervisor suspends with a reason and a period; the open review is closed by it', () => {
    const events = history(
      register(),
      noShow('r1', '2026-06-01T01:00:00.000Z'),
      noShow('r2', '2026-06-02T01:00:00.000Z'),
    );
    const decided = given(events).when(suspend()).events();
    expect(decided.map((e) => e.type)).toEqual(['SeekerSuspended', 'EligibilityChanged']);
    expect(decided[0].data).toMatchObject({
      until: '2026-12-31',
      endsAt: '2026-12-31T15:00:00.000Z',
      reviewId: 'review-r2',
      decidedBy: 'staff:boss',
    });
    expect(decided[1].data).toMatchObject({
      eligible: false,
      reasons: ['SUSPENDED'],
      suspendedUntil: '2026-12-31T15:00:00.000Z',
    });
    expect([...events, ...decided].reduce(evolve, initialState()).review).toBeUndefined();
  });

  it('R42: the same suspension again changes nothing', () => {
    given(history(register(), suspend())).when(suspend()).thenNothing();
  });

  it('R42: a running suspension given a new reason is recorded again, with the new reason', () => {
    given(history(register(), suspend()))
      .when(suspend('2026-12-31', '2026-12-01T00:00:00.000Z', '面談中の暴言のため'))
      .then([
        {
          type: 'SeekerSuspended',
          data: expect.objectContaining({ reason: '面談中の暴言のため', until: '2026-12-31' }),
        },
        { type: 'EligibilityChanged', data: expect.objectContaining({ eligible: false }) },
      ]);
  });

  it('R42: a running suspension given a new end is recorded again, with the new period', () => {
    given(history(register(), suspend()))
      .when(suspend('2027-01-31', '2026-12-01T00:00:00.000Z'))
      .then([
        {
          type: 'SeekerSuspended',
          data: expect.objectContaining({ until: '2027-01-31', endsAt: '2027-01-31T15:00:00.000Z' }),
        },
        { type: 'EligibilityChanged', data: expect.objectContaining({ suspendedUntil: '2027-01-31T15:00:00.000Z' }) },
      ]);
  });

  it('R42: the reason is kept without the blanks around it, so the same reason with blanks changes nothing', () => {
    const [suspended] = decide(
      suspend('2026-12-31', NOW, '  無断欠席が続いたため \u3000'),
      registered().reduce(evolve, initialState()),
    );
    expect(suspended.data).toMatchObject({ reason: '無断欠席が続いたため' });
    given(history(register(), suspend()))
      .when(suspend('2026-12-31', NOW, ' 無断欠席が続いたため '))
      .thenNothing();
  });

  it('R42: after a suspension ended, the same reason suspends again for the new period', () => {
    given(history(register(), suspend('2026-11-30')))
      .when(suspend('2026-12-31', '2026-12-01T00:00:00.000Z'))
      .then([
        { type: 'SeekerSuspended', data: expect.objectContaining({ until: '2026-12-31' }) },
        { type: 'EligibilityChanged', data: expect.objectContaining({ eligible: false, reasons: ['SUSPENDED'] }) },
      ]);
  });

  it('R42: a suspension ending at the instant of the command is refused; one ending a millisecond later is taken', () => {
    const until = (endsAt: string): SeekerCommand => ({
      type: 'SuspendSeeker',
      data: { seekerId: 's1', reason: '理由', until: '2026-11-24', endsAt, decidedBy: 'staff:boss' },
      ...at(NOW),
    });
    given(registered()).when(until(NOW)).thenThrows('SUSPENSION_END_NOT_IN_FUTURE');
    given(registered()).when(until('2026-11-25T01:00:00.001Z')).thenEmits('SeekerSuspended', 'EligibilityChanged');
  });

  it('R42: a reason of 500 characters is taken, one of 501 is refused', () => {
    given(registered())
      .when(suspend('2026-12-31', NOW, 'あ'.repeat(500)))
      .thenEmits('SeekerSuspended', 'EligibilityChanged');
    given(registered())
      .when(suspend('2026-12-31', NOW, 'あ'.repeat(501)))
      .thenThrows('VALIDATION_FAILED');
  });

  it('R42: refuses a suspension without a reason, or one that would already have ended', () => {
    given(registered())
      .when(suspend('2026-12-31', NOW, '  '))
      .thenThrows('VALIDATION_FAILED');
    given(registered()).when(suspend('2026-11-24')).thenThrows('SUSPENSION_END_NOT_IN_FUTURE');
  });

  it('R42: a suspension can be lifted early, but not one that has already ended', () => {
    const lift = (now: string): SeekerCommand => ({
      type: 'LiftSuspension',
      data: { seekerId: 's1', liftedBy: 'staff:boss' },
      ...at(now),
    });
    given(history(register(), suspend()))
      .when(lift('2026-12-01T00:00:00.000Z'))
      .thenEmits('SuspensionLifted', 'EligibilityChanged');
    given(history(register(), suspend())).when(lift('2027-01-01T00:00:00.000Z')).thenThrows('SUSPENSION_NOT_FOUND');
    given(registered()).when(lift(NOW)).thenThrows('SUSPENSION_NOT_FOUND');
    // Someone the roster does not know is an unknown seeker.
    given([]).when(lift(NOW)).thenThrows('SEEKER_NOT_FOUND');
  });

  it('R42: refuses to suspend someone not on the roster', () => {
    given([]).when(suspend()).thenThrows('SEEKER_NOT_FOUND');
  });

  it('R42: a suspension ends at midnight JST after its last day', () => {
    expect(suspensionPeriod('2027-03-31')).toEqual({ until: '2027-03-31', endsAt: '2027-03-31T15:00:00.000Z' });
    expect(suspensionPeriod('2027-04-01T00:00:00+09:00')).toEqual({
      until: '2027-03-31',
      endsAt: '2027-03-31T15:00:00.000Z',
    });
    expect(suspensionPeriod('2027-02-30')).toBeUndefined();
    expect(suspensionPeriod('next week')).toBeUndefined();
  });
});

describe('seeker decider: erasure (R54)', () => {
  const erase: SeekerCommand = {
    type: 'EraseSeeker',
    data: { seekerId: 's1', erasedBy: 'staff:boss', reason: 'request' },
    ...at(NOW),
  };

  it('R54: erasing forgets the sealed data and takes the seeker off the roster', () => {
    const events = history(register(), erase);
    expect(events.map((e) => e.type)).toEqual([
      'SeekerRegistered',
      'EligibilityChanged',
      'SeekerErased',
      'EligibilityChanged',
    ]);
    const state = events.reduce(evolve, initialState());
    expect(state).toMatchObject({ onRoster: false, erased: true, personalData: undefined, contact: undefined });
    expect(events[3].data).toMatchObject({ eligible: false, reasons: ['NOT_REGISTERED'] });
  });

  it('R54: erasing twice is one erasure; erasing nobody is refused', () => {
    given(history(register(), erase)).when(erase).thenNothing();
    given([]).when(erase).thenThrows('SEEKER_NOT_FOUND');
  });

  it('R54: an erased seeker listed again by the office is registered afresh', () => {
    given(history(register(), erase))
      .when(register({ personalData: 'sealed-new' }))
      .thenEmits('SeekerRegistered', 'EligibilityChanged');
  });
});

// Branches the examples above leave open (found by mutation testing).
describe('seeker decider: edges', () => {
  const lift = (now: string, note?: string): SeekerCommand => ({
    type: 'LiftSuspension',
    data: { seekerId: 's1', liftedBy: 'staff:boss', ...(note ? { note } : {}) },
    ...at(now),
  });
  const ENDS = '2026-12-31T15:00:00.000Z';

  it('R40(a): a first roster entry without its sealed personal data is a programming error, not an event', () => {
    expect(() => decide(register({ personalData: undefined }), initialState())).toThrow(/sealed personal data/);
  });

  it('R40(a): a change of office and of personal data together is one update with both and the new standing', () => {
    given(registered())
      .when(register({ officeCode: '13010', personalData: 'sealed-2' }))
      .thenExactly([
        {
          type: 'SeekerUpdated',
          data: { seekerId: 's1', officeCode: '13010', personalData: 'sealed-2', updatedAt: NOW },
        },
        {
          type: 'EligibilityChanged',
          data: {
            seekerId: 's1',
            eligible: true,
            reasons: [],
            officeCode: '13010',
            status: 'registered',
            suspendedUntil: undefined,
            changedAt: NOW,
          },
        },
      ]);
    given(registered())
      .when(register({ status: 'pre_registration_approved', personalData: undefined }))
      .thenExactly([
        { type: 'SeekerUpdated', data: { seekerId: 's1', status: 'pre_registration_approved', updatedAt: NOW } },
        expect.objectContaining({ type: 'EligibilityChanged' }),
      ] as SeekerEvent[]);
  });

  it('R54: a new contact replaces the one kept; the same contact again changes nothing', () => {
    const contact = (sealed: string): SeekerCommand => ({
      type: 'RecordContact',
      data: { seekerId: 's1', contact: sealed },
      ...at(NOW),
    });
    const events = history(register(), contact('sealed-a'));
    given(events).when(contact('sealed-a')).thenNothing();
    given(events)
      .when(contact('sealed-b'))
      .thenExactly([{ type: 'ContactRecorded', data: { seekerId: 's1', contact: 'sealed-b', recordedAt: NOW } }]);
  });

  it('R42: a suspended seeker is not eligible until the end instant; at that instant the suspension has ended by itself', () => {
    const events = history(register(), suspend());
    given(events)
      .when(lift('2026-12-31T14:59:59.999Z', '早期解除'))
      .thenExactly([
        {
          type: 'SuspensionLifted',
          data: { seekerId: 's1', liftedBy: 'staff:boss', note: '早期解除', liftedAt: '2026-12-31T14:59:59.999Z' },
        },
        {
          type: 'EligibilityChanged',
          data: {
            seekerId: 's1',
            eligible: true,
            reasons: [],
            officeCode: '16070',
            status: 'registered',
            suspendedUntil: undefined,
            changedAt: '2026-12-31T14:59:59.999Z',
          },
        },
      ]);
    given(events).when(lift(ENDS)).thenThrows('SUSPENSION_NOT_FOUND');
    const [lifted] = decide(lift('2026-12-01T00:00:00.000Z'), events.reduce(evolve, initialState()));
    expect(lifted.data).not.toHaveProperty('note');
  });

  it('R42: while suspended, the standing names the suspension and its end', () => {
    const [, standing] = decide(suspend(), registered().reduce(evolve, initialState()));
    expect(standing.data).toEqual({
      seekerId: 's1',
      eligible: false,
      reasons: ['SUSPENDED'],
      officeCode: '16070',
      status: 'registered',
      suspendedUntil: ENDS,
      changedAt: NOW,
    });
  });

  it('R42/R54: lifting the suspension of a seeker erased meanwhile records the lift without a standing', () => {
    const erase: SeekerCommand = {
      type: 'EraseSeeker',
      data: { seekerId: 's1', erasedBy: 'staff:boss', reason: 'request' },
      ...at(NOW),
    };
    given(history(register(), suspend(), erase))
      .when(lift('2026-12-01T00:00:00.000Z'))
      .thenEmits('SuspensionLifted');
  });

  it('R19: a no-show of someone not on the roster is counted but raises no review', () => {
    const events = history(noShow('r1', '2026-06-01T01:00:00.000Z'));
    given(events).when(noShow('r2', '2026-06-02T01:00:00.000Z')).thenEmits('NoShowCounted');
  });

  it('R19: a review names the first no-show of the window as its start', () => {
    const events = history(register(), noShow('r1', '2026-06-05T01:00:00.000Z'));
    const [, review] = decide(noShow('r2', '2026-06-01T01:00:00.000Z'), events.reduce(evolve, initialState()));
    expect(review.data).toMatchObject({ since: '2026-06-01T01:00:00.000Z', noShows: 2, reservationId: 'r2' });
  });

  it('R21: a terminated session of someone not on the roster raises no review; the review counts the no-shows in the window', () => {
    const terminated = (reviewId: string): SeekerCommand => ({
      type: 'ReviewTermination',
      data: {
        seekerId: 's1',
        reservationId: 'r9',
        slot: '2026-11-20T01:00:00.000Z',
        reviewId,
        policy: DEFAULT_NO_SHOW_POLICY,
      },
      ...at(NOW),
    });
    given([]).when(terminated('rv-9')).thenNothing();
    given(history(register(), noShow('r1', '2026-11-01T01:00:00.000Z')))
      .when(terminated('rv-9'))
      .thenExactly([
        {
          type: 'NoShowReviewRequested',
          data: {
            seekerId: 's1',
            reviewId: 'rv-9',
            reason: 'terminated',
            noShows: 1,
            since: '2026-11-20T01:00:00.000Z',
            threshold: 2,
            windowDays: 180,
            reservationId: 'r9',
            requestedAt: NOW,
          },
        },
      ]);
  });

  it('R19: a dismissal names the review, who dismissed it and a note when given', () => {
    const events = history(
      register(),
      noShow('r1', '2026-06-01T01:00:00.000Z'),
      noShow('r2', '2026-06-02T01:00:00.000Z'),
    );
    const dismiss = (note?: string): SeekerCommand => ({
      type: 'DismissReview',
      data: { seekerId: 's1', dismissedBy: 'staff:boss', ...(note ? { note } : {}) },
      ...at(NOW),
    });
    given(events)
      .when(dismiss('事情を確認'))
      .thenExactly([
        {
          type: 'NoShowReviewDismissed',
          data: {
            seekerId: 's1',
            reviewId: 'review-r2',
            dismissedBy: 'staff:boss',
            note: '事情を確認',
            dismissedAt: NOW,
          },
        },
      ]);
    expect(decide(dismiss(), events.reduce(evolve, initialState()))[0].data).not.toHaveProperty('note');
  });

  it('R42: a reason that is not text at all is refused as missing, not thrown on', () => {
    const command = suspend() as Extract<SeekerCommand, { type: 'SuspendSeeker' }>;
    given(registered())
      .when({ ...command, data: { ...command.data, reason: undefined as unknown as string } })
      .thenThrows('VALIDATION_FAILED');
  });

  it('R54: a seeker erased is not found, and the refusal says it was erased', () => {
    const erase: SeekerCommand = {
      type: 'EraseSeeker',
      data: { seekerId: 's1', erasedBy: 'staff:boss', reason: 'request' },
      ...at(NOW),
    };
    const thrown = (events: SeekerEvent[]) => {
      try {
        decide(suspend(), events.reduce(evolve, initialState()));
      } catch (error) {
        return error as { code: string; message: string; details: unknown };
      }
      return undefined;
    };
    expect(thrown(history(register(), erase))).toMatchObject({
      code: 'SEEKER_NOT_FOUND',
      message: 'this seeker has been erased',
      details: { erased: true, seekerId: 's1' },
    });
    expect(thrown([])).toMatchObject({
      code: 'SEEKER_NOT_FOUND',
      message: 'no seeker with this job seeker number is on the roster',
      details: { erased: false, seekerId: 's1' },
    });
  });

  it('R42/R19/R54: each refusal names what the screen shows: the field, the period, the seeker', () => {
    const refusal = (events: SeekerEvent[], command: SeekerCommand) => {
      try {
        decide(command, events.reduce(evolve, initialState()));
      } catch (error) {
        return { code: (error as { code: string }).code, details: (error as { details: unknown }).details };
      }
      return undefined;
    };
    expect(refusal(registered(), suspend('2026-12-31', NOW, ' '))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { fields: { reason: ['required, at most 500 characters'] } },
    });
    expect(refusal(registered(), suspend('2026-11-24'))).toEqual({
      code: 'SUSPENSION_END_NOT_IN_FUTURE',
      details: { until: '2026-11-24', endsAt: '2026-11-24T15:00:00.000Z' },
    });
    expect(
      refusal(history(register(), suspend('2026-11-30')), {
        type: 'LiftSuspension',
        data: { seekerId: 's1', liftedBy: 'staff:boss' },
        ...at('2026-12-01T00:00:00.000Z'),
      }),
    ).toEqual({ code: 'SUSPENSION_NOT_FOUND', details: { seekerId: 's1', endedAt: '2026-11-30T15:00:00.000Z' } });
    expect(
      refusal(registered(), {
        type: 'DismissReview',
        data: { seekerId: 's1', dismissedBy: 'staff:boss' },
        ...at(NOW),
      }),
    ).toEqual({ code: 'REVIEW_NOT_FOUND', details: { seekerId: 's1' } });
    expect(
      refusal([], {
        type: 'EraseSeeker',
        data: { seekerId: 's1', erasedBy: 'staff:boss', reason: 'request' },
        ...at(NOW),
      }),
    ).toEqual({ code: 'SEEKER_NOT_FOUND', details: { seekerId: 's1' } });
  });
});
