// Scheduling over a real PostgreSQL: no double booking under concurrency (R4), timers
// that survive a restart and fire once with two replicas (R14, R18), and a model test
// of random command sequences. Eligibility is another service; here it is a port
// answering "eligible" so that these tests are about scheduling alone.
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { PostgresEventStore, type EventStore } from '@soudan/event-store';
import { createLogger, loadAggregate } from '@soudan/platform';
import { reservationStream, slotStream, type SchedulingSettings } from '@soudan/scheduling-application';
import { DomainError, evolve, initialState, reservationDecider, slotDecider, taken } from '@soudan/scheduling-domain';
import { TERMINAL_STATUSES } from '@soudan/scheduling-contracts';
import { BusinessCalendar, ManualClock } from '@soudan/time';
import { createTestDatabase, startPostgres, type TestDatabase, type TestPostgresServer } from '@soudan/testing';
import { SchedulingProjection } from './scheduling.projection';
import { TimerRunner } from './timers';
import { SlotKeeperRunner } from './slot-keeper.runner';
import { schedulingDriver } from './testing/scheduling-driver';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const settings = (capacity: number): SchedulingSettings => ({
  officeCode: '16070',
  officePhone: '076-475-0324',
  calendar: new BusinessCalendar(),
  slotMinutes: 30,
  defaultCapacity: capacity,
  publicBaseUrl: 'http://localhost:3000',
});
const requestPayload = (n: number, slot = '2026-12-02T10:00:00+09:00') => ({
  officeCode: '16070',
  jobSeekerNumber: `16070-${String(n).padStart(8, '0')}`,
  name: '滑川 太郎',
  email: `s${n}@example.jp`,
  desiredSlots: [slot],
  topic: '相談',
  onlineReason: '子育て',
  ...readySeeker(),
});
const ctx = { correlationId: 'test', actor: 'staff:test' };
const codeOf = (error: unknown) => (error as { code?: string }).code;

describe('scheduling over PostgreSQL', () => {
  let server: TestPostgresServer;
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    server = await startPostgres();
    db = await createTestDatabase(server, 'soudan_scheduling');
    store = await PostgresEventStore.connect({ url: db.url, poolSize: 20 });
  });

  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await server?.stop();
  });

  it('R4: 100 concurrent offers for the last place in a slot: exactly the capacity succeeds, the rest get SLOT_FULL', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const capacity = 2;
    const service = schedulingDriver(store, clock, { ...settings(capacity), officeCode: '90001' });
    const slot = '2026-12-03T11:00:00+09:00';
    const ids = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        service.request({ ...requestPayload(1000 + i, slot), officeCode: '90001' }, ctx).then((r) => r.id),
      ),
    );
    const outcomes = await Promise.allSettled(ids.map((id) => service.offer(id, [slot], 'v1', ctx)));
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(capacity);
    expect(refused.map((r) => codeOf(r.reason))).toEqual(Array(100 - capacity).fill('SLOT_FULL'));
    // And the loser reservations hold nothing and are still requested.
    const states = await Promise.all(ids.map((id) => service.get(id)));
    expect(states.filter((s) => s.status === 'offered')).toHaveLength(capacity);
  });

  it('R4/R13: 50 concurrent consents cannot book more than the capacity, holds and bookings together', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const service = schedulingDriver(store, clock, { ...settings(3), officeCode: '90002' });
    const slot = '2026-12-04T14:00:00+09:00';
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        service.request({ ...requestPayload(2000 + i, slot), officeCode: '90002' }, ctx).then((r) => r.id),
      ),
    );
    const offers = await Promise.allSettled(ids.map((id) => service.offer(id, [slot], 'v1', ctx)));
    const offeredIds = ids.filter((_, i) => offers[i].status === 'fulfilled');
    const consents = await Promise.allSettled(
      [...offeredIds, ...offeredIds].map((id) => service.consent(id, slot, 'v1', 'web', ctx)),
    );
    expect(consents.filter((c) => c.status === 'fulfilled').length).toBeGreaterThanOrEqual(3);
    const confirmed = (await Promise.all(ids.map((id) => service.get(id)))).filter((s) => s.status === 'confirmed');
    expect(confirmed).toHaveLength(3);
  });

  it('R18: a no-show due while the service was down fires once after it comes back, even with two replicas', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const service = schedulingDriver(store, clock, { ...settings(1), officeCode: '90003' });
    const slot = '2026-12-02T15:00:00+09:00';
    const { id } = await service.request({ ...requestPayload(3001, slot), officeCode: '90003' }, ctx);
    await service.offer(id, [slot], 'v1', ctx);
    await service.consent(id, slot, 'v1', 'web', ctx);

    // "Down": nothing runs while the clock passes start + 10 minutes (and the reminder).
    clock.set('2026-12-02T06:30:00.000Z');

    // "Back", twice: two replicas rebuild their models from the history and tick together.
    const replicas = [0, 1].map(() => {
      const projection = new SchedulingProjection(store, quiet);
      const replicaService = schedulingDriver(store, clock, { ...settings(1), officeCode: '90003' });
      return { projection, runner: new TimerRunner(projection, replicaService.scheduling, clock, quiet) };
    });
    await Promise.all(replicas.map((r) => r.projection.start()));
    // start() folds what PostgreSQL lets it read now; a transaction elsewhere on the server can
    // hold the newest events back for a moment, so wait for them as the service's reads do.
    const head = (await store.readStream(reservationStream(id))).at(-1)!.position;
    await Promise.all(replicas.map((r) => r.projection.caughtUp(head, 10_000)));
    await Promise.all(replicas.map((r) => r.runner.tick()));
    await Promise.all(replicas.map((r) => r.runner.tick()));
    await Promise.all(replicas.map((r) => r.projection.stop()));

    const events = await store.readStream(reservationStream(id));
    expect(events.filter((e) => e.type === 'SessionNoShow')).toHaveLength(1);
    expect((await service.get(id)).status).toBe('no_show');
  });

  it('R14: an offer nobody answered lapses after its last deadline and gives its places back', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const s = { ...settings(1), officeCode: '90004' };
    const service = schedulingDriver(store, clock, s);
    const slot = '2026-12-02T11:00:00+09:00';
    // The runner's index is built before the reservation exists: the timer reaches it as
    // the projection folds the offer, not from the model as it was when the index was made.
    const projection = new SchedulingProjection(store, quiet);
    await projection.start();
    const runner = new TimerRunner(projection, service.scheduling, clock, quiet);
    await runner.tick();
    const { id } = await service.request({ ...requestPayload(4001, slot), officeCode: '90004' }, ctx);
    await service.offer(id, [slot], 'v1', ctx);
    await projection.caughtUp((await store.readStream(reservationStream(id))).at(-1)!.position, 10_000);
    expect(await runner.tick()).toEqual([]);
    clock.set('2026-12-01T15:00:00.000Z');
    expect((await runner.tick()).map((t) => t.kind)).toEqual(['Lapse']);
    expect((await service.get(id)).status).toBe('lapsed');
    // Another seeker can now be offered that place.
    const other = await service.request(
      { ...requestPayload(4002, '2026-12-04T11:00:00+09:00'), officeCode: '90004' },
      ctx,
    );
    clock.set('2026-11-26T01:00:00.000Z');
    await expect(service.offer(other.id, [slot], 'v1', ctx)).resolves.toBeDefined();
    await projection.stop();
  });

  it('R4: after its first full look the slot keeper looks at what changed, and still gives back a place nobody owns', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const s = { ...settings(1), officeCode: '90009' };
    const graceMs = 120_000;
    const service = schedulingDriver(store, clock, s, { keeper: { graceMs } });
    const slot = '2026-12-02T13:00:00+09:00';
    const { id } = await service.request({ ...requestPayload(9001, slot), officeCode: '90009' }, ctx);
    await service.offer(id, [slot], 'v1', ctx);
    const projection = new SchedulingProjection(store, quiet);
    await projection.start();
    const runner = new SlotKeeperRunner(service.scheduling.keeper, projection, clock, quiet, 60_000);
    expect(await runner.check()).toEqual([]);

    // A place taken for a reservation that never came (a crash between appends on a store
    // without multi-stream commits), after the first round: only a later round can see it.
    const stray = await store.append(
      slotStream('90009', slot),
      [
        {
          eventId: randomUUID(),
          type: 'SlotHeld',
          data: {
            slot: new Date(slot).toISOString(),
            reservationId: 'never-decided',
            until: '2026-12-01T14:59:59.999Z',
            at: clock.now().toISOString(),
          },
          metadata: { correlationId: 'test', actor: 'system:test', schemaVersion: 1 },
        },
      ],
      'any',
    );
    await projection.caughtUp(stray.position, 10_000);
    // Within its grace it is found and left alone; nothing changes in the model after that,
    // so the next round finds it only because the last one kept what it did not repair.
    expect(await runner.check()).toEqual([]);
    clock.set(new Date(clock.now().getTime() + graceMs).toISOString());
    const repaired = await runner.check();
    expect(repaired).toEqual([
      expect.objectContaining({ reservationId: 'never-decided', officeCode: '90009', had: 'hold', should: undefined }),
    ]);
    const state = await loadAggregate(store, slotStream('90009', slot), slotDecider);
    expect([...state.state.holds.keys()]).toEqual([id]);
    // The model folds the repair; a round takes that change and finds nothing.
    await projection.caughtUp((await store.readStream(slotStream('90009', slot))).at(-1)!.position, 10_000);
    expect(await runner.check()).toEqual([]);

    // A place no repair can change (booked where the reservation should hold: a booking is
    // never turned back into a hold): every round finds it again, as a full look would,
    // even though the one before answered it as handled.
    const booked = await store.append(
      slotStream('90009', slot),
      [
        {
          eventId: randomUUID(),
          type: 'SlotBooked',
          data: { slot: new Date(slot).toISOString(), reservationId: id, at: clock.now().toISOString() },
          metadata: { correlationId: 'test', actor: 'system:test', schemaVersion: 1 },
        },
      ],
      'any',
    );
    await projection.caughtUp(booked.position, 10_000);
    const stuck = expect.objectContaining({ reservationId: id, had: 'booking', should: 'hold' });
    expect(await runner.check()).toEqual([stuck]);
    expect(await runner.check()).toEqual([stuck]);

    // A decision recorded without its slot change (the reservation cancelled, its hold not
    // given back): the reservation changed, not the slot, and the round after finds it.
    const decider = reservationDecider(new BusinessCalendar());
    const loaded = await loadAggregate(store, reservationStream(id), { initialState, evolve });
    const cancelled = decider.decide(
      {
        type: 'CancelByStaff',
        data: { channel: 'phone', by: 'staff:test' },
        metadata: { now: clock.now().toISOString() },
      },
      loaded.state,
    );
    const appended = await store.append(
      reservationStream(id),
      cancelled.map((e) => ({
        eventId: randomUUID(),
        ...e,
        metadata: { correlationId: 'test', actor: 'staff:test', schemaVersion: 1 },
      })),
      loaded.expected,
    );
    await projection.caughtUp(appended.position, 10_000);
    expect(await runner.check()).toEqual([
      expect.objectContaining({ reservationId: id, officeCode: '90009', had: 'booking', should: undefined }),
    ]);
    const after = await loadAggregate(store, slotStream('90009', slot), slotDecider);
    expect(after.state.holds.size + after.state.bookings.size).toBe(0);
    await projection.stop();
  });

  it('R7: a request left unanswered is flagged overdue once', async () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    const service = schedulingDriver(store, clock, { ...settings(1), officeCode: '90005' });
    const { id } = await service.request({ ...requestPayload(5001), officeCode: '90005' }, ctx);
    const projection = new SchedulingProjection(store, quiet);
    await projection.start();
    const runner = new TimerRunner(projection, service.scheduling, clock, quiet);
    clock.set('2026-11-30T15:00:01.000Z');
    expect((await runner.tick()).map((t) => t.kind)).toContain('MarkOverdue');
    await projection.caughtUp((await store.readStream(reservationStream(id))).at(-1)!.position);
    await runner.tick();
    const events = await store.readStream(reservationStream(id));
    expect(events.filter((e) => e.type === 'AnswerOverdue')).toHaveLength(1);
    await projection.stop();
  });

  it('model: random command sequences keep capacity, keep terminal states terminal, and confirm only with consent on record', async () => {
    let office = 91000;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: 4 }),
            what: fc.constantFrom(
              'offer',
              'consent',
              'cancel',
              'staffCancel',
              'lapseTime',
              'noShowTime',
              'checkIn',
              'complete',
            ),
            slot: fc.integer({ min: 0, max: 1 }),
          }),
          { minLength: 5, maxLength: 25 },
        ),
        async (steps) => {
          office += 1;
          const clock = new ManualClock('2026-11-25T01:00:00.000Z');
          const s = { ...settings(2), officeCode: String(office) };
          const service = schedulingDriver(store, clock, s);
          const slots = ['2026-12-02T10:00:00+09:00', '2026-12-02T10:30:00+09:00'];
          const ids = await Promise.all(
            [0, 1, 2, 3, 4].map((n) =>
              service.request({ ...requestPayload(n, slots[0]), officeCode: s.officeCode }, ctx).then((r) => r.id),
            ),
          );
          const seenTerminal = new Map<string, string>();
          for (const step of steps) {
            const id = ids[step.who];
            try {
              if (step.what === 'offer') await service.offer(id, [slots[step.slot]], 'v1', ctx);
              if (step.what === 'consent') await service.consent(id, slots[step.slot], 'v1', 'web', ctx);
              if (step.what === 'cancel') await service.cancelBySeeker(id, ctx);
              if (step.what === 'staffCancel') await service.cancelByStaff(id, ctx);
              if (step.what === 'checkIn') await service.checkIn(id, ctx);
              if (step.what === 'complete') await service.complete(id, ctx);
              if (step.what === 'lapseTime') {
                clock.set('2026-12-01T15:00:01.000Z');
                for (const each of ids) await service.fire(each, 'Lapse', ctx);
              }
              if (step.what === 'noShowTime') {
                clock.set('2026-12-02T01:50:00.000Z');
                for (const each of ids) await service.fire(each, 'MarkNoShow', ctx);
              }
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
            // Invariants after every step.
            const now = clock.now().toISOString();
            for (const slot of slots) {
              const { state } = await loadAggregate(store, slotStream(s.officeCode, slot), slotDecider);
              expect(taken(state, now)).toBeLessThanOrEqual(2);
            }
            for (const each of ids) {
              const state = await service.get(each);
              const was = seenTerminal.get(each);
              if (was) expect(state.status).toBe(was);
              if (TERMINAL_STATUSES.includes(state.status)) seenTerminal.set(each, state.status);
              if (['confirmed', 'invited', 'in_session', 'completed', 'no_show'].includes(state.status)) {
                const events = await store.readStream(reservationStream(each));
                const confirmed = events.find((e) => e.type === 'ReservationConfirmed');
                expect((confirmed?.data as { termsVersion?: string } | undefined)?.termsVersion).toBe('v1');
              }
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
