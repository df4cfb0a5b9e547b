import fc from 'fast-check';
import { TimerIndex, type IndexedTimer } from './timer-index';

interface FakeReservation {
  reservationId: string;
  timers: IndexedTimer[];
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 0, minute)).toISOString();

/** What a full scan of every reservation finds due: the behaviour the index must keep. */
function scan(model: Map<string, FakeReservation>, now: string): string[] {
  return [...model.values()]
    .flatMap((r) => r.timers)
    .filter((t) => t.dueAt <= now)
    .map((t) => `${t.dueAt} ${t.reservationId} ${t.kind}`)
    .sort();
}

const timerArb = (id: string) =>
  fc.record({
    reservationId: fc.constant(id),
    kind: fc.constantFrom('Lapse', 'MarkNoShow'),
    // Few instants and kinds: a timer dropped and given again (the same one twice in the heap) happens often.
    dueAt: fc.integer({ min: 0, max: 8 }).map(at),
  });

const stepArb = fc.oneof(
  fc.integer({ min: 0, max: 3 }).chain((n) =>
    fc.record({
      kind: fc.constant('update' as const),
      id: fc.constant(`r${n}`),
      timers: fc.array(timerArb(`r${n}`), { maxLength: 2 }),
    }),
  ),
  fc.record({ kind: fc.constant('due' as const), minute: fc.integer({ min: -1, max: 9 }) }),
);

describe('TimerIndex', () => {
  it('finds exactly the timers a scan of every reservation finds, earliest first, through any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80 }), (steps) => {
        const model = new Map<string, FakeReservation>();
        const index = new TimerIndex<FakeReservation, IndexedTimer>((r) => r.timers);
        for (const step of steps) {
          if (step.kind === 'update') {
            // The same timer twice in one state is one timer (timersOf never gives both).
            const timers = step.timers.filter(
              (t, i) => step.timers.findIndex((u) => u.kind === t.kind && u.dueAt === t.dueAt) === i,
            );
            const reservation = { reservationId: step.id, timers };
            model.set(step.id, reservation);
            index.update(reservation);
          } else {
            const now = at(step.minute);
            const found = index.due(now);
            expect(found.map((t) => `${t.dueAt} ${t.reservationId} ${t.kind}`).sort()).toEqual(scan(model, now));
            const order = found.map((t) => t.dueAt);
            expect(order).toEqual([...order].sort());
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a due timer due until its reservation moves on (a failed firing is tried again)', () => {
    const index = new TimerIndex<FakeReservation, IndexedTimer>((r) => r.timers);
    const timer = { reservationId: 'r1', kind: 'Lapse', dueAt: at(10) };
    index.update({ reservationId: 'r1', timers: [timer] });
    expect(index.due(at(9))).toEqual([]);
    expect(index.due(at(10))).toEqual([timer]);
    expect(index.due(at(11))).toEqual([timer]);
    index.update({ reservationId: 'r1', timers: [] });
    expect(index.due(at(11))).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('finds a timer once when it was dropped and given again before it fell due', () => {
    const index = new TimerIndex<FakeReservation, IndexedTimer>((r) => r.timers);
    const timer = { reservationId: 'r1', kind: 'MarkNoShow', dueAt: at(10) };
    index.update({ reservationId: 'r1', timers: [timer] });
    index.update({ reservationId: 'r1', timers: [] });
    index.update({ reservationId: 'r1', timers: [timer] });
    expect(index.due(at(10))).toEqual([timer]);
    expect(index.due(at(10))).toEqual([timer]);
  });

  it('rebuilds its heap when most entries are of timers no longer pending, and still answers the same', () => {
    const index = new TimerIndex<FakeReservation, IndexedTimer>((r) => r.timers);
    // 5,000 reservations each move their timer ten times: 50,000 entries pushed, 5,000 pending.
    for (let round = 0; round < 10; round += 1)
      for (let n = 0; n < 5000; n += 1)
        index.update({
          reservationId: `r${n}`,
          timers: [{ reservationId: `r${n}`, kind: 'Lapse', dueAt: at(100 - round) }],
        });
    expect(index.size).toBe(5000);
    expect(index.due(at(90))).toHaveLength(0);
    expect(index.due(at(91))).toHaveLength(5000);
    expect((index as unknown as { heap: unknown[] }).heap.length).toBeLessThanOrEqual(4 * 5000 + 5000);
  });
});
