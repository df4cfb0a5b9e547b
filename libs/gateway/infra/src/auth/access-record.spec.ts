import type { EventStore, ExpectedRevision, NewEvent } from '@soudan/event-store';
import { AccessRecorder, outcomeOf, type AccessInput, type AccessRecordedV1, type AccessRecordsDroppedV1 } from './access-record';
import { quietLogger } from './testing/harness';

/** Records appends; `down` makes them fail like a store that cannot be reached. */
class FakeStore {
  appends: Array<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }> = [];
  down = false;
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision) {
    if (this.down) throw Object.assign(new Error('store down'), { code: 'STORE_UNAVAILABLE' });
    this.appends.push({ stream, events, expected });
    return { nextExpectedRevision: 0, position: 0n };
  }
  get events() {
    return this.appends.flatMap((a) => a.events);
  }
}

const keys = { encryptionKey: Buffer.alloc(32, 1), pseudonymKey: Buffer.alloc(32, 2) };
const access = (overrides: Partial<AccessInput> = {}): AccessInput => ({
  at: new Date('2026-12-01T01:00:00Z'),
  method: 'GET',
  route: '/api/v1/reservations/:id',
  path: '/api/v1/reservations/abc',
  params: { id: 'abc' },
  status: 200,
  durationMs: 1.23,
  ip: '198.51.100.1',
  userAgent: 'UA',
  ...overrides,
});

describe('access recorder (R50)', () => {
  it('classifies outcomes', () => {
    expect([200, 302, 401, 403, 429, 400, 404, 503].map(outcomeOf)).toEqual(['allowed', 'allowed', 'refused', 'refused', 'refused', 'invalid', 'invalid', 'failed']);
  });

  it('appends in batches, one stream per UTC day, without an expected revision (order does not matter)', async () => {
    const store = new FakeStore();
    const recorder = new AccessRecorder(store as unknown as EventStore, keys, quietLogger(), { flushIntervalMs: 10_000, maxBatch: 100 });
    for (let i = 0; i < 250; i++) recorder.record(access({ at: new Date(i < 200 ? '2026-12-01T23:59:00Z' : '2026-12-02T00:01:00Z') }));
    await recorder.close();
    expect(store.events).toHaveLength(250);
    expect(store.appends.length).toBeLessThanOrEqual(4);
    expect(new Set(store.appends.map((a) => a.stream))).toEqual(new Set(['access-2026-12-01', 'access-2026-12-02']));
    expect(store.appends.every((a) => a.expected === 'any')).toBe(true);
  });

  it('keeps records while the store is down and appends them when it is back', async () => {
    const store = new FakeStore();
    const recorder = new AccessRecorder(store as unknown as EventStore, keys, quietLogger(), { flushIntervalMs: 5 });
    store.down = true;
    for (let i = 0; i < 10; i++) recorder.record(access());
    await recorder.flush();
    expect(store.events).toHaveLength(0);
    store.down = false;
    await recorder.close();
    expect(store.events).toHaveLength(10);
  });

  it('drops the oldest beyond its bound while the store is down, and says so in the record', async () => {
    const store = new FakeStore();
    const recorder = new AccessRecorder(store as unknown as EventStore, keys, quietLogger(), { flushIntervalMs: 10_000, maxBuffered: 5 });
    store.down = true;
    for (let i = 0; i < 8; i++) recorder.record(access({ at: new Date(Date.UTC(2026, 11, 1, 1, i)) }));
    store.down = false;
    await recorder.close();
    const dropped = store.events.find((e) => e.type === 'AccessRecordsDropped')!.data as AccessRecordsDroppedV1;
    expect(dropped).toEqual({ count: 3, from: '2026-12-01T01:00:00.000Z', to: '2026-12-01T01:02:00.000Z' });
    expect(store.events.filter((e) => e.type === 'AccessRecorded')).toHaveLength(5);
  });

  it('hashes secret route parameters and names seekers by pseudonym, never by number', () => {
    const recorder = new AccessRecorder(new FakeStore() as unknown as EventStore, keys, quietLogger());
    const data: AccessRecordedV1 = recorder.toEvent(
      access({ route: '/join/:token', params: { token: 'meeting-secret' }, principal: { kind: 'seeker', jobSeekerNumber: '16070-12345678', seekerId: 'skr_1', roles: ['seeker'] } }),
    );
    expect(data.params.token).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(data.principal).toEqual({ kind: 'seeker', seekerId: 'skr_1' });
    expect(JSON.stringify(data)).not.toContain('16070-12345678');
    expect(JSON.stringify(data)).not.toContain('meeting-secret');
    const staffView = recorder.toEvent(access({ route: '/api/v1/staff/seekers/:no', params: { no: '16070-12345678' } }));
    expect(staffView.params.no).toMatch(/^seeker:[0-9a-f]{32}$/);
    expect(recorder.toEvent(access({ params: { no: '１６０７０－１２３４５６７８' } })).params.no).toBe(staffView.params.no);
  });
});
