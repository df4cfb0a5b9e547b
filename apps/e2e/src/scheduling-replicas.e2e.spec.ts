// Issue 8 across processes: scheduling replicas as separate OS processes on a real
// nats-server and PostgreSQL. Two replicas race consents and offers for the same places;
// then a replica is killed (SIGKILL, from inside, at a chosen point of a write) at every
// step of consent, cancellation and follow-up, both with the one-commit append
// (PostgreSQL) and stream by stream (the KurrentDB path, SCHEDULING_ATOMIC_APPENDS=0);
// after a restart, every slot's bookings and holds are exactly those of the live
// reservations that own them, and never above capacity.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { PostgresEventStore } from '@soudan/event-store';
import { createRpcClient, type RpcClient } from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { checkPlaces } from '@soudan/scheduling-infra/testing';
import { BusinessCalendar } from '@soudan/time';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { principalKeysForRun } from './support/principal-keys';
import { appendRequested } from './support/requested-event';
import { ROOT, startApp, type AppProcess } from './support/processes';

const calendar = new BusinessCalendar();
const today = DateTime.now().setZone('Asia/Tokyo').toISODate()!;
/** A business day far enough ahead for offers (R6) and follow-ups; each test takes slots of its own. */
const day = (n: number) => calendar.addBusinessDays(today, 5 + n);
const slot = (n: number, time: string) =>
  DateTime.fromISO(`${day(n)}T${time}`, { zone: 'Asia/Tokyo' })
    .toUTC()
    .toISO()!;
const code = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? ((r.reason as { code?: string }).code ?? String(r.reason)) : 'ok';

describe('scheduling replicas as processes: races and crashes keep every place owned (issue 8)', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let rpc: RpcClient;
  let env: Record<string, string>;
  const running = new Set<AppProcess>();
  let started = 0;
  const principalKeys = principalKeysForRun();

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_replicas');
    env = {
      NATS_URL: nats.url,
      EVENTSTORE_URL: db.url,
      DATA_DIR: `${nats.storeDir}-data`,
      PSEUDONYM_KEY: 'c'.repeat(64),
      ENCRYPTION_KEY: 'd'.repeat(64),
      ...principalKeys.services,
      TIMER_INTERVAL_MS: '600000',
      SLOT_CHECK_INTERVAL_MS: '300',
      SLOT_GRACE_MS: '1500',
    };
    store = await PostgresEventStore.connect({ url: db.url, schema: 'scheduling' });
    // The test asks scheduling directly, standing in for the gateway (issue 9: signed principals).
    rpc = (await createRpcClient({ kind: 'nats', url: nats.url }, { timeoutMs: 8000 })).signing(
      signAsRequestsSay(principalKeys.privateKey),
    );
  });

  afterAll(async () => {
    await Promise.all([...running].map((app) => app.kill()));
    await rpc?.close();
    await store?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  /** A replica; resolves once it answers (its log says it started). */
  async function replica(extra: Record<string, string> = {}): Promise<AppProcess> {
    const name = `replica-${randomUUID().slice(0, 8)}-${(started += 1)}`;
    const app = startApp(name, 'apps/scheduling/src/main.ts', { ...env, ...extra });
    running.add(app);
    void app.exited.then(() => running.delete(app));
    const log = join(ROOT, 'tmp', 'e2e-logs', `${name}.log`);
    await eventually(() => (existsSync(log) && readFileSync(log, 'utf8').includes('scheduling started')) || undefined, {
      timeoutMs: 90_000,
      intervalMs: 200,
      what: `${name} started`,
    });
    return app;
  }

  /** A request as eligibility would have let through (this test is about scheduling alone). */
  async function requested(desired: string): Promise<string> {
    const reservationId = randomUUID();
    await appendRequested(store, {
      reservationId,
      seekerId: `seeker-${reservationId.slice(0, 8)}`,
      desiredSlots: [desired],
      requestedAt: new Date().toISOString(),
      answerDueBy: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    return reservationId;
  }

  const staff = { actor: 'staff:supervisor' };
  const call = <T = { status: string }>(pattern: string, payload: Record<string, unknown>, timeoutMs?: number) =>
    rpc.request<T>(pattern, { ...staff, ...payload }, { correlationId: randomUUID(), timeoutMs });
  const termsVersion = async () => (await call<{ version: string }>(SchedulingPatterns.currentTerms, {})).version;
  const offer = (reservationId: string, slots: string[]) => call(SchedulingPatterns.offer, { reservationId, slots });
  const consent = async (reservationId: string, chosen: string, channel: 'web' | 'email' = 'web', timeoutMs?: number) =>
    call(
      SchedulingPatterns.consent,
      // The seeker consents (issue 9: a consent acts for its seeker, whom the principal names).
      {
        reservationId,
        slot: chosen,
        termsVersion: await termsVersion(),
        channel,
        actor: `seeker:seeker-${reservationId.slice(0, 8)}`,
        seekerId: `seeker-${reservationId.slice(0, 8)}`,
      },
      timeoutMs,
    );
  const cancel = (reservationId: string, timeoutMs?: number) =>
    call(SchedulingPatterns.cancelByStaff, { reservationId, channel: 'phone', note: 'test' }, timeoutMs);
  const checkIn = (reservationId: string) => call(SchedulingPatterns.checkIn, { reservationId });
  const followUp = (reservationId: string, at: string, timeoutMs?: number) =>
    call(SchedulingPatterns.followUp, { reservationId, slot: at, overrideReason: 'テスト' }, timeoutMs);
  const statusOf = async (reservationId: string) =>
    (
      await call<{ status: string }>(SchedulingPatterns.getReservation, {
        reservationId,
        actor: `seeker:seeker-${reservationId.slice(0, 8)}`,
        seekerId: `seeker-${reservationId.slice(0, 8)}`,
      })
    ).status;

  const consistent = async () => {
    const report = await checkPlaces(store, 1);
    return report.problems;
  };

  it('R4, R12, R13, R70: two replicas registering their office and racing consents (web and e-mail, different slots) and offers for the same places', async () => {
    const replicas = await Promise.all([replica(), replica()]);
    // R70: both replicas, started together on an empty store, register the configured
    // office from OFFICE_CONFIG at start; the registry holds it once.
    const registry = await store.readStream('office-registry');
    expect(registry.map((e) => [e.type, (e.data as { code: string }).code])).toEqual([['OfficeRegistered', '16070']]);
    for (let n = 0; n < 6; n += 1) {
      const [a, b] = [slot(n, '10:00'), slot(n, '10:30')];
      const id = await requested(a);
      await offer(id, [a, b]);
      const consents = await Promise.allSettled([consent(id, a, 'web'), consent(id, b, 'email')]);
      expect(consents.map(code).sort()).toEqual(['INVALID_STATE', 'ok']);
      const other = await requested(a);
      const offers = await Promise.allSettled([offer(other, [slot(n, '11:00')]), offer(other, [slot(n, '11:30')])]);
      expect(offers.map(code).sort()).toEqual(['INVALID_STATE', 'ok']);
    }
    // Reads of all wait for any older open transaction on the server (a replica's relay, say).
    await eventually(async () => (await consistent()).length === 0 || undefined, {
      timeoutMs: 10_000,
      what: 'every slot consistent',
    }).catch(async () => expect(await consistent()).toEqual([]));
    await Promise.all(replicas.map((r) => r.stop()));
  }, 180_000);

  // Each crash: a replica that kills itself at `point`, the command that reaches it, and
  // what the reservation must be once a healthy replica has run.
  const crashes: Array<{
    point: string;
    atomic: boolean;
    run: (n: number) => Promise<{ id: string; check: () => Promise<void> }>;
  }> = [];
  // One commit: before it and after it. Stream by stream: after each append (take: a new
  // place; decide: a reservation's own events; give: what follows from the decision).
  const stepsOf = (atomic: boolean, command: 'consent' | 'cancel' | 'follow-up') =>
    atomic
      ? ['before-write', 'after-write']
      : {
          consent: ['after-decide-append', 'after-give-append'],
          cancel: ['after-decide-append'],
          'follow-up': ['after-take-append', 'after-decide-append'],
        }[command];
  const decided = (point: string) => point !== 'before-write' && point !== 'after-take-append';
  for (const atomic of [true, false]) {
    for (const point of stepsOf(atomic, 'consent'))
      crashes.push({
        point: `consent:${point}`,
        atomic,
        run: async (n) => {
          const id = await requested(slot(n, '13:00'));
          await offer(id, [slot(n, '13:00'), slot(n, '13:30')]);
          return {
            id,
            check: async () => expect(await statusOf(id)).toBe(decided(point) ? 'confirmed' : 'offered'),
          };
        },
      });
    for (const point of stepsOf(atomic, 'cancel'))
      crashes.push({
        point: `cancel:${point}`,
        atomic,
        run: async (n) => {
          const id = await requested(slot(n, '14:00'));
          await offer(id, [slot(n, '14:00')]);
          await consent(id, slot(n, '14:00'));
          return {
            id,
            check: async () => expect(await statusOf(id)).toBe(decided(point) ? 'cancelled' : 'confirmed'),
          };
        },
      });
    for (const point of stepsOf(atomic, 'follow-up'))
      crashes.push({
        point: `follow-up:${point}`,
        atomic,
        run: async (n) => {
          const id = await requested(slot(n, '15:00'));
          await offer(id, [slot(n, '15:00')]);
          await consent(id, slot(n, '15:00'));
          await checkIn(id);
          return { id, check: async () => expect(await statusOf(id)).toBe('in_session') };
        },
      });
  }

  it('kill -9 at every step of consent, cancellation and follow-up, one commit and stream by stream: after restart every slot is consistent', async () => {
    const checks: Array<() => Promise<void>> = [];
    for (const [i, crash] of crashes.entries()) {
      const n = 10 + i;
      const extra = { SCHEDULING_CRASH_AT: crash.point, SCHEDULING_ATOMIC_APPENDS: crash.atomic ? '1' : '0' };
      const doomed = await replica(extra);
      const { id, check } = await crash.run(n);
      const [command] = crash.point.split(':');
      const attempt =
        command === 'consent'
          ? consent(id, slot(n, '13:00'), 'web', 3000)
          : command === 'cancel'
            ? cancel(id, 3000)
            : followUp(id, slot(n, '15:30'), 3000);
      const [outcome, exit] = await Promise.all([
        attempt.then(
          () => 'answered',
          () => 'no answer',
        ),
        doomed.exited,
      ]);
      // The crash point was reached: the process ended by SIGKILL, before or without an answer.
      expect([crash.point, outcome, exit, doomed.child.signalCode]).toEqual([
        crash.point,
        'no answer',
        null,
        'SIGKILL',
      ]);
      checks.push(check);
    }
    // A healthy replica: its slot keeper finishes what the crashes left half done.
    await replica();
    await eventually(async () => (await consistent()).length === 0 || undefined, {
      timeoutMs: 30_000,
      intervalMs: 500,
      what: 'every slot consistent after restart',
    }).catch(async () => expect(await consistent()).toEqual([]));
    for (const check of checks) await check();
  }, 420_000);
});
