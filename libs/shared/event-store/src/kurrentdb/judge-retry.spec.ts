// The KurrentDB adapter's retry judgement, without a server (none runs here): what it
// decides once it has found the stream's copies of an append's ids.
import { contentHash } from '../content-hash';
import { DuplicateEventIdError, type NewEvent } from '../event-store.port';
import { eventIdToUuid } from './event-id-uuid';
import { judgeRetry, type StoredCopy } from './kurrent-event-store';

const event = (eventId: string, data: unknown): NewEvent => ({
  eventId,
  type: 'ReservationConfirmed',
  data,
  metadata: { correlationId: 'c', schemaVersion: 1 },
});
const copy = (e: NewEvent, revision: number, hash = contentHash(e.type, e.data)): StoredCopy => ({
  uuid: eventIdToUuid(e.eventId),
  revision: BigInt(revision),
  position: BigInt(100 + revision),
  contentHash: hash,
});

describe('KurrentDB adapter: an id that comes again', () => {
  it('answers a whole retry with the same content as the first append did', () => {
    const a = event('r1:a', { slot: 'S1' });
    const b = event('r1:b', { n: 1 });
    expect(judgeRetry([a, b], [copy(b, 4), copy(a, 3)])).toEqual({ nextExpectedRevision: 4, position: 104n });
  });

  it('refuses the same id with other data (a different decision) with DuplicateEventIdError', () => {
    const stored = event('r1:a', { slot: 'S1' });
    const other = event('r1:a', { slot: 'S2' });
    expect(() => judgeRetry([other], [copy(stored, 3)])).toThrow(DuplicateEventIdError);
  });

  it('refuses a batch of which only part is stored', () => {
    const a = event('r1:a', { slot: 'S1' });
    expect(() => judgeRetry([a, event('r1:b', {})], [copy(a, 3)])).toThrow(DuplicateEventIdError);
  });

  it('takes events written before hashes were kept as the same, and no copy as no retry', () => {
    const a = event('r1:a', { slot: 'S1' });
    expect(judgeRetry([a], [{ ...copy(a, 0), contentHash: undefined }])).toEqual({
      nextExpectedRevision: 0,
      position: 100n,
    });
    expect(judgeRetry([a], [])).toBeUndefined();
  });
});
