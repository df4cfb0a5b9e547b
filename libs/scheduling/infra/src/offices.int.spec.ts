// R70-R73 in scheduling: one service, many offices. Each office's requests are decided by
// its own hours and calendar, its slots and capacity are its own, lists are narrowed to
// the offices a member of staff works for, and each office reads the national template of
// the terms under its own name. Real PostgreSQL; the registry as the projection folds it.
import { Writable } from 'node:stream';
import { PostgresEventStore } from '@soudan/event-store';
import { NAMERIKAWA, type OfficeSettings } from '@soudan/offices';
import { createLogger } from '@soudan/platform';
import type { RequestReservationPayload } from '@soudan/scheduling-contracts';
import { officeRegistryDecider } from '@soudan/scheduling-domain';
import { ManualClock } from '@soudan/time';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { OFFICE_REGISTRY_STREAM } from './office-registry';
import { officeSchedulingSettings, SchedulingOffices } from './offices';
import { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import { BUILT_IN_TERMS, nationalTerms } from './terms';
import { schedulingDriver } from './testing/scheduling-driver';
import { appendSyntheticHistory } from './testing/synthetic-history';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const quiet = createLogger({ name: 't', level: 'silent', destination: new Writable({ write: (_c, _e, d) => d() }) });

/** A second office: opens an hour earlier and closes an hour later than Namerikawa. */
const IIDABASHI: OfficeSettings = {
  ...NAMERIKAWA,
  code: '13010',
  name: 'ハローワーク飯田橋',
  phone: '03-3812-8609',
  hours: { open: '09:00', close: '17:00', slotMinutes: 30 },
  closures: ['2026-12-03'],
};

const ctx = (actor: string) => ({ correlationId: 't', actor });

function request(number: string, officeCode: string, slots: string[]): RequestReservationPayload {
  return {
    officeCode,
    jobSeekerNumber: number,
    name: '相談 太郎',
    email: `${number}@example.jp`,
    desiredSlots: slots,
    topic: '応募書類の相談',
    onlineReason: '育児のため',
    ...readySeeker(),
  };
}

describe('offices side by side in one scheduling service (R70-R73)', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let projection: SchedulingProjection;
  let offices: SchedulingOffices;
  let queries: SchedulingQueries;
  let driver: ReturnType<typeof schedulingDriver>;
  // Wednesday 25 November 2026, 10:00 JST: a week before the slots asked for.
  const clock = new ManualClock('2026-11-25T01:00:00.000Z');

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_offices');
    store = await PostgresEventStore.connect({ url: db.url, schema: 'scheduling_offices' });
    // The registry as the national administrator leaves it: both offices registered.
    let registry = officeRegistryDecider.initialState();
    const events = [];
    for (const office of [NAMERIKAWA, IIDABASHI]) {
      const { code, ...settings } = office;
      const decided = officeRegistryDecider.decide(
        {
          type: 'SetOffice',
          data: { code, settings, source: { kind: 'api' }, by: 'staff:admin' },
          metadata: { now: clock.now().toISOString() },
        },
        registry,
      );
      registry = decided.reduce(officeRegistryDecider.evolve, registry);
      events.push(...decided);
    }
    await store.append(
      OFFICE_REGISTRY_STREAM,
      events.map((e, i) => ({
        eventId: `00000000-0000-4000-8000-00000000000${i}`,
        ...e,
        metadata: { correlationId: 't', schemaVersion: 1 },
      })),
      'no_stream',
    );
    projection = new SchedulingProjection(store, quiet);
    await projection.start();
    offices = new SchedulingOffices(projection.offices, officeSchedulingSettings(NAMERIKAWA));
    let last = 0n;
    driver = schedulingDriver(store, clock, officeSchedulingSettings(NAMERIKAWA), {
      offices: (code) => offices.settings(code),
      vacancy: (office, slot, now) => queries.remaining(office, slot, now),
      onAppended: (position) => (last = position > last ? position : last),
    });
    queries = new SchedulingQueries(projection, clock, offices, driver.scheduling.texts);
    settle = () => projection.caughtUp(last, 5000);
  });
  let settle: () => Promise<void>;

  afterAll(async () => {
    await projection?.stop();
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  it('R70: the registry folded by the projection gives each office its own settings', () => {
    expect(offices.codes()).toEqual(['13010', '16070']);
    expect(offices.settings('13010')).toMatchObject({ officeCode: '13010', officePhone: '03-3812-8609' });
    expect(offices.settings('99999')).toBeUndefined();
  });

  it("R71, R3: a request is decided by its office's hours: 09:00 is outside Namerikawa's, inside Iidabashi's", async () => {
    const nine = '2026-12-02T09:00:00+09:00';
    await expect(driver.request(request('16070-00000001', '16070', [nine]), ctx('seeker:a'))).rejects.toMatchObject({
      code: 'OUTSIDE_HOURS',
    });
    const { id } = await driver.request(request('13010-00000001', '13010', [nine]), ctx('seeker:b'));
    expect((await driver.get(id)).officeCode).toBe('13010');
  });

  it("R70, R2: an office's own closure closes that office only", async () => {
    const closed = '2026-12-03T10:00:00+09:00';
    await expect(driver.request(request('13010-00000002', '13010', [closed]), ctx('seeker:c'))).rejects.toMatchObject({
      code: 'NOT_BUSINESS_DAY',
    });
    await expect(driver.request(request('16070-00000002', '16070', [closed]), ctx('seeker:d'))).resolves.toMatchObject({
      status: 'requested',
    });
  });

  it('R71, R4: the same hour at two offices is two slots, each with its own capacity', async () => {
    const ten = '2026-12-04T10:00:00+09:00';
    const here = await driver.request(request('16070-00000003', '16070', [ten]), ctx('seeker:e'));
    const there = await driver.request(request('13010-00000003', '13010', [ten]), ctx('seeker:f'));
    // Capacity 1 at each office: with one shared slot the second offer would find it full.
    await driver.offer(here.id, [ten], BUILT_IN_TERMS.version, ctx('staff:sv16070'));
    await driver.offer(there.id, [ten], BUILT_IN_TERMS.version, ctx('staff:sv13010'));
    await settle();
    const slotOf = (office: string) =>
      queries
        .availability({ from: '2026-12-04', to: '2026-12-04', officeCode: office })
        .slots.find((s) => s.start === '2026-12-04T01:00:00.000Z');
    expect(slotOf('16070')).toMatchObject({ remaining: 0, reason: 'SLOT_FULL' });
    expect(slotOf('13010')).toMatchObject({ remaining: 0, reason: 'SLOT_FULL' });
    // Iidabashi's 09:00 exists; Namerikawa has no 09:00 slot at all.
    const nine = '2026-12-04T00:00:00.000Z';
    const at = (office: string) =>
      queries.availability({ from: '2026-12-04', to: '2026-12-04', officeCode: office }).slots.map((s) => s.start);
    expect(at('13010')).toContain(nine);
    expect(at('16070')).not.toContain(nine);
  });

  it('R71: an office the deployment does not serve is refused with OFFICE_NOT_SERVED, for requests and availability', async () => {
    await expect(
      driver.request(request('99999-00000001', '99999', ['2026-12-02T10:00:00+09:00']), ctx('seeker:g')),
    ).rejects.toMatchObject({ code: 'OFFICE_NOT_SERVED', details: { officeCode: '99999' } });
    expect(() => queries.availability({ from: '2026-12-02', to: '2026-12-02', officeCode: '99999' })).toThrow(
      expect.objectContaining({ code: 'OFFICE_NOT_SERVED' }),
    );
  });

  it("R72: staff lists show only the offices the member works for; '*' shows every office", async () => {
    await settle();
    const officesIn = async (scope: string[] | undefined) =>
      new Set(
        (await queries.staffReservations({ offices: scope })).map((r) => projection.reservations.get(r.id)!.officeCode),
      );
    expect(await officesIn(['16070'])).toEqual(new Set(['16070']));
    expect(await officesIn(['13010'])).toEqual(new Set(['13010']));
    expect(await officesIn(['*'])).toEqual(new Set(['16070', '13010']));
    // One office's list comes from its own index: all of that office's, none missing.
    const ids = async (scope: string[]) =>
      (await queries.staffReservations({ offices: scope })).map((r) => r.id).sort();
    const ofOffice = (code: string) =>
      [...projection.reservations.values()]
        .filter((r) => r.officeCode === code)
        .map((r) => r.reservationId)
        .sort();
    expect(await ids(['16070'])).toEqual(ofOffice('16070'));
    expect(await ids(['13010'])).toEqual(ofOffice('13010'));
    expect(await ids(['16070', '13010'])).toEqual([...ofOffice('16070'), ...ofOffice('13010')].sort());
    expect(ofOffice('16070').length).toBeGreaterThan(0);
    expect(
      queries.alerts(['16070']).every((a) => projection.reservations.get(a.reservationId)!.officeCode === '16070'),
    ).toBe(true);
  });

  it("R71, R17: a seeker's view gives their own office's phone number", async () => {
    await settle();
    const theirs = [...projection.reservations.values()].find((r) => r.officeCode === '13010')!;
    expect(queries.seekerView(theirs)).toMatchObject({ officePhone: '03-3812-8609' });
  });

  it('R73: the national template is adopted under the office’s own name, with the template’s version', () => {
    const adopted = nationalTerms('ハローワーク飯田橋');
    expect(adopted.version).toBe(BUILT_IN_TERMS.version);
    expect(adopted.body).toContain('ハローワーク飯田橋（以下「当ハローワーク」といいます。）');
    expect(adopted.body).not.toContain('ハローワーク滑川');
    expect(nationalTerms('ハローワーク滑川')).toBe(BUILT_IN_TERMS);
  });
});

describe('a one-office history from before the registry (issue 10, migration)', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_offices_migration');
    store = await PostgresEventStore.connect({ url: db.url, schema: 'scheduling_before_offices' });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  it('R70, R71: with no registry events at all, its reservations, slots and capacity read as the configured office’s', async () => {
    // Written as a one-office deployment wrote them: no office-registry stream.
    await appendSyntheticHistory(store, 500);
    const projection = new SchedulingProjection(store, quiet);
    await projection.start();
    try {
      expect(projection.offices.size).toBe(0);
      const offices = new SchedulingOffices(projection.offices, officeSchedulingSettings(NAMERIKAWA));
      const queries = new SchedulingQueries(projection, new ManualClock('2026-11-25T01:00:00.000Z'), offices, {
        open: async (items: unknown[]) => items.map(() => undefined),
      } as never);
      const all = await queries.staffReservations({ offices: ['16070'] });
      expect(all.length).toBe(projection.reservations.size);
      expect(await queries.staffReservations({ offices: ['13010'] })).toEqual([]);
      // 10:30 on Wednesday 2 December: capacity 2 in the history's settings, one place booked.
      const slot = queries
        .availability({ from: '2026-12-02', to: '2026-12-02', officeCode: '16070' })
        .slots.find((s) => s.start === '2026-12-02T01:30:00.000Z');
      expect(slot).toBeDefined();
      expect(slot!.remaining).toBe(1);
    } finally {
      await projection.stop();
    }
  });
});
