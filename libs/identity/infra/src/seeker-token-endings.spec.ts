// Ending a seeker's tokens (issue 9, R42, R54): which events end them, from when, which
// tokens that catches, the record's id, and how a replica follows the records (never
// from a read older than the question). On the real store and bus: seeker-tokens.int.spec.ts.
import type { EventStore, NewEvent, RecordedEvent } from '@soudan/event-store';
import { AppError } from '@soudan/platform';
import { ManualClock } from '@soudan/time';
import type { SeekerPrincipal } from '@soudan/identity-contracts';
import {
  endedBefore,
  endingOf,
  isEnded,
  recordIdFor,
  SEEKER_TOKENS_ENDED,
  SEEKER_TOKENS_STREAM,
  SeekerTokenEndings,
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

/** A store with just what SeekerTokenEndings uses; a read takes its snapshot when called and can be held. */
function fakeStore(options: { countsAppends?: boolean } = {}) {
  const records: RecordedEvent[] = [];
  /** The embedded store's count of appends (PGlite's appendsMade), when it offers one. */
  let appends = 0;
  const appended: Array<{ streamId: string; events: NewEvent[]; expected: unknown }> = [];
  const reads: Array<{ streamId: string; fromRevision?: number; limit?: number }> = [];
  let gate: Promise<void> | undefined;
  let failing = false;
  const store = {
    append: async (streamId: string, events: NewEvent[], expected: unknown) => {
      appended.push({ streamId, events, expected });
      return { nextExpectedRevision: 0, position: 1n };
    },
    readStream: async (streamId: string, options: { fromRevision?: number; limit?: number } = {}) => {
      reads.push({ streamId, ...options });
      if (failing) throw new Error('store down');
      const from = options.fromRevision ?? 0;
      const page = records.filter((r) => r.revision >= from).slice(0, options.limit ?? Infinity);
      await gate;
      return page;
    },
    ...(options.countsAppends ? { appendsMade: () => appends } : {}),
  } as unknown as EventStore;
  return {
    store,
    appended,
    reads,
    /** An end recorded, as the consumer's append leaves it. */
    add(seekerId: string, before: string) {
      records.push({
        type: SEEKER_TOKENS_ENDED,
        data: { seekerId, before, cause: 'SeekerSuspended', sourceEventId: `e${records.length}` },
        revision: records.length,
      } as unknown as RecordedEvent);
      appends += 1;
    },
    /** An append to another stream of the store (an access record batch, a sign-in link). */
    appendElsewhere() {
      appends += 1;
    },
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    set failing(value: boolean) {
      failing = value;
    },
  };
}

describe('SeekerTokenEndings', () => {
  const principal = (signedInAt?: number, seekerId = SEEKER_ID): SeekerPrincipal => ({
    kind: 'seeker',
    jobSeekerNumber: '16070-12345678',
    seekerId,
    roles: ['seeker'],
    ...(signedInAt === undefined ? {} : { signedInAt }),
  });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: unknown) => (e instanceof AppError ? `${e.status} ${e.code}` : String(e)),
    );

  it('records an end in the stream of ends, under the id derived from its source event', async () => {
    const fake = fakeStore();
    await new SeekerTokenEndings(fake.store).record(endingOf(suspended())!);
    expect(fake.appended).toHaveLength(1);
    expect(fake.appended[0].streamId).toBe(SEEKER_TOKENS_STREAM);
    expect(fake.appended[0].expected).toBe('any');
    expect(fake.appended[0].events[0]).toMatchObject({
      eventId: recordIdFor('e-suspended'),
      type: SEEKER_TOKENS_ENDED,
      data: { seekerId: SEEKER_ID, before: T, cause: 'SeekerSuspended', sourceEventId: 'e-suspended' },
      metadata: { causationId: 'e-suspended', actor: 'system:gateway', schemaVersion: 1 },
    });
  });

  it('R42, R54: refuses a token signed in before the end with 401 TOKEN_REVOKED; later ones and other seekers pass', async () => {
    const fake = fakeStore();
    const endings = new SeekerTokenEndings(fake.store);
    await expect(endings.current(principal(T_MS - 1))).resolves.toEqual(principal(T_MS - 1));
    fake.add(SEEKER_ID, T);
    expect(await codeOf(endings.current(principal(T_MS - 1)))).toBe('401 TOKEN_REVOKED');
    await expect(endings.current(principal(T_MS + 5))).resolves.toEqual(principal(T_MS + 5));
    await expect(endings.current(principal(T_MS - 1, 'cd'.repeat(16)))).resolves.toBeDefined();
    // A principal that does not say when it signed in is older than any end.
    expect(await codeOf(endings.current(principal()))).toBe('401 TOKEN_REVOKED');
    // An earlier end read later does not move the latest one back.
    fake.add(SEEKER_ID, '2026-11-01T00:00:00.000Z');
    expect(await endings.endedAt(SEEKER_ID)).toBe(T_MS);
    // Each look reads only what is new since the last one.
    expect(fake.reads.map((r) => r.fromRevision)).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('never answers from a read that began before the call: callers arriving during a read share the next one', async () => {
    const fake = fakeStore();
    const endings = new SeekerTokenEndings(fake.store);
    const release = fake.hold();
    const first = endings.endedAt(SEEKER_ID);
    await Promise.resolve();
    // Recorded while the first read is under way (after its snapshot): those who ask now must see it.
    fake.add(SEEKER_ID, T);
    const later = [endings.endedAt(SEEKER_ID), endings.endedAt(SEEKER_ID), endings.endedAt(SEEKER_ID)];
    release();
    expect(await first).toBeUndefined();
    expect(await Promise.all(later)).toEqual([T_MS, T_MS, T_MS]);
    expect(fake.reads).toHaveLength(2);
  });

  it('a failed read fails the calls that waited for it (the guard answers 503), and the next call reads again', async () => {
    const fake = fakeStore();
    const endings = new SeekerTokenEndings(fake.store);
    fake.add(SEEKER_ID, T);
    fake.failing = true;
    await expect(endings.endedAt(SEEKER_ID)).rejects.toThrow('store down');
    fake.failing = false;
    expect(await endings.endedAt(SEEKER_ID)).toBe(T_MS);
  });

  it('catches up page by page, and forgets ends older than any credential still alive', async () => {
    const fake = fakeStore();
    const clock = new ManualClock('2026-12-01T04:00:00.000Z');
    const endings = new SeekerTokenEndings(fake.store, { clock, forgetAfterMs: 60 * 60_000 });
    for (let i = 0; i < 2500; i++) fake.add(i.toString(16).padStart(32, '0'), '2026-12-01T00:00:00.000Z');
    fake.add(SEEKER_ID, T);
    expect(await endings.endedAt(SEEKER_ID)).toBe(T_MS);
    expect(await endings.endedAt('0'.repeat(32))).toBeUndefined();
    expect(fake.reads.map((r) => [r.fromRevision, r.limit])).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 1000],
      [2501, 1000],
    ]);
    // An hour on, the end at 03:00 can no longer end a live token either.
    clock.advance(61 * 60_000);
    expect(await endings.endedAt(SEEKER_ID)).toBeUndefined();
  });

  describe('on the embedded store, which counts its appends (appendsMade)', () => {
    it('does not read again while nothing was appended since the last read began', async () => {
      const fake = fakeStore({ countsAppends: true });
      const endings = new SeekerTokenEndings(fake.store);
      fake.add(SEEKER_ID, T);
      for (let i = 0; i < 20; i++) expect(await endings.endedAt(SEEKER_ID)).toBe(T_MS);
      expect(fake.reads).toHaveLength(1);
    });

    it('R42: an end recorded after a read is seen by the next call; so is any append moving the count', async () => {
      const fake = fakeStore({ countsAppends: true });
      const endings = new SeekerTokenEndings(fake.store);
      await expect(endings.current(principal(T_MS - 1))).resolves.toBeDefined();
      fake.add(SEEKER_ID, T);
      expect(await codeOf(endings.current(principal(T_MS - 1)))).toBe('401 TOKEN_REVOKED');
      expect(fake.reads).toHaveLength(2);
      fake.appendElsewhere();
      await endings.endedAt(SEEKER_ID);
      expect(fake.reads).toHaveLength(3);
    });

    it('callers during a read share it while nothing is appended; after an append they wait for the next read', async () => {
      const fake = fakeStore({ countsAppends: true });
      const endings = new SeekerTokenEndings(fake.store);
      const release = fake.hold();
      const first = endings.endedAt(SEEKER_ID);
      const sharing = [endings.endedAt(SEEKER_ID), endings.endedAt(SEEKER_ID)];
      await Promise.resolve();
      // Recorded while the read is under way, after its snapshot: the read cannot show it.
      fake.add(SEEKER_ID, T);
      const later = [endings.endedAt(SEEKER_ID), endings.endedAt(SEEKER_ID)];
      release();
      expect(await first).toBeUndefined();
      expect(await Promise.all(sharing)).toEqual([undefined, undefined]);
      expect(await Promise.all(later)).toEqual([T_MS, T_MS]);
      expect(fake.reads).toHaveLength(2);
    });

    it('a failed read is not taken as a read: the next call reads again', async () => {
      const fake = fakeStore({ countsAppends: true });
      const endings = new SeekerTokenEndings(fake.store);
      fake.add(SEEKER_ID, T);
      fake.failing = true;
      await expect(endings.endedAt(SEEKER_ID)).rejects.toThrow('store down');
      await expect(endings.endedAt(SEEKER_ID)).rejects.toThrow('store down');
      fake.failing = false;
      expect(await endings.endedAt(SEEKER_ID)).toBe(T_MS);
      expect(fake.reads).toHaveLength(3);
    });
  });
});
