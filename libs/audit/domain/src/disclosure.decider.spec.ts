import { DomainError } from './domain-error';
import {
  AUTHORITY_MAX_LENGTH,
  decideDisclosure,
  disclosureDecider,
  evolveDisclosure,
  initialDisclosureState,
  LEGAL_BASIS_MAX_LENGTH,
  scopePeriod,
  scopeProblems,
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

  it('R52: approvals and reveals of a disclosure never requested change nothing; reveals add up', () => {
    const approvedEvent: DisclosureEvent = {
      type: 'DisclosureApproved',
      data: { disclosureId: 'dsc-1', approvedBy: 'staff:kato', approvedAt: now },
    };
    const revealedEvent = (count: number): DisclosureEvent => ({
      type: 'DisclosureRecordsRevealed',
      data: {
        disclosureId: 'dsc-1',
        revealedTo: 'staff:kato',
        firstPosition: '1',
        lastPosition: '2',
        count,
        revealedAt: now,
      },
    });
    expect(given(approvedEvent, revealedEvent(2))).toEqual({ status: 'none' });
    expect(given(...requested, approvedEvent, revealedEvent(2), revealedEvent(3))).toMatchObject({
      status: 'approved',
      revealed: 5,
    });
  });

  it('R52: nothing of a disclosure never requested can be revealed', () => {
    expect(refusal(() => decideDisclosure(reveal(), given()))).toMatchObject({ code: 'DISCLOSURE_NOT_FOUND' });
  });

  it('R52: a refused approval names who requested, or who already approved and when', () => {
    expect(refusal(() => decideDisclosure(approve('staff:sato'), given(...requested))).details).toEqual({
      requestedBy: 'staff:sato',
    });
    const approved = decideDisclosure(approve('staff:kato'), given(...requested));
    expect(refusal(() => decideDisclosure(approve('staff:ito'), given(...requested, ...approved))).details).toEqual({
      approvedBy: 'staff:kato',
      approvedAt: now,
    });
    expect(refusal(() => decideDisclosure(request(), given(...requested))).details).toEqual({ status: 'requested' });
  });

  it('R52: authority and legal basis are kept trimmed, up to their longest length', () => {
    const [event] = decideDisclosure(
      request({ authority: ' 富山県警察本部 ', legalBasis: `${'法'.repeat(LEGAL_BASIS_MAX_LENGTH)}\n` }),
      given(),
    );
    expect(event.data).toMatchObject({ authority: '富山県警察本部', legalBasis: '法'.repeat(LEGAL_BASIS_MAX_LENGTH) });
    const fields = (overrides: Parameters<typeof request>[0]) =>
      Object.keys(refusal(() => decideDisclosure(request(overrides), given())).details.fields as object);
    expect(fields({ authority: 'a'.repeat(AUTHORITY_MAX_LENGTH + 1) })).toEqual(['authority']);
    expect(fields({ legalBasis: 'a'.repeat(LEGAL_BASIS_MAX_LENGTH + 1) })).toEqual(['legalBasis']);
    expect(fields({ authority: 42 as unknown as string })).toEqual(['authority']);
    expect(decideDisclosure(request({ authority: 'a'.repeat(AUTHORITY_MAX_LENGTH) }), given())).toHaveLength(1);
  });

  it('R74: a scope keeps the office it names', () => {
    const [event] = decideDisclosure(
      request({ scope: { from: '2026-12-01', to: '2026-12-02', office: '16070' } }),
      given(),
    );
    expect((event.data as { scope: unknown }).scope).toEqual({ from: '2026-12-01', to: '2026-12-02', office: '16070' });
  });

  it('R52: a scope is two calendar dates, the last one today at the latest (Japan time)', () => {
    const today = '2026-12-15';
    expect(scopeProblems({ from: '2026-12-01', to: today }, now)).toEqual({});
    // 23:30 on 14 Dec UTC is already the 15th in Japan.
    expect(scopeProblems({ from: '2026-12-01', to: today }, '2026-12-14T15:30:00.000Z')).toEqual({});
    expect(Object.keys(scopeProblems({ from: '2026-12-01', to: today }, '2026-12-14T14:30:00.000Z'))).toEqual([
      'scope.to',
    ]);
    // Not text, not YYYY-MM-DD (a month or a year alone parses as a date), not a real day.
    const bads = [undefined, 20261201, ['2026-12-01'], '2026-12', '2026', '2026-12-1', '2026-13-01', '2026-00-10'];
    // Around the date, nothing either: not even a year beyond 9999 as the ISO format writes it.
    bads.push(' 2026-12-01', '2026-12-01 ', '+012026-12-01', '2026-12-01T00:00');
    for (const bad of bads) {
      expect(scopeProblems({ from: bad, to: today }, now)).toEqual({ 'scope.from': [expect.any(String)] });
      expect(scopeProblems({ from: '2026-12-01', to: bad }, now)).toEqual({ 'scope.to': [expect.any(String)] });
    }
    expect(Object.keys(scopeProblems({ from: 'x', to: 'y' }, now))).toEqual(['scope.from', 'scope.to']);
  });

  it('is one decider: initial state, evolve and decide', () => {
    expect(disclosureDecider).toEqual({
      initialState: initialDisclosureState,
      evolve: evolveDisclosure,
      decide: decideDisclosure,
    });
    const unknownEvent = { type: 'Other', data: {} } as unknown as DisclosureEvent;
    expect(given(...requested, unknownEvent)).toEqual(given(...requested));
  });

  it('refuses a command it does not know', () => {
    expect(() =>
      decideDisclosure({ type: 'Other', metadata: { now } } as unknown as DisclosureCommand, given()),
    ).toThrow(/unknown command/);
  });
});
