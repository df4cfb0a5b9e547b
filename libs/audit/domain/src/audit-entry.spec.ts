import { auditedEventOf, deviceDataOf, subjectOf, type SourceEvent } from './audit-entry';

const SEEKER = '0123456789abcdef0123456789abcdef';

const source = (overrides: Partial<SourceEvent> = {}): SourceEvent => ({
  eventId: 'e-1',
  context: 'scheduling',
  streamId: 'reservation-r-1',
  type: 'ReservationRequested',
  revision: 4,
  position: '1234',
  recordedAt: '2026-12-01T00:00:00.000Z',
  data: { seekerId: SEEKER },
  metadata: { correlationId: 'c-1' },
  ...overrides,
});

describe('the audit record of an event (R50, R51)', () => {
  it('R50/R51: copies the event with where it came from, its category and its purpose', () => {
    expect(auditedEventOf(source())).toEqual({
      sourceEventId: 'e-1',
      context: 'scheduling',
      stream: 'reservation-r-1',
      type: 'ReservationRequested',
      revision: 4,
      sourcePosition: '1234',
      at: '2026-12-01T00:00:00.000Z',
      category: 'reservation',
      purpose: 'operations',
      data: { seekerId: SEEKER },
      metadata: { correlationId: 'c-1' },
    });
  });

  it('R51: the category follows the context and the type', () => {
    expect(auditedEventOf(source({ context: 'gateway', type: 'ApiAccessed' })).category).toBe('access');
    expect(auditedEventOf(source({ type: 'TermsPublished' })).category).toBe('terms');
  });
});

describe('whom an audit record is about (R52, R54)', () => {
  const entry = (data: unknown, context = 'scheduling', stream = 'reservation-r-1') => ({
    context,
    stream,
    type: 'Something',
    data,
  });

  it("R54: a record naming a seeker's pseudonymous id is about that seeker", () => {
    expect(subjectOf(entry({ seekerId: SEEKER }))).toBe(SEEKER);
  });

  it('R54: an id that is not a pseudonym (a name, a short id, upper case, longer) is no subject', () => {
    for (const seekerId of ['seeker-a', SEEKER.slice(1), SEEKER.toUpperCase(), `${SEEKER}0`, `x${SEEKER}`, 42])
      expect(subjectOf(entry({ seekerId }))).toBeUndefined();
  });

  it('R52: an access record is about the seeker who made the request, and about nobody when staff made it', () => {
    expect(subjectOf(entry({ principal: { kind: 'seeker', seekerId: 'any-id' }, seekerId: SEEKER }, 'gateway'))).toBe(
      'any-id',
    );
    expect(
      subjectOf(entry({ principal: { kind: 'staff', staffId: 'staff:sato' }, seekerId: SEEKER }, 'gateway')),
    ).toBeUndefined();
    expect(subjectOf(entry({ principal: { kind: 'seeker' } }, 'gateway'))).toBeUndefined();
    // Only a seeker principal makes the record someone's, whatever else a principal carries.
    expect(subjectOf(entry({ principal: { kind: 'staff', seekerId: SEEKER } }, 'gateway'))).toBeUndefined();
    expect(subjectOf(entry({ principal: { kind: 'anonymous', seekerId: SEEKER } }, 'gateway'))).toBeUndefined();
    expect(subjectOf(entry({ principal: { kind: 'seeker', seekerId: 7 } }, 'gateway'))).toBeUndefined();
  });

  it('R54: a principal that is not an object does not hide the seeker id beside it', () => {
    expect(subjectOf(entry({ principal: 'seeker', seekerId: SEEKER }))).toBe(SEEKER);
    expect(subjectOf(entry({ principal: ['seeker'], seekerId: SEEKER }))).toBe(SEEKER);
    expect(subjectOf(entry({ principal: null, seekerId: SEEKER }))).toBe(SEEKER);
  });

  it('R54: an eligibility record without the id in its data is about the seeker whose stream it is in', () => {
    expect(subjectOf(entry({}, 'eligibility', `seeker-${SEEKER}`))).toBe(SEEKER);
    expect(subjectOf(entry(undefined, 'eligibility', `seeker-${SEEKER}`))).toBe(SEEKER);
    expect(subjectOf(entry({}, 'eligibility', 'seeker-someone'))).toBeUndefined();
    expect(subjectOf(entry({}, 'eligibility', `roster-${SEEKER}`))).toBeUndefined();
    expect(subjectOf(entry({}, 'eligibility', `x-seeker-${SEEKER}`))).toBeUndefined();
    expect(subjectOf(entry({}, 'scheduling', `seeker-${SEEKER}`))).toBeUndefined();
  });

  it('R54: data that is not an object names nobody', () => {
    for (const data of [null, 'text', [SEEKER], 3]) expect(subjectOf(entry(data))).toBeUndefined();
  });
});

describe('the device data a record carries (R52)', () => {
  it('R52: the pseudonyms and the sealed raw values, as the event carries them', () => {
    const device = { ip: 'ip-pseudonym', userAgent: 'ua-pseudonym', sealed: { iv: 'x', data: 'y' } };
    expect(deviceDataOf({ device })).toEqual(device);
    expect(deviceDataOf({ device: { sealed: '{"iv":"x"}' } })).toEqual({ sealed: '{"iv":"x"}' });
  });

  it('R52: without sealed raw values there is no device data to disclose', () => {
    expect(deviceDataOf({ device: { ip: 'ip-pseudonym' } })).toBeUndefined();
    expect(deviceDataOf({ device: { ip: 'ip-pseudonym', sealed: null } })).toBeUndefined();
    expect(deviceDataOf({ device: 'sealed' })).toBeUndefined();
    expect(deviceDataOf({ device: [{ sealed: 'x' }] })).toBeUndefined();
    expect(deviceDataOf({})).toBeUndefined();
    expect(deviceDataOf(undefined)).toBeUndefined();
    expect(deviceDataOf([{ device: { sealed: 'x' } }])).toBeUndefined();
  });

  it('R52: a sealed value that is falsy but present is still device data', () => {
    expect(deviceDataOf({ device: { sealed: '' } })).toEqual({ sealed: '' });
    expect(deviceDataOf({ device: { sealed: 0 } })).toEqual({ sealed: 0 });
  });
});
