// R15, R18, R50: the meeting link of the e-mails. Looking at it (what a mail scanner or a
// link preview does: the gateway's GET) records nothing, so it cannot hide a no-show;
// pressing 参加する (the gateway's POST) records the join. Real PostgreSQL store, the real
// projection and the RPC controller the gateway calls.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { PostgresEventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { reservationStream, type SchedulingSettings } from '@soudan/scheduling-application';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { JoinRpcController } from './join.rpc-controller';
import { SchedulingProjection } from './scheduling.projection';
import { schedulingDriver } from './testing/scheduling-driver';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const quiet = createLogger({ name: 't', level: 'silent', destination: new Writable({ write: (_c, _e, d) => d() }) });
const settings: SchedulingSettings = {
  officeCode: '16070',
  officePhone: '076-475-0324',
  calendar: new BusinessCalendar(),
  slotMinutes: 30,
  defaultCapacity: 2,
  publicBaseUrl: 'http://localhost:3000',
};
const SLOT = '2026-12-02T10:00:00+09:00';

describe('R15, R18: the meeting link records a join only when 参加する is pressed', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let projection: SchedulingProjection;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_join_link');
    store = await PostgresEventStore.connect({ url: db.url, schema: 'join_link' });
    projection = new SchedulingProjection(store, quiet);
    await projection.start();
  });

  afterAll(async () => {
    await projection?.stop();
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  it('R15, R18: a look inside the window answers "open" and records nothing; the join records it once; after the end the link is closed', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const driver = schedulingDriver(store, clock, settings);
    const ctx = (actor: string) => ({ correlationId: randomUUID(), actor });
    const { id } = await driver.request(
      {
        officeCode: '16070',
        jobSeekerNumber: '16070-00000015',
        name: '滑川 太郎',
        email: 'taro@example.jp',
        desiredSlots: [SLOT],
        topic: '面接の練習',
        onlineReason: '子育てのため',
        ...readySeeker(),
      },
      ctx('seeker:t'),
    );
    await driver.offer(id, [SLOT], 'v1', ctx('staff:s'));
    await driver.consent(id, SLOT, 'v1', 'web', ctx('seeker:t'));
    const booked = await driver.get(id);
    if (!('joinToken' in booked) || typeof booked.joinToken !== 'string') throw new Error('no join token');
    const token = booked.joinToken;
    await projection.caughtUp((await store.readStream(reservationStream(id))).at(-1)!.position, 10_000);
    const links = new JoinRpcController(driver.scheduling, projection, clock);

    // Before the window: the look says when it opens.
    expect(await links.join({ token, peek: true }, undefined)).toEqual({
      outcome: 'not_open',
      opensAt: '2026-12-02T00:45:00.000Z',
      slot: expect.any(String),
    });
    // Inside the window, a scanner fetches the link three times: nothing is recorded.
    clock.set('2026-12-02T00:50:00.000Z');
    const eventsBefore = (await store.readStream(reservationStream(id))).length;
    for (let i = 0; i < 3; i++)
      expect(await links.join({ token, peek: true }, undefined)).toMatchObject({ outcome: 'open' });
    expect(await store.readStream(reservationStream(id))).toHaveLength(eventsBefore);
    expect(await driver.get(id)).toMatchObject({ status: 'confirmed', joined: false });

    // 参加する: recorded, with the device data the gateway sealed.
    const joined = await links.join({ token, device: { ip: 'ip_1', userAgent: 'ua_1' } }, undefined);
    expect(joined).toMatchObject({
      outcome: 'joined',
      reservationId: id,
      roomUrl: expect.stringContaining('https://'),
    });
    expect(await driver.get(id)).toMatchObject({ status: 'in_session', joined: true });
    const joins = (await store.readStream(reservationStream(id))).filter((e) => e.type === 'SeekerJoined');
    expect(joins).toHaveLength(1);

    // After the end of the slot, a look says it is over.
    clock.set('2026-12-02T01:31:00.000Z');
    expect(await links.join({ token, peek: true }, undefined)).toMatchObject({ outcome: 'closed' });
  });
});
