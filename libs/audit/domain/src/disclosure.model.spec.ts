// Model-based test of the disclosure decider (R52, Art. 7(2)): random sequences of
// requests, approvals and reveals by random officers, with the clock moving, against a
// model of the rule: requested once, approved once by a second person, revealed only
// after that, every step recorded with its time.
import fc from 'fast-check';
import { propertyRuns } from '@soudan/testing/property';
import { DomainError } from './domain-error';
import {
  decideDisclosure,
  evolveDisclosure,
  initialDisclosureState,
  scopePeriod,
  type DisclosureCommand,
  type DisclosureEvent,
} from './disclosure.decider';

const DAY = 86_400_000;
const START = Date.parse('2026-12-15T02:00:00.000Z');
const OFFICERS = ['staff:sato', 'staff:kato', 'staff:ito'];
const date = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);

type Step =
  | { kind: 'clock'; ms: number }
  | { kind: 'request'; by: string; authority: string; legalBasis: string; fromDaysAgo: number; toDaysAgo: number }
  | { kind: 'approve'; by: string }
  | { kind: 'reveal'; count: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('clock' as const), ms: fc.integer({ min: 1, max: 3 * DAY }) }),
  fc.record({
    kind: fc.constant('request' as const),
    by: fc.constantFrom(...OFFICERS),
    authority: fc.constantFrom('富山県警察本部', '  ', 'a'.repeat(200), 'a'.repeat(201)),
    legalBasis: fc.constantFrom('刑事訴訟法第197条第2項', '', 'b'.repeat(500), 'b'.repeat(501)),
    fromDaysAgo: fc.integer({ min: -2, max: 40 }),
    toDaysAgo: fc.integer({ min: -2, max: 40 }),
  }),
  { arbitrary: fc.record({ kind: fc.constant('approve' as const), by: fc.constantFrom(...OFFICERS) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reveal' as const), count: fc.integer({ min: 0, max: 50 }) }), weight: 2 },
);

interface Model {
  now: number;
  status: 'none' | 'requested' | 'approved';
  requestedBy?: string;
  revealed: number;
}

function expected(m: Model, s: Step): { types: string[] } | { error: string } {
  switch (s.kind) {
    case 'clock':
      return { types: [] };
    case 'request': {
      if (m.status !== 'none') return { error: 'INVALID_STATE' };
      const today = date(m.now);
      const [from, to] = [date(m.now - s.fromDaysAgo * DAY), date(m.now - s.toDaysAgo * DAY)];
      const text = (t: string, max: number) => t.trim() !== '' && t.trim().length <= max;
      if (!text(s.authority, 200) || !text(s.legalBasis, 500) || from > to || to > today)
        return { error: 'VALIDATION_FAILED' };
      Object.assign(m, { status: 'requested', requestedBy: s.by });
      return { types: ['DisclosureRequested'] };
    }
    case 'approve':
      if (m.status === 'none') return { error: 'DISCLOSURE_NOT_FOUND' };
      if (m.status === 'approved') return { error: 'DISCLOSURE_ALREADY_APPROVED' };
      if (s.by === m.requestedBy) return { error: 'SAME_APPROVER' };
      m.status = 'approved';
      return { types: ['DisclosureApproved'] };
    case 'reveal':
      if (m.status === 'none') return { error: 'DISCLOSURE_NOT_FOUND' };
      if (m.status !== 'approved') return { error: 'DISCLOSURE_NOT_APPROVED' };
      m.revealed += s.count;
      return { types: ['DisclosureRecordsRevealed'] };
  }
}

function command(m: Model, s: Exclude<Step, { kind: 'clock' }>): DisclosureCommand {
  const metadata = { now: new Date(m.now).toISOString() };
  if (s.kind === 'approve') return { type: 'ApproveDisclosure', metadata, data: { approvedBy: s.by } };
  if (s.kind === 'reveal')
    return {
      type: 'RecordReveal',
      metadata,
      data: {
        revealedTo: 'staff:kato',
        firstPosition: s.count ? '1' : null,
        lastPosition: s.count ? '9' : null,
        count: s.count,
      },
    };
  const scope = {
    seekerId: 'd'.repeat(32),
    from: date(m.now - s.fromDaysAgo * DAY),
    to: date(m.now - s.toDaysAgo * DAY),
  };
  return {
    type: 'RequestDisclosure',
    metadata,
    data: { disclosureId: 'dsc-1', authority: s.authority, legalBasis: s.legalBasis, scope, requestedBy: s.by },
  };
}

describe('disclosure decider against a model (R52)', () => {
  it('R52 model: requested once, approved once by another officer, revealed only once approved, each step timed', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), (steps) => {
        const m: Model = { now: START, status: 'none', revealed: 0 };
        let state = initialDisclosureState();
        const history: DisclosureEvent[] = [];
        for (const s of steps) {
          if (s.kind === 'clock') {
            m.now += s.ms;
            continue;
          }
          const want = expected(m, s);
          let got: { types: string[] } | { error: string };
          let events: DisclosureEvent[] = [];
          try {
            events = decideDisclosure(command(m, s), state);
            got = { types: events.map((e) => e.type) };
          } catch (error) {
            got = { error: error instanceof DomainError ? error.code : String(error) };
          }
          expect({ step: s, got }).toEqual({ step: s, got: want });
          state = events.reduce(evolveDisclosure, state);
          history.push(...events);
          for (const event of events) {
            const at =
              'requestedAt' in event.data
                ? event.data.requestedAt
                : 'approvedAt' in event.data
                  ? event.data.approvedAt
                  : event.data.revealedAt;
            expect(at).toBe(new Date(m.now).toISOString());
          }
          // The state says what the model says; the approval names its officer, never the requester.
          expect(state.status).toBe(m.status);
          if (state.status !== 'none') {
            expect(state.revealed).toBe(m.revealed);
            expect(state.request.requestedBy).toBe(m.requestedBy);
            if (state.status === 'approved') expect(state.approval?.approvedBy).not.toBe(m.requestedBy);
          }
        }
        // Nothing is revealed before an approval is on record.
        const firstReveal = history.findIndex((e) => e.type === 'DisclosureRecordsRevealed');
        const approval = history.findIndex((e) => e.type === 'DisclosureApproved');
        if (firstReveal >= 0) expect(approval).toBeGreaterThanOrEqual(0);
        if (firstReveal >= 0) expect(approval).toBeLessThan(firstReveal);
      }),
      propertyRuns(400),
    );
  });

  it('R52 model: events of a disclosure nobody requested change nothing, and unknown events are ignored', () => {
    const none = initialDisclosureState();
    const approved: DisclosureEvent = {
      type: 'DisclosureApproved',
      data: { disclosureId: 'x', approvedBy: 'staff:kato', approvedAt: '2026-12-15T02:00:00.000Z' },
    };
    const revealed: DisclosureEvent = {
      type: 'DisclosureRecordsRevealed',
      data: {
        disclosureId: 'x',
        revealedTo: 'staff:kato',
        firstPosition: null,
        lastPosition: null,
        count: 3,
        revealedAt: '2026-12-15T02:00:00.000Z',
      },
    };
    expect(evolveDisclosure(none, approved)).toEqual(none);
    expect(evolveDisclosure(none, revealed)).toEqual(none);
    expect(evolveDisclosure(none, { type: 'DisclosureWithdrawn', data: {} } as unknown as DisclosureEvent)).toEqual(
      none,
    );
  });

  it('R52: a scope covers its first day from 00:00 to the end of its last day, Japan time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 60 }), (start, length) => {
        const from = date(Date.UTC(2020, 0, 1) + start * DAY);
        const to = date(Date.UTC(2020, 0, 1) + (start + length) * DAY);
        const { sinceMs, untilMs } = scopePeriod({ from, to });
        expect(date(sinceMs)).toBe(from);
        expect(date(sinceMs - 1)).not.toBe(from);
        expect(date(untilMs - 1)).toBe(to);
        expect(date(untilMs)).not.toBe(to);
      }),
      propertyRuns(100),
    );
  });
});
