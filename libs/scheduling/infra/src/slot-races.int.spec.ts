// Defects 1-3 of issue 8, across two event-store instances on separate pools (as two
// replicas have): the unique-index path of the SQL stores runs, not the group commit of
// one process. After every race: for every slot, bookings and holds are exactly those
// of the reservations that own them, never above capacity.
import { PostgresEventStore } from '@soudan/event-store';
import {
  numberStream,
  reservationIdFor,
  SlotKeeper,
  VaultPersonalTexts,
  type SchedulingSettings,
} from '@soudan/scheduling-application';
import { InMemorySeekerKeyStore } from '@soudan/seeker-keys';
import { candidateNumber } from '@soudan/scheduling-domain';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import pg from 'pg';
import {
  createTestDatabase,
  eventually,
  startPostgres,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { checkPlaces } from './testing/places-check';
import { schedulingDriver, type SchedulingDriver } from './testing/scheduling-driver';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const ctx = { correlationId: 'race', actor: 'staff:race' };
const SLOTS = ['2026-12-02T10:00:00+09:00', '2026-12-02T10:30:00+09:00', '2026-12-02T11:00:00+09:00'];
const settings = (officeCode: string, defaultCapacity = 1): SchedulingSettings => ({
  officeCode,
  officePhone: '076-475-0324',
  calendar: new BusinessCalendar(),
  slotMinutes: 30,
  defaultCapacity,
  publicBaseUrl: 'http://localhost:3000',
});
const payload = (n: number, officeCode: string) => ({
  officeCode,
  jobSeekerNumber: `${officeCode}-${String(n).padStart(8, '0')}`,
  name: '滑川 太郎',
  email: `s${n}@example.jp`,
  desiredSlots: [SLOTS[0]],
  topic: '相談',
  onlineReason: '子育て',
  ...readySeeker(),
});
const code = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? ((r.reason as { code?: string }).code ?? String(r.reason)) : 'ok';

describe.each([
  ['in one commit (PostgreSQL appendMany)', true],
  ['stream by stream, as on KurrentDB, with the slot keeper', false],
])('two store instances racing for places, %s', (_name, atomic) => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let stores: PostgresEventStore[];
  const clock = new ManualClock('2026-11-25T01:00:00.000Z');

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_slot_races');
    // Two pools of their own, and group commit off: every append is its own transaction.
    stores = await Promise.all(
      [0, 1].map(() => PostgresEventStore.connect({ url: db.url, schema: 'races', poolSize: 4, appendStatements: 1 })),
    );
  });

  afterAll(async () => {
    await Promise.all((stores ?? []).map((s) => s.close()));
    await db?.drop();
    await server?.stop();
  });

  // The replicas share one key store, as they share the key table in a deployment.
  const texts = new VaultPersonalTexts(new InMemorySeekerKeyStore(), Buffer.alloc(32, 5));
  const replicas = (office: string, capacity = 1): [SchedulingDriver, SchedulingDriver] =>
    [0, 1].map((i) => schedulingDriver(stores[i], clock, settings(office, capacity), { atomic, texts })) as [
      SchedulingDriver,
      SchedulingDriver,
    ];

  // Reads of "all" are held back while an older transaction anywhere on the server is open
  // (other test files share it): wait until they reach the last committed event.
  const readable = async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ head: string | null }>('SELECT max(position) AS head FROM races.events');
      const head = BigInt(rows[0].head ?? 0);
      await eventually(
        async () =>
          (await stores[0].readAll({ after: head - 1n, limit: 1 }))[0]?.position === head ? true : undefined,
        { what: 'reads of all to reach the last committed event' },
      );
    } finally {
      await client.end();
    }
  };

  const consistent = async (capacity: number, office: string) => {
    await readable();
    if (!atomic) {
      // Stream by stream, a lost race can leave a place taken for a decision that never
      // came: the keeper gives it back once its grace has passed (none here: nothing is in flight).
      const keeper = schedulingDriver(stores[0], clock, settings(office, capacity), { atomic, keeper: { graceMs: 0 } })
        .scheduling.keeper;
      const { model } = await checkPlaces(stores[0], capacity);
      await keeper.repair(SlotKeeper.mismatches(model), { actor: 'system:test', now: clock.now().toISOString() });
      await readable();
    }
    const report = await checkPlaces(stores[0], capacity);
    expect(report.problems).toEqual([]);
    return report;
  };

  it('R13, defect 1: a web consent to S1 and an e-mail reply choosing S2 at once confirm one of them, and only its place stays booked', async () => {
    const office = atomic ? '80001' : '80011';
    const [a, b] = replicas(office);
    for (let n = 0; n < 6; n += 1) {
      const { id } = await a.request(payload(n, office), ctx);
      const offered = [SLOTS[n % 3], SLOTS[(n + 1) % 3]];
      // Each round uses its own two slots of its own day, so rounds do not compete.
      const day = `2026-12-0${2 + (n % 3)}`;
      const slots = offered.map((s) => s.replace('2026-12-02', day));
      clock.set('2026-11-25T01:00:00.000Z');
      await a.offer(id, slots, 'v1', ctx);
      const outcomes = await Promise.allSettled([
        a.consent(id, slots[0], 'v1', 'web', ctx),
        b.consent(id, slots[1], 'v1', 'email', ctx),
      ]);
      expect(outcomes.map(code).sort()).toEqual(['INVALID_STATE', 'ok']);
      const r = await a.get(id);
      expect(r.status).toBe('confirmed');
      await b.cancelByStaff(id, ctx);
    }
    await consistent(1, office);
  });

  it('R12, defect 1: two supervisors offering the same request at once leave one offer and no stray hold', async () => {
    const office = atomic ? '80002' : '80012';
    const [a, b] = replicas(office, 2);
    for (let n = 0; n < 6; n += 1) {
      const { id } = await a.request(payload(n, office), ctx);
      const outcomes = await Promise.allSettled([
        a.offer(id, [SLOTS[0], SLOTS[1]], 'v1', ctx),
        b.offer(id, [SLOTS[2]], 'v1', ctx),
      ]);
      expect(outcomes.map(code).sort()).toEqual(['INVALID_STATE', 'ok']);
      await a.cancelBySeeker(id, ctx);
      await consistent(2, office);
    }
  });

  it('R4, defect 3: thirty requests offered the last two places of a slot through two stores: two offers, holds equal owners', async () => {
    const office = atomic ? '80003' : '80013';
    const [a, b] = replicas(office, 2);
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, n) => a.request(payload(100 + n, office), ctx).then((r) => r.id)),
    );
    const outcomes = await Promise.allSettled(ids.map((id, i) => (i % 2 ? a : b).offer(id, [SLOTS[0]], 'v1', ctx)));
    expect(outcomes.map(code).filter((c) => c === 'ok')).toHaveLength(2);
    expect(new Set(outcomes.map(code).filter((c) => c !== 'ok'))).toEqual(new Set(['SLOT_FULL']));
    // Both offered consent through different stores, with a cancellation racing one of them.
    const offeredIds = ids.filter((_, i) => outcomes[i].status === 'fulfilled');
    await Promise.allSettled([
      a.consent(offeredIds[0], SLOTS[0], 'v1', 'web', ctx),
      b.consent(offeredIds[1], SLOTS[0], 'v1', 'email', ctx),
      a.cancelByStaff(offeredIds[1], ctx),
    ]);
    const report = await consistent(2, office);
    expect(report.slots).toBeGreaterThan(0);
  });

  it('R10: the same Idempotency-Key sent to two stores at once makes one reservation, and both answer with it', async () => {
    const office = atomic ? '80005' : '80015';
    const [a, b] = replicas(office, 2);
    for (let n = 0; n < 10; n += 1) {
      const request = { ...payload(700 + n, office), idempotencyKey: `same-${n}` };
      const [first, second] = await Promise.all([a.request(request, ctx), b.request(request, ctx)]);
      expect(second).toEqual(first);
      const stream = await stores[0].readStream(`reservation-${first.id}`);
      expect(stream.filter((e) => e.type === 'ReservationRequested')).toHaveLength(1);
    }
  });

  it('R17: reservation numbers are unique in the office across two stores, skip a number already claimed, and survive a retry', async () => {
    const office = atomic ? '80004' : '80014';
    const [a, b] = replicas(office, 2);
    // A number some other reservation holds already: the request that would propose it first takes its next one.
    const blocked = candidateNumber(reservationIdFor(`${office}-00000900`, 'k-900'), 0);
    await stores[0].append(
      numberStream(office, blocked),
      [
        {
          eventId: `claim-${office}`,
          type: 'ReservationNumberClaimed',
          data: { officeCode: office, number: blocked, reservationId: 'someone-else' },
          metadata: { correlationId: 't', schemaVersion: 1 },
        },
      ],
      'no_stream',
    );
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 ? a : b).request({ ...payload(900 + n, office), idempotencyKey: `k-${900 + n}` }, ctx),
      ),
    );
    const numbers = results.map((r) => r.number);
    expect(numbers.every((n) => typeof n === 'string' && /^[A-Z0-9]{3}-[A-Z0-9]{3}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(40);
    expect(numbers).not.toContain(blocked);
    const again = await a.request({ ...payload(900, office), idempotencyKey: 'k-900' }, ctx);
    expect(again).toEqual(results[0]);
    expect((await b.get(results[0].id)).number).toBe(results[0].number);
  });
});
