import { DomainError } from './domain-error';
import {
  decideDisclosure,
  evolveDisclosure,
  initialDisclosureState,
  scopePeriod,
  type DisclosureCommand,
  type DisclosureEvent,
  type DisclosureState,
} from './disclosure.decider';

const now = '2026-12-15T02:00:00.000Z';
const SEEKER = 'd'.repeat(32);
const request = (
  overrides: Partial<Extract<DisclosureCommand, { type: 'RequestDisclosure' }>['data']> = {},
): DisclosureCommand => ({
  type: 'RequestDisclosure',
  metadata: { now },
  data: {
    disclosureId: 'dsc-1',
    authority: '富山県警察本部',
    legalBasis: '刑事訴訟法第197条第2項',
    scope: { seekerId: SEEKER, from: '2026-12-01', to: '2026-12-14' },
    requestedBy: 'staff:sato',
    ...overrides,
  },
});
const approve = (by: string): DisclosureCommand => ({
  type: 'ApproveDisclosure',
  metadata: { now },
  data: { approvedBy: by },
});
const reveal = (): DisclosureCommand => ({
  type: 'RecordReveal',
  metadata: { now },
  data: { revealedTo: 'staff:kato', firstPosition: '3', lastPosition: '9', count: 4 },
});

const given = (...events: DisclosureEvent[]): DisclosureState =>
  events.reduce(evolveDisclosure, initialDisclosureState());
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('disclosure of device data (Art. 7(2))', () => {
  const requested = decideDisclosure(request(), given());

  it('R52: records an authority’s request with its legal basis and scope, by pseudonym', () => {
    expect(requested).toEqual([
      {
        type: 'DisclosureRequested',
        data: {
          disclosureId: 'dsc-1',
          authority: '富山県警察本部',
          legalBasis: '刑事訴訟法第197条第2項',
          scope: { seekerId: SEEKER, from: '2026-12-01', to: '2026-12-14' },
          requestedBy: 'staff:sato',
          requestedAt: now,
        },
      },
    ]);
    expect(given(...requested)).toMatchObject({ status: 'requested' });
  });

  it('R52: a second supervisor approves it', () => {
    const approved = decideDisclosure(approve('staff:kato'), given(...requested));
    expect(approved).toEqual([
      { type: 'DisclosureApproved', data: { disclosureId: 'dsc-1', approvedBy: 'staff:kato', approvedAt: now } },
    ]);
    expect(given(...requested, ...approved)).toMatchObject({
      status: 'approved',
      approval: { approvedBy: 'staff:kato' },
    });
  });

  it('R52: the requester cannot approve their own request (SAME_APPROVER)', () => {
    expect(refusal(() => decideDisclosure(approve('staff:sato'), given(...requested)))).toMatchObject({
      code: 'SAME_APPROVER',
    });
  });

  it('R52: an approval is given once; an unknown disclosure cannot be approved', () => {
    const approved = decideDisclosure(approve('staff:kato'), given(...requested));
    expect(refusal(() => decideDisclosure(approve('staff:ito'), given(...requested, ...approved)))).toMatchObject({
      code: 'DISCLOSURE_ALREADY_APPROVED',
    });
    expect(refusal(() => decideDisclosure(approve('staff:kato'), given()))).toMatchObject({
      code: 'DISCLOSURE_NOT_FOUND',
    });
  });

  it('R52: showing raw data is itself recorded, and only after approval', () => {
    expect(refusal(() => decideDisclosure(reveal(), given(...requested)))).toMatchObject({
      code: 'DISCLOSURE_NOT_APPROVED',
    });
    const approved = decideDisclosure(approve('staff:kato'), given(...requested));
    const revealed = decideDisclosure(reveal(), given(...requested, ...approved));
    expect(revealed).toEqual([
      {
        type: 'DisclosureRecordsRevealed',
        data: {
          disclosureId: 'dsc-1',
          revealedTo: 'staff:kato',
          firstPosition: '3',
          lastPosition: '9',
          count: 4,
          revealedAt: now,
        },
      },
    ]);
    expect(given(...requested, ...approved, ...revealed)).toMatchObject({ revealed: 4 });
  });

  it('R52: a request needs an authority, a legal basis and a past period', () => {
    const fields = (overrides: Parameters<typeof request>[0]) =>
      refusal(() => decideDisclosure(request(overrides), given())).details.fields;
    expect(fields({ authority: '  ', legalBasis: '' })).toEqual({
      authority: [expect.any(String)],
      legalBasis: [expect.any(String)],
    });
    expect(fields({ scope: { from: '2026-12-10', to: '2026-12-01' } })).toEqual({
      'scope.to': [expect.stringContaining('before')],
    });
    expect(fields({ scope: { from: '2026-02-30', to: '2026-12-01' } })).toEqual({ 'scope.from': [expect.any(String)] });
    expect(fields({ scope: { from: '2026-12-01', to: '2026-12-16' } })).toEqual({
      'scope.to': [expect.stringContaining('2026-12-15')],
    });
    expect(refusal(() => decideDisclosure(request(), given(...requested)))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('R52: without a job seeker the scope is the period alone', () => {
    const [event] = decideDisclosure(request({ scope: { from: '2026-12-01', to: '2026-12-01' } }), given());
    expect((event.data as { scope: unknown }).scope).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });

  it('R1: a scope is whole days in Japan time', () => {
    expect(scopePeriod({ from: '2026-12-01', to: '2026-12-02' })).toEqual({
      sinceMs: Date.parse('2026-11-30T15:00:00Z'),
      untilMs: Date.parse('2026-12-02T15:00:00Z'),
    });
  });
});
