// The pure parts of ending a seeker's tokens (issue 9, R42, R54): which events end them,
// from when, which tokens that catches, and the record's id. The store and the bus are in
// seeker-tokens.int.spec.ts.
import type { EventStore, NewEvent, RecordedEvent } from '@soudan/event-store';
import { AppError } from '@soudan/platform';
import type { SeekerPrincipal } from './roles';
import {
  endedBefore,
  endingOf,
  isEnded,
  recordIdFor,
  SEEKER_TOKENS_ENDED,
  SeekerTokenEndings,
  seekerTokensStream,
} from './seeker-token-endings';

const SEEKER_ID = 'ab'.repeat(16);
const T = '2026-12-01T03:00:00.123Z';
const T_MS = Date.parse(T);

const suspended = (data: Record<string, unknown> = {}) => ({
  eventId: 'e-suspended',
  type: 'SeekerSuspended',
  data: {
    seekerId: SEEKER_ID,
    reason: '無断欠席が続いたため',
    until: '2027-01-31',
    endsAt: '2027-01-31T14:59:59.999Z',
    decidedBy: 'staff:sato',
    suspendedAt: T,
    ...data,
  },
});
const erased = (data: Record<string, unknown> = {}) => ({
  eventId: 'e-erased',
  type: 'SeekerErased',
  data: { seekerId: SEEKER_ID, reason: 'request', erasedBy: 'staff:sato', erasedAt: T, ...data },
});
const record = (before: string, type = SEEKER_TOKENS_ENDED) => ({ type, data: { seekerId: SEEKER_ID, before } });

describe('which eligibility events end a seeker’s tokens', () => {
  it('R42: a suspension ends the tokens signed in before its own time', () => {
    expect(endingOf(suspended())).toEqual({
      seekerId: SEEKER_ID,
      before: T,
      cause: 'SeekerSuspended',
      sourceEventId: 'e-suspended',
    });
  });

  it('R54: an erasure ends the tokens signed in before its own time', () => {
    expect(endingOf(erased())).toEqual({
      seekerId: SEEKER_ID,
      before: T,
      cause: 'SeekerErased',
      sourceEventId: 'e-erased',
    });
  });

  it('a lifted suspension, a registration or any other event ends nothing', () => {
    for (const type of ['SuspensionLifted', 'SeekerRegistered', 'EligibilityChanged', 'SeekerUpdated'])
      expect(endingOf({ eventId: 'e', type, data: { seekerId: SEEKER_ID, liftedAt: T } })).toBeUndefined();
  });

  it('an ending event without a seeker or a time cannot be recorded, and says so', () => {
    expect(() => endingOf(suspended({ seekerId: undefined }))).toThrow(/names no seeker/);
    expect(() => endingOf(suspended({ seekerId: '16070-12345678' }))).toThrow(/names no seeker/);
    expect(() => endingOf(erased({ erasedAt: 'yesterday' }))).toThrow(/has no time/);
    expect(() => endingOf({ eventId: 'e', type: 'SeekerErased', data: null })).toThrow(/names no seeker/);
  });

  it('keeps the time to the millisecond, whatever offset it was written with', () => {
    expect(endingOf(suspended({ suspendedAt: '2026-12-01T12:00:00.123+09:00' }))!.before).toBe(T);
  });
});

describe('which tokens an end catches', () => {
  it('the latest end counts; records of another type are not ends', () => {
    expect(endedBefore([])).toBeUndefined();
    expect(endedBefore([record('2026-11-01T00:00:00.000Z'), record(T), record('2026-11-20T00:00:00.000Z')])).toBe(T_MS);
    expect(endedBefore([record('2027-01-01T00:00:00.000Z', 'SomethingElse'), record('not a time')])).toBeUndefined();
  });

  it('a token signed in before the end is ended; one signed in at or after it is not', () => {
    expect(isEnded(T_MS - 1, T_MS)).toBe(true);
    expect(isEnded(T_MS, T_MS)).toBe(false);
    expect(isEnded(T_MS + 1, T_MS)).toBe(false);
    expect(isEnded(T_MS - 1, undefined)).toBe(false);
  });
});

describe('the record’s id', () => {
  it('is the same for the same source event, differs between events, and is shaped like a UUID', () => {
    expect(recordIdFor('e-1')).toBe(recordIdFor('e-1'));
    expect(recordIdFor('e-1')).not.toBe(recordIdFor('e-2'));
    expect(recordIdFor('e-1')).not.toBe('e-1');
    expect(recordIdFor('e-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('SeekerTokenEndings', () => {
  const appended: Array<{ streamId: string; events: NewEvent[]; expected: unknown }> = [];
  const streams = new Map<string, RecordedEvent[]>();
  const reads: string[] = [];
  const store = {
    append: async (streamId: string, events: NewEvent[], expected: unknown) => {
      appended.push({ streamId, events, expected });
      return { nextExpectedRevision: 0, position: 1n };
    },
    readStream: async (streamId: string) => {
      reads.push(streamId);
      return streams.get(streamId) ?? [];
    },
  } as unknown as EventStore;
  const endings = new SeekerTokenEndings(store);
  const principal = (signedInAt?: number): SeekerPrincipal => ({
    kind: 'seeker',
    jobSeekerNumber: '16070-12345678',
    seekerId: SEEKER_ID,
    roles: ['seeker'],
    ...(signedInAt === undefined ? {} : { signedInAt }),
  });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)),
    );

  it('records an end in the seeker’s stream, under the id derived from its source event', async () => {
    await endings.record(endingOf(suspended())!);
    expect(appended).toHaveLength(1);
    expect(appended[0].streamId).toBe(seekerTokensStream(SEEKER_ID));
    expect(appended[0].expected).toBe('any');
    expect(appended[0].events[0]).toMatchObject({
      eventId: recordIdFor('e-suspended'),
      type: SEEKER_TOKENS_ENDED,
      data: { seekerId: SEEKER_ID, before: T, cause: 'SeekerSuspended', sourceEventId: 'e-suspended' },
      metadata: { causationId: 'e-suspended', actor: 'system:gateway', schemaVersion: 1 },
    });
  });

  it('R42, R54: refuses a token signed in before the end with 401 TOKEN_REVOKED, in one read of the seeker’s stream', async () => {
    streams.set(seekerTokensStream(SEEKER_ID), [record(T) as unknown as RecordedEvent]);
    reads.length = 0;
    expect(await codeOf(endings.current(principal(T_MS - 1)))).toBe('401 TOKEN_REVOKED');
    expect(reads).toEqual([seekerTokensStream(SEEKER_ID)]);
    await expect(endings.current(principal(T_MS + 5))).resolves.toEqual(principal(T_MS + 5));
    // A principal that does not say when it signed in is older than any end.
    expect(await codeOf(endings.current(principal()))).toBe('401 TOKEN_REVOKED');
    streams.clear();
    await expect(endings.current(principal())).resolves.toEqual(principal());
  });
});
