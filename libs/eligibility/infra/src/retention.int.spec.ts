// R54 "erased at the end of its retention period", on a real PostgreSQL and nats-server:
// two replicas of the eligibility service on one database, a manual clock, scheduling's
// reservation ends arriving on JetStream, and scheduling's open reservations asked over
// request-reply (a stand-in answers). The sweep erases a seeker past the period once,
// and neither one with an open reservation nor one with recent activity.
import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import pg from 'pg';
import { EligibilityPatterns, type GetContactResult, type RegisterSeekerResult } from '@soudan/eligibility-contracts';
import { RetentionIndex, seekerStream } from '@soudan/eligibility-application';
import { PostgresEventStore, type EventStore, type RecordedEvent } from '@soudan/event-store';
import { RpcError, type EventEnvelope, type MessagingMode } from '@soudan/messaging';
import {
  RuntimeModule,
  startServiceHost,
  type ServiceHost,
  type ServiceRuntime,
  embeddedPrincipalKeys,
} from '@soudan/platform';
import { SchedulingEventTypes, SchedulingPatterns, type ReservationCancelledV1 } from '@soudan/scheduling-contracts';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { RetentionSweeper } from './retention-sweeper';
import { quietLogger, startEligibility, type RunningEligibility } from './testing/eligibility-service';

const DAY = 86_400_000;
const T0 = '2026-01-13T01:00:00.000Z';
const plus = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
const PERIOD = 365;

/** Scheduling's open reservations as this test sets them; `down` answers like a scheduling that cannot. */
async function stubScheduling(
  mode: MessagingMode,
): Promise<ServiceHost & { control: { open: Array<{ seekerId: string }>; down: boolean } }> {
  const control = { open: [] as Array<{ seekerId: string }>, down: false };
  @Controller()
  class StubSchedulingController {
    @MessagePattern(SchedulingPatterns.openReservations)
    open() {
      if (control.down) throw new RpcError('UPSTREAM_UNAVAILABLE', 'scheduling store down', 503);
      return control.open.map((r, i) => ({
        reservationId: `open-${i}`,
        seekerId: r.seekerId,
        status: 'confirmed',
        slot: null,
      }));
    }
  }
  @Module({})
  class StubSchedulingModule {}
  const runtime = {
    context: 'scheduling',
    mode,
    logger: quietLogger(),
    config: { principalPublicKeys: [embeddedPrincipalKeys().publicKey] },
  } as unknown as ServiceRuntime;
  const host = await startServiceHost(
    {
      context: 'scheduling',
      module: (rt) => ({
        module: StubSchedulingModule,
        imports: [RuntimeModule.forRoot(rt)],
        controllers: [StubSchedulingController],
      }),
    },
    runtime,
  );
  return Object.assign(host, { control });
}

let nats: TestNatsServer;
let server: TestPostgresServer;
let db: TestDatabase;
let storeA: EventStore;
let storeB: EventStore;
let replicaA: RunningEligibility;
let replicaB: RunningEligibility;
let scheduling: Awaited<ReturnType<typeof stubScheduling>>;
let sql: pg.Client;
const clock = new ManualClock(T0);
const seekers: Record<'inactive' | 'open' | 'recent', string> = { inactive: '', open: '', recent: '' };

const register = async (jobSeekerNumber: string, email: string) =>
  (
    await replicaA.rpc.request<RegisterSeekerResult>(EligibilityPatterns.registerSeeker, {
      jobSeekerNumber,
      name: '早月 太郎',
      email,
      officeCode: '16070',
      status: 'registered',
      actor: 'staff:sato',
    })
  ).seekerId;
const history = async (seekerId: string) => (await storeA.readStream(seekerStream(seekerId))) as RecordedEvent[];
const erasures = async (seekerId: string) => (await history(seekerId)).filter((e) => e.type === 'SeekerErased');
/**
 * Waits until reads of "all" show the seeker's latest event: they are held back while any
 * older transaction on the server is open (other test files share it), and the index reads "all".
 */
const readable = async (seekerId: string) => {
  const last = (await history(seekerId)).at(-1)!.position;
  await eventually(
    async () => ((await storeA.readAll({ after: last - 1n, limit: 1 }))[0]?.position === last ? true : undefined),
    { what: 'the seeker history to be readable' },
  );
};
const hasKey = async (seekerId: string) =>
  (await sql.query('SELECT 1 FROM eligibility_keys.seeker_keys WHERE seeker_id = $1', [seekerId])).rowCount === 1;

let published = 0;
function cancelled(
  seekerId: string,
  reservationId: string,
  cancelledAt: string,
  eventId = `sched-cancel-${++published}`,
): EventEnvelope<ReservationCancelledV1> {
  return {
    eventId,
    context: 'scheduling',
    type: SchedulingEventTypes.ReservationCancelled,
    streamId: `reservation-${reservationId}`,
    revision: 4,
    position: String(published),
    recordedAt: cancelledAt,
    data: { reservationId, seekerId, slot: null, by: `seeker:${seekerId}`, channel: 'web', cancelledAt },
    metadata: { correlationId: `corr-${eventId}`, actor: `seeker:${seekerId}`, schemaVersion: 1 },
  };
}

beforeAll(async () => {
  nats = await startNatsServer();
  server = await startPostgres();
  db = await createTestDatabase(server, 'soudan_retention');
  storeA = await PostgresEventStore.connect({ url: db.url, schema: 'eligibility' });
  storeB = await PostgresEventStore.connect({ url: db.url, schema: 'eligibility' });
  const mode: MessagingMode = { kind: 'nats', url: nats.url };
  scheduling = await stubScheduling(mode);
  const office = { retention: { personalDataDays: PERIOD } };
  replicaA = await startEligibility({ natsUrl: nats.url, store: storeA, clock, office });
  replicaB = await startEligibility({ natsUrl: nats.url, store: storeB, clock, office, relay: false });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();

  seekers.inactive = await register('16070-61000001', 'inactive@example.jp');
  seekers.open = await register('16070-61000002', 'open@example.jp');
  seekers.recent = await register('16070-61000003', 'recent@example.jp');
});

afterAll(async () => {
  await sql?.end().catch(() => undefined);
  await replicaB?.close();
  await replicaA?.close();
  await scheduling?.close();
  await storeB?.close();
  await storeA?.close();
  await db?.drop().catch(() => undefined);
  await server?.stop();
  await nats?.stop();
});

describe('retention sweep (R54)', () => {
  it('R54: a reservation that ended on JetStream counts as activity, once', async () => {
    clock.set(plus(300));
    const end = cancelled(seekers.recent, 'r-recent-1', plus(300));
    await replicaA.bus.publish([end]);
    // The same end reported again under another event id (a replay): nothing new.
    await replicaA.bus.publish([{ ...end, eventId: 'sched-cancel-replayed' }]);
    const noted = await eventually(
      async () => {
        const events = (await history(seekers.recent)).filter((e) => e.type === 'ReservationEndRecorded');
        return events.length > 0 ? events : undefined;
      },
      { what: 'the reservation end noted on the seeker' },
    );
    expect(noted[0].data).toMatchObject({
      seekerId: seekers.recent,
      reservationId: 'r-recent-1',
      end: 'cancelled',
      endedAt: plus(300),
    });
    // Both deliveries handled (the consumer's inbox holds what it handled) before counting.
    await eventually(
      async () =>
        (
          await sql.query(
            `SELECT count(*)::int AS n FROM eligibility.inbox WHERE consumer = 'eligibility-reservation-ends'`,
          )
        ).rows[0].n >= 2
          ? true
          : undefined,
      {
        what: 'both deliveries handled',
      },
    );
    expect((await history(seekers.recent)).filter((e) => e.type === 'ReservationEndRecorded')).toHaveLength(1);
  });

  it('R54: nobody is erased before the period has ended', async () => {
    for (const seekerId of Object.values(seekers)) await readable(seekerId);
    clock.set(plus(PERIOD - 1));
    const result = await replicaA.core.retention.sweep();
    expect(result).toEqual({ due: [], erased: [], heldByOpenReservation: [] });
  });

  it('R54: two replicas sweeping at once erase the seeker past the period exactly once, keep the one with an open reservation and the recently active one', async () => {
    clock.set(plus(PERIOD + 1));
    scheduling.control.open = [{ seekerId: seekers.open }];
    const [a, b] = await Promise.all([replicaA.core.retention.sweep(), replicaB.core.retention.sweep()]);
    for (const result of [a, b]) {
      expect(new Set(result.due)).toEqual(new Set([seekers.inactive, seekers.open]));
      expect(result.heldByOpenReservation).toEqual([seekers.open]);
    }
    expect([...a.erased, ...b.erased]).toEqual([seekers.inactive]);

    const [erased] = await erasures(seekers.inactive);
    expect(erased.data).toMatchObject({
      seekerId: seekers.inactive,
      reason: 'retention',
      erasedBy: 'system:retention',
      erasedAt: plus(PERIOD + 1),
    });
    expect(erased.metadata.actor).toBe('system:retention');
    expect(await erasures(seekers.inactive)).toHaveLength(1);
    // Exactly as a staff erasure: the key is gone, and the personal data with it.
    expect(await hasKey(seekers.inactive)).toBe(false);
    expect(
      await replicaA.rpc.request<GetContactResult>(EligibilityPatterns.getContact, { seekerId: seekers.inactive }),
    ).toEqual({ erased: true });
    for (const kept of [seekers.open, seekers.recent]) {
      expect(await erasures(kept)).toEqual([]);
      expect(await hasKey(kept)).toBe(true);
    }

    // The next day's sweep has nothing new to erase.
    await readable(seekers.inactive);
    clock.set(plus(PERIOD + 2));
    expect((await replicaB.core.retention.sweep()).erased).toEqual([]);
    expect(await erasures(seekers.inactive)).toHaveLength(1);
  });

  it('R54: when scheduling cannot say which reservations are open, nobody is erased', async () => {
    scheduling.control.open = [];
    scheduling.control.down = true;
    await expect(replicaA.core.retention.sweep()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await erasures(seekers.open)).toEqual([]);
    expect(await hasKey(seekers.open)).toBe(true);
    scheduling.control.down = false;
  });

  it('R54: once the reservation is over the seeker is erased, and the recently active one when their own period ends', async () => {
    clock.set(plus(PERIOD + 3));
    expect((await replicaA.core.retention.sweep()).erased).toEqual([seekers.open]);
    expect(await erasures(seekers.recent)).toEqual([]);
    // The period runs from the reservation's end (day 300).
    clock.set(plus(300 + PERIOD));
    expect((await replicaB.core.retention.sweep()).erased).toEqual([seekers.recent]);
    expect(await hasKey(seekers.recent)).toBe(false);
  });

  it('R54: each replica sweeps once a day (JST) when it looks, driven by the clock', async () => {
    const sweeper = replicaA.host.app.get(RetentionSweeper);
    const again = await register('16070-61000004', 'later@example.jp');
    // The index reads "all": wait until it can see the registration (see `readable`).
    await readable(again);
    clock.set(new Date(Date.parse(clock.now().toISOString()) + (PERIOD + 1) * DAY).toISOString());
    expect((await sweeper.check())?.erased).toEqual([again]);
    // The same day again: no sweep.
    expect(await sweeper.check()).toBeUndefined();
    await readable(again);
    clock.advance(DAY);
    expect(await sweeper.check()).toEqual({ due: [], erased: [], heldByOpenReservation: [] });
  });

  it('R54: a new replica’s index resumes from the snapshot and reckons as the whole history does', async () => {
    await replicaA.core.retentionIndex.catchUp();
    // Appended after the snapshot: the resumed index folds it on top.
    const newcomer = await register('16070-61000005', 'newcomer@example.jp');
    await readable(newcomer);
    const later = new Date(Date.parse(clock.now().toISOString()) + 2 * PERIOD * DAY).toISOString();
    const resumed = new RetentionIndex(storeB);
    const folded = new RetentionIndex(storeB, { rebuild: true });
    try {
      const [fromSnapshot, fromHistory] = await Promise.all([resumed.due(later, 1), folded.due(later, 1)]);
      expect(resumed.resumedFrom).toBeDefined();
      expect(folded.resumedFrom).toBeUndefined();
      expect(fromSnapshot).toEqual(fromHistory);
      expect(fromSnapshot.map((d) => d.seekerId)).toEqual([newcomer]);
    } finally {
      await resumed.close();
      await folded.close();
    }
  });
});
