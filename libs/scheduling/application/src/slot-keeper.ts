// The process manager of places (R4): for every slot, bookings and holds must be exactly
// those of the reservations that own them. On PostgreSQL and PGlite a reservation and
// its slots commit together, so this finds nothing; on a store without multi-stream
// commits (KurrentDB), a crash between the appends leaves work half done, and this is
// what finishes it after a restart:
// - a decision whose slot changes are missing (a booking to make, a hold or booking to
//   give back) is completed at once: the reservation's own history says what is right;
// - a place held for a reservation that has not decided yet (none, or still requested:
//   the place is taken before the decision) is given back only once it is older than a
//   grace period, so that a command still on its way is not undone.
// It runs at start and then periodically in every replica; its repairs are ordinary
// commands (expected revisions, ids from content), so two replicas cannot double them.
import type { Reservation, SlotState } from '@soudan/scheduling-domain';
import type { CommandContext, CommandHandler } from './command-handler';
import { placeIn, placesOf } from './places';

export interface PlacesModel {
  reservations: ReadonlyMap<string, Reservation>;
  /** Keyed by slotKey(office, start). */
  slots: ReadonlyMap<string, SlotState>;
}

/** A slot of an office, as read models key it (R70: every office has its own slots). */
export const slotKey = (officeCode: string, start: string) => `${officeCode}|${start}`;
export function slotOfKey(key: string): { officeCode: string; slot: string } {
  const bar = key.indexOf('|');
  return { officeCode: key.slice(0, bar), slot: key.slice(bar + 1) };
}

/** The reservations and slots (by slotKey) whose pairs to look at again. */
export interface ModelScope {
  reservations: Iterable<string>;
  slots: Iterable<string>;
}

export interface Repair {
  reservationId: string;
  officeCode: string;
  slot: string;
  had: 'hold' | 'booking' | undefined;
  should: 'hold' | 'booking' | undefined;
}

export interface SlotKeeperOptions {
  /** How long a place taken for an undecided reservation is left alone (default 2 minutes). */
  graceMs?: number;
}

export class SlotKeeper {
  private readonly graceMs: number;

  constructor(
    private readonly handler: CommandHandler,
    options: SlotKeeperOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 120_000;
  }

  /**
   * Where a read model disagrees with itself (cheap, in memory): candidates to check
   * against the store. With a scope, only the pairs of those reservations and slots: a
   * pair's agreement depends on its reservation and its slot alone, so after a full look
   * the pairs to look at again are those of what changed since (SchedulingProjection's
   * trackChanges) and those found before and not yet repaired.
   */
  static mismatches(model: PlacesModel, scope?: ModelScope): Repair[] {
    const found: Repair[] = [];
    const seen = new Set<string>();
    const add = (repair: Repair) => {
      const key = `${repair.reservationId}\u0000${repair.officeCode}\u0000${repair.slot}`;
      if (seen.has(key)) return;
      seen.add(key);
      found.push(repair);
    };
    const slots: Iterable<[string, SlotState]> = scope
      ? [...scope.slots].flatMap((key): Array<[string, SlotState]> => {
          const state = model.slots.get(key);
          return state ? [[key, state]] : [];
        })
      : model.slots;
    for (const [key, state] of slots) {
      const { officeCode, slot } = slotOfKey(key);
      for (const id of [...state.holds.keys(), ...state.bookings]) {
        const r = model.reservations.get(id);
        const should = r && r.officeCode === officeCode ? placesOf(r).get(slot) : undefined;
        const had = placeIn(state, id);
        if (had !== should) add({ reservationId: id, officeCode, slot, had, should });
      }
    }
    const reservations: Iterable<Reservation> = scope
      ? [...scope.reservations].flatMap((id) => model.reservations.get(id) ?? [])
      : model.reservations.values();
    for (const r of reservations) {
      for (const [slot, should] of placesOf(r)) {
        const state = model.slots.get(slotKey(r.officeCode, slot));
        const had = state ? placeIn(state, r.reservationId) : undefined;
        if (had !== should) add({ reservationId: r.reservationId, officeCode: r.officeCode, slot, had, should });
      }
    }
    return found;
  }

  /** Checks each candidate against the store and repairs what is still wrong; returns what it repaired. */
  async repair(candidates: Repair[], ctx: Omit<CommandContext, 'correlationId'>): Promise<Repair[]> {
    const repaired: Repair[] = [];
    for (const candidate of candidates) {
      const done = await this.handler.handle(
        'reconcile',
        { ...ctx, correlationId: `slot-keeper-${candidate.reservationId}` },
        async () => {
          const loaded = await this.handler.streams.reservation(candidate.reservationId);
          const undecided = loaded.state.status === 'none' || loaded.state.status === 'requested';
          if (undecided && !(await this.olderThanGrace(candidate, ctx.now)))
            return { changes: [], answer: () => false };
          return {
            changes: [{ loaded, events: [], alsoSlots: [candidate.slot], officeCode: candidate.officeCode }],
            answer: () => true,
          };
        },
      );
      if (done) repaired.push(candidate);
    }
    return repaired;
  }

  private async olderThanGrace(candidate: Repair, now: string): Promise<boolean> {
    const slot = await this.handler.streams.slot(candidate.officeCode, candidate.slot);
    const latest = slot.times?.at(-1);
    return latest === undefined || Date.parse(now) - Date.parse(latest) >= this.graceMs;
  }
}
