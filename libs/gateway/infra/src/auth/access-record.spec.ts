import type { EventStore, ExpectedRevision, NewEvent } from '@soudan/event-store';
import { DeviceDataSealer } from '../device-data/device-data-sealer';
import { InMemoryDeviceKeyTable } from '../device-data/device-key-table';
import {
  AccessRecorder,
  DEVICE_DATA_KID,
  outcomeOf,
  type AccessInput,
  type AccessRecordedV1,
  type AccessRecordsDroppedV1,
} from './access-record';
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
const sealerOn = (table = new InMemoryDeviceKeyTable()) => new DeviceDataSealer(async () => table, keys);
const recorderOn = (store: FakeStore, options = {}, sealer = sealerOn()) =>
  new AccessRecorder(store as unknown as EventStore, sealer, keys, quietLogger(), options);
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
    expect([200, 302, 401, 403, 429, 400, 404, 503].map(outcomeOf)).toEqual([
      'allowed',
      'allowed',
      'refused',
      'refused',
      'refused',
      'invalid',
      'invalid',
      'failed',
    ]);
  });

  it('appends in batches, one stream per UTC day, without an expected revision (order does not matter)', async () => {
    const store = new FakeStore();
    const recorder = recorderOn(store, { flushIntervalMs: 10_000, maxBatch: 100 });
    for (let i = 0; i < 250; i++)
      recorder.record(access({ at: new Date(i < 200 ? '2026-12-01T23:59:00Z' : '2026-12-02T00:01:00Z') }));
    await recorder.close();
    expect(store.events).toHaveLength(250);
    expect(store.appends.length).toBeLessThanOrEqual(4);
    expect(new Set(store.appends.map((a) => a.stream))).toEqual(new Set(['access-2026-12-01', 'access-2026-12-02']));
    expect(store.appends.every((a) => a.expected === 'any')).toBe(true);
  });

  it('keeps records while the store is down and appends them when it is back', async () => {
    const store = new FakeStore();
    const recorder = recorderOn(store, { flushIntervalMs: 5 });
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
    const recorder = recorderOn(store, { flushIntervalMs: 10_000, maxBuffered: 5 });
    store.down = true;
    for (let i = 0; i < 8; i++) recorder.record(access({ at: new Date(Date.UTC(2026, 11, 1, 1, i)) }));
    store.down = false;
    await recorder.close();
    const dropped = store.events.find((e) => e.type === 'AccessRecordsDropped')!.data as AccessRecordsDroppedV1;
    expect(dropped).toEqual({ count: 3, from: '2026-12-01T01:00:00.000Z', to: '2026-12-01T01:02:00.000Z' });
    expect(store.events.filter((e) => e.type === 'AccessRecorded')).toHaveLength(5);
  });

  it('hashes secret route parameters and names seekers by pseudonym, never by number', () => {
    const recorder = recorderOn(new FakeStore());
    const data: AccessRecordedV1 = recorder.toEvent(
      access({
        route: '/join/:token',
        params: { token: 'meeting-secret' },
        principal: { kind: 'seeker', jobSeekerNumber: '16070-12345678', seekerId: 'skr_1', roles: ['seeker'] },
      }),
    );
    expect(data.params.token).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(data.principal).toEqual({ kind: 'seeker', seekerId: 'skr_1' });
    expect(JSON.stringify(data)).not.toContain('16070-12345678');
    expect(JSON.stringify(data)).not.toContain('meeting-secret');
    const staffView = recorder.toEvent(
      access({ route: '/api/v1/staff/seekers/:no', params: { no: '16070-12345678' } }),
    );
    expect(staffView.params.no).toMatch(/^seeker:[0-9a-f]{32}$/);
    expect(recorder.toEvent(access({ params: { no: '１６０７０－１２３４５６７８' } })).params.no).toBe(
      staffView.params.no,
    );
  });

  const TARO = 'a1'.repeat(16);
  const HANAKO = 'b2'.repeat(16);
  const seeker = (seekerId: string) => ({
    kind: 'seeker' as const,
    jobSeekerNumber: '16070-12345678',
    seekerId,
    roles: ['seeker'] as ['seeker'],
  });
  const staff = { kind: 'staff' as const, username: 'sato', roles: ['supervisor' as const] };

  it("R54: seals a seeker's request with that seeker's own key, staff and anonymous requests with the general key", async () => {
    const store = new FakeStore();
    const sealer = sealerOn();
    const recorder = recorderOn(store, { flushIntervalMs: 10_000 }, sealer);
    recorder.record(access({ principal: seeker(TARO), ip: '203.0.113.1', userAgent: 'TaroPhone' }));
    recorder.record(access({ principal: seeker(TARO), ip: '203.0.113.2', userAgent: 'TaroPhone' }));
    recorder.record(access({ principal: staff, ip: '198.51.100.9' }));
    recorder.record(access({ ip: '192.0.2.4' }));
    await recorder.close();
    const [first, second, ofStaff, anonymous] = store.events.map((e) => (e.data as AccessRecordedV1).device.sealed!);
    expect(first.kid).toMatch(new RegExp(`^seeker-device-v1:${TARO}:`));
    // One key per seeker, made once.
    expect(second.kid).toBe(first.kid);
    expect([ofStaff.kid, anonymous.kid]).toEqual([DEVICE_DATA_KID, DEVICE_DATA_KID]);
    expect(JSON.stringify(store.events)).not.toContain('203.0.113.1');
    expect(await sealer.unseal([first, JSON.stringify(second), ofStaff, anonymous])).toEqual([
      { ip: '203.0.113.1', userAgent: 'TaroPhone' },
      { ip: '203.0.113.2', userAgent: 'TaroPhone' },
      { ip: '198.51.100.9', userAgent: 'UA' },
      { ip: '192.0.2.4', userAgent: 'UA' },
    ]);
  });

  it('R54: once a seeker is erased their device data opens as erased, another seeker’s still opens, and later requests keep nothing raw', async () => {
    const store = new FakeStore();
    const table = new InMemoryDeviceKeyTable();
    const sealer = sealerOn(table);
    const recorder = recorderOn(store, { flushIntervalMs: 10_000 }, sealer);
    recorder.record(access({ principal: seeker(TARO), ip: '203.0.113.1' }));
    recorder.record(access({ principal: seeker(HANAKO), ip: '203.0.113.2' }));
    await recorder.flush();
    const [taro, hanako] = store.events.map((e) => (e.data as AccessRecordedV1).device.sealed!);

    await sealer.erase(TARO);
    expect(table.entries.get(TARO)).toEqual({ kind: 'erased' });
    expect(await sealer.unseal([taro, hanako])).toEqual([{ erased: true }, { ip: '203.0.113.2', userAgent: 'UA' }]);
    // Erasing again changes nothing.
    await sealer.erase(TARO);
    recorder.record(access({ principal: seeker(TARO), ip: '203.0.113.3' }));
    await recorder.close();
    const after = store.events[2].data as AccessRecordedV1;
    expect(after.device.sealed).toBeNull();
    expect(after.device.ip).toMatch(/^ip_/);

    // Listed again by the office: new requests get a new key; the old records stay erased.
    await sealer.restore(TARO);
    const [again] = await sealer.sealForSeekers([{ seekerId: TARO, device: { ip: '203.0.113.4', userAgent: null } }]);
    expect(again!.kid).not.toBe(taro.kid);
    expect(await sealer.unseal([taro, again])).toEqual([{ erased: true }, { ip: '203.0.113.4', userAgent: null }]);
  });

  it('R52: an altered or foreign sealed value is UNREADABLE, never an error', async () => {
    const sealer = sealerOn();
    const [sealed] = await sealer.sealForSeekers([{ seekerId: TARO, device: { ip: '203.0.113.1', userAgent: null } }]);
    const altered = { ...sealed!, ct: sealed!.ct.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    const otherSeeker = { ...sealed!, kid: sealed!.kid.replace(TARO, HANAKO) };
    expect(await sealer.unseal([altered, 'not json', { kid: 'x' }, null])).toEqual([
      { error: 'UNREADABLE' },
      { error: 'UNREADABLE' },
      { error: 'UNREADABLE' },
      { error: 'UNREADABLE' },
    ]);
    // Another seeker's name on it: that seeker has no such key.
    expect(await sealer.unseal([otherSeeker])).toEqual([{ erased: true }]);
  });

  it('keeps a seeker record for the next try when the key table cannot be reached', async () => {
    const store = new FakeStore();
    let down = true;
    const table = new InMemoryDeviceKeyTable();
    const sealer = new DeviceDataSealer(async () => {
      if (down) throw Object.assign(new Error('store down'), { code: 'STORE_UNAVAILABLE' });
      return table;
    }, keys);
    const recorder = recorderOn(store, { flushIntervalMs: 5 }, sealer);
    recorder.record(access({ principal: seeker(TARO) }));
    await recorder.flush();
    expect(store.events).toHaveLength(0);
    down = false;
    await recorder.close();
    expect((store.events[0].data as AccessRecordedV1).device.sealed?.kid).toMatch(/^seeker-device-v1:/);
  });
});
