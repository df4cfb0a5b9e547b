// R54 for scheduling: the topic, the reason online is needed and the attendee's note are
// stored sealed with the seeker's own key; erasing the seeker (SeekerErased) destroys
// the key, after which no byte of that text is readable in the store (raw SQL), in the
// write side or in a read model, while the history still replays whole.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { PostgresEventStore, sqlAccessOf } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { reservationStream, VaultPersonalTexts, type SchedulingSettings } from '@soudan/scheduling-application';
import { SqlSeekerKeyStore } from '@soudan/seeker-keys';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { ErasureConsumer } from './erasure.consumer';
import { SchedulingOffices } from './offices';
import { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import { schedulingDriver } from './testing/scheduling-driver';
import type { SchedulingInfraSettings } from './tokens';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const quiet = createLogger({ name: 't', level: 'silent', destination: new Writable({ write: (_c, _e, d) => d() }) });
const SCHEMA = 'scheduling_r54';
const settings: SchedulingSettings = {
  officeCode: '16070',
  officePhone: '076-475-0324',
  calendar: new BusinessCalendar(),
  slotMinutes: 30,
  defaultCapacity: 2,
  publicBaseUrl: 'http://localhost:3000',
};

describe('R54: a seeker’s own words in scheduling are erasable', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let raw: pg.Client;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_r54');
    store = await PostgresEventStore.connect({ url: db.url, schema: SCHEMA });
    raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
  });

  afterAll(async () => {
    await raw?.end();
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  /** Every row of every table of the schema, as text: where a byte of the words could hide. */
  async function everywhere(): Promise<string> {
    const tables = await raw.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [SCHEMA],
    );
    let all = '';
    for (const { table_name } of tables.rows)
      all += JSON.stringify((await raw.query(`SELECT * FROM "${SCHEMA}"."${table_name}"`)).rows);
    return all;
  }

  it('R54: stored sealed, shown while the key exists, unreadable everywhere after SeekerErased, replay intact', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const sql = sqlAccessOf(store)!;
    const texts = new VaultPersonalTexts(await SqlSeekerKeyStore.open(sql.executor, sql.schema), Buffer.alloc(32, 3));
    const scheduling = schedulingDriver(store, clock, settings, { texts });
    const mark = randomUUID().slice(0, 8);
    const words = { topic: `面接の練習-${mark}`, reason: `介護のため-${mark}`, note: `手話通訳-${mark}` };
    const { id } = await scheduling.request(
      {
        officeCode: '16070',
        jobSeekerNumber: '16070-00000054',
        name: '滑川 太郎',
        email: 'taro@example.jp',
        desiredSlots: ['2026-12-02T10:00:00+09:00'],
        topic: words.topic,
        onlineReason: words.reason,
        ...readySeeker(),
        attendee: { kind: 'interpreter', note: words.note },
      },
      { correlationId: 't', actor: 'seeker:t' },
    );
    await scheduling.offer(id, ['2026-12-02T10:00:00+09:00'], 'v1', { correlationId: 't', actor: 'staff:t' });

    // Never in clear in the store, not even before erasure.
    expect(await everywhere()).not.toContain(mark);
    // While the key exists, the write side and the read model show them.
    const r = await scheduling.get(id);
    expect([r.topic, r.attendee?.note]).toEqual([words.topic, words.note]);
    const projection = new SchedulingProjection(store, quiet);
    await projection.start();
    await projection.caughtUp((await store.readStream(reservationStream(id))).at(-1)!.position, 10_000);
    const queries = new SchedulingQueries(
      projection,
      clock,
      new SchedulingOffices(new Map(), {
        ...settings,
        calendar: settings.calendar,
      } as unknown as SchedulingInfraSettings),
      texts,
    );
    const [listed] = await queries.staffReservations({});
    expect([listed.topic, listed.attendee?.note]).toEqual([words.topic, words.note]);

    // Eligibility erases the seeker; scheduling learns it by event and destroys its key.
    const consumer = new ErasureConsumer(texts, quiet);
    await consumer.handle({
      eventId: randomUUID(),
      type: 'SeekerErased',
      data: { seekerId: r.seekerId },
      metadata: { correlationId: 't' },
    } as never);

    expect(await everywhere()).not.toContain(mark);
    const keysLeft = await raw.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".seeker_keys WHERE seeker_id = $1`, [
      r.seekerId,
    ]);
    expect(keysLeft.rows[0].n).toBe(0);
    const after = await scheduling.get(id);
    expect([after.status, after.topic, after.attendee?.note]).toEqual(['offered', '', '']);
    const [listedAfter] = await queries.staffReservations({});
    expect([listedAfter.status, listedAfter.topic, listedAfter.attendee?.note]).toEqual(['offered', '', '']);
    await projection.stop();
    // Replay from the start: the reservation and its place are whole; only the words are gone.
    const replayed = new SchedulingProjection(store, quiet, { rebuild: true });
    await replayed.start();
    expect(replayed.reservations.get(id)).toMatchObject({ status: 'offered', topic: '' });
    expect(replayed.slots.get(`${settings.officeCode}|2026-12-02T01:00:00.000Z`)?.holds.has(id)).toBe(true);
    await replayed.stop();
    // The sealed document is still in the event (append-only), but no key in the store opens it.
    expect(await texts.open([{ seekerId: r.seekerId, sealed: after.personal! }])).toEqual([undefined]);
  });
  it('R54: what staff wrote about a seeker (rejection, cancellation and termination reasons, a phone note, a follow-up override) is sealed and erased with the seeker', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const sql = sqlAccessOf(store)!;
    const texts = new VaultPersonalTexts(await SqlSeekerKeyStore.open(sql.executor, sql.schema), Buffer.alloc(32, 3));
    const driver = schedulingDriver(store, clock, settings, { texts });
    const { scheduling } = driver;
    const stamp = (actor: string) => ({ correlationId: randomUUID(), actor, now: clock.now().toISOString() });
    const mark = randomUUID().slice(0, 8);
    const request = async (slot: string) =>
      (
        await driver.request(
          {
            officeCode: '16070',
            jobSeekerNumber: '16070-00000055',
            name: '滑川 花子',
            email: 'hanako@example.jp',
            desiredSlots: [slot],
            topic: '求人の相談',
            onlineReason: '遠方のため',
            ...readySeeker(),
          },
          { correlationId: randomUUID(), actor: 'seeker:t' },
        )
      ).id;

    const rejected = await request('2026-12-03T10:00:00+09:00');
    await scheduling.step(
      rejected,
      'RejectRequest',
      { reason: `却下理由-${mark}`, by: 'staff:boss' },
      stamp('staff:boss'),
    );
    const byPhone = await request('2026-12-03T10:30:00+09:00');
    await scheduling.cancel(
      { reservationId: byPhone, by: 'staff', channel: 'phone', note: `電話メモ-${mark}` },
      stamp('staff:c1'),
    );
    const byWeb = await request('2026-12-03T11:00:00+09:00');
    await scheduling.cancel({ reservationId: byWeb, by: 'seeker', reason: `取消理由-${mark}` }, stamp('seeker:t'));
    const ended = await request('2026-12-02T11:00:00+09:00');
    await driver.offer(ended, ['2026-12-02T11:00:00+09:00'], 'v1', { correlationId: 't', actor: 'staff:t' });
    await driver.consent(ended, '2026-12-02T11:00:00+09:00', 'v1', 'web', { correlationId: 't', actor: 'seeker:t' });
    clock.set('2026-12-02T02:00:00.000Z');
    await driver.checkIn(ended, { correlationId: 't', actor: 'staff:c1' });
    // R16 with the R5 override: tomorrow is inside the lead time, the counsellor says why.
    await driver.followUp(
      ended,
      '2026-12-03T14:00:00+09:00',
      { correlationId: 't', actor: 'staff:c1' },
      `例外理由-${mark}`,
    );
    await scheduling.step(ended, 'Terminate', { reason: `終了理由-${mark}`, by: 'staff:c1' }, stamp('staff:c1'));

    // Sealed from the first write; the key opens each while the seeker is on record.
    expect(await everywhere()).not.toContain(mark);
    const seekerId = (await driver.get(ended)).seekerId;
    const sealed = [];
    for (const id of [rejected, byPhone, byWeb, ended])
      for (const event of await store.readStream(reservationStream(id))) {
        const personal = (event.data as { personal?: string }).personal;
        if (personal && event.type !== 'ReservationRequested' && event.type !== 'FollowUpReservationCreated')
          sealed.push(personal);
      }
    const opened = await texts.open(sealed.map((s) => ({ seekerId, sealed: s })));
    expect(opened.map((t) => t && Object.values(t).join(''))).toEqual([
      `却下理由-${mark}`,
      `電話メモ-${mark}`,
      `取消理由-${mark}`,
      `例外理由-${mark}`,
      `終了理由-${mark}`,
    ]);

    const consumer = new ErasureConsumer(texts, quiet);
    await consumer.handle({
      eventId: randomUUID(),
      type: 'SeekerErased',
      data: { seekerId },
      metadata: { correlationId: 't' },
    } as never);
    expect(await texts.open(sealed.map((s) => ({ seekerId, sealed: s })))).toEqual(sealed.map(() => undefined));
    // The reservations still read whole: their states and histories, without the words.
    expect((await driver.get(ended)).status).toBe('terminated');
    expect((await driver.get(byPhone)).status).toBe('cancelled');
    expect((await driver.get(rejected)).status).toBe('rejected');
  });
});
