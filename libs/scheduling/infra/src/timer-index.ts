// The pending timers of every reservation of the read model, ordered by due time, kept up
// to date as the model folds events. A tick asks it for what is due instead of working out
// the timers of every reservation each second: with a national history (hundreds of
// thousands of reservations) that scan held the event loop for a large part of each
// second, and every request waited behind it.
//
// Timers are a pure function of a reservation's state (`timersOf`), so the index only has
// to see each changed reservation. Entries of a heap are never changed in place: a
// reservation whose timers change gets new entries, and the old ones are dropped when they
// reach the top (or when the heap is rebuilt because most of it is stale).

export interface IndexedTimer {
  reservationId: string;
  kind: string;
  /** ISO 8601 in UTC (`toISOString`), so that text order is time order. */
  dueAt: string;
}

const sameTimer = (a: IndexedTimer, b: IndexedTimer) => a.kind === b.kind && a.dueAt === b.dueAt;
const before = (a: IndexedTimer, b: IndexedTimer) =>
  a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.reservationId < b.reservationId);

export class TimerIndex<R extends { reservationId: string }, T extends IndexedTimer> {
  /** Each reservation's timers as its current state gives them (reservations without any are absent). */
  private readonly pending = new Map<string, T[]>();
  /** A binary min-heap by due time; may hold entries of timers no longer pending. */
  private heap: T[] = [];

  constructor(private readonly timersOf: (reservation: R) => T[]) {}

  /** How many timers are pending. */
  get size(): number {
    let n = 0;
    for (const timers of this.pending.values()) n += timers.length;
    return n;
  }

  /** Takes a reservation's state as it is now (new, changed or the same again). */
  update(reservation: R): void {
    const timers = this.timersOf(reservation);
    const id = reservation.reservationId;
    const had = this.pending.get(id);
    if (timers.length === 0) this.pending.delete(id);
    else this.pending.set(id, timers);
    for (const timer of timers) if (!had?.some((h) => sameTimer(h, timer))) this.push(timer);
    // Mostly stale entries (reservations that moved on before their timers fell due): rebuild.
    if (this.heap.length > 1024 && this.heap.length > 4 * this.pending.size) this.rebuild();
  }

  /**
   * The timers due at `now` (due time at or before it), earliest first. They stay pending:
   * a timer leaves the index when its reservation's state no longer gives it, so one whose
   * firing failed is due again at the next tick.
   */
  due(now: string): T[] {
    const found: T[] = [];
    const seen = new Set<string>();
    while (this.heap.length > 0 && this.heap[0].dueAt <= now) {
      const top = this.pop();
      const key = `${top.reservationId}\u0000${top.kind}\u0000${top.dueAt}`;
      if (seen.has(key) || !this.pending.get(top.reservationId)?.some((t) => sameTimer(t, top))) continue;
      seen.add(key);
      found.push(top);
    }
    for (const timer of found) this.push(timer);
    return found;
  }

  private rebuild(): void {
    this.heap = [...this.pending.values()].flat().sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  private push(timer: T): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): T {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && before(heap[left], heap[least])) least = left;
        if (right < heap.length && before(heap[right], heap[least])) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    }
    return top;
  }
}
