// One consultation slot's places (R4): holds for offers (R12) and bookings for
// confirmed sessions both use capacity. Its own stream, so that optimistic concurrency
// on it is what makes double booking impossible under concurrent requests.
import { DomainError } from './domain-error';

export type SlotEvent =
  | { type: 'SlotHeld'; data: { slot: string; reservationId: string; until: string; at: string } }
  | { type: 'SlotHoldReleased'; data: { slot: string; reservationId: string; at: string } }
  | { type: 'SlotBooked'; data: { slot: string; reservationId: string; at: string } }
  | { type: 'SlotReleased'; data: { slot: string; reservationId: string; at: string } };

export interface SlotState {
  holds: ReadonlyMap<string, string>;
  bookings: ReadonlySet<string>;
}

export type SlotCommand =
  | {
      type: 'Hold';
      data: { slot: string; reservationId: string; until: string; capacity: number };
      metadata: { now: string };
    }
  | {
      type: 'Book';
      data: { slot: string; reservationId: string; capacity: number; requireHold: boolean };
      metadata: { now: string };
    }
  | { type: 'ReleaseHold'; data: { slot: string; reservationId: string }; metadata: { now: string } }
  | { type: 'Release'; data: { slot: string; reservationId: string }; metadata: { now: string } };

export const initialSlotState = (): SlotState => ({ holds: new Map(), bookings: new Set() });

/** Places taken now: bookings plus holds whose R6 deadline has not passed. */
export function taken(state: SlotState, now: string): number {
  let live = 0;
  for (const until of state.holds.values()) if (until >= now) live += 1;
  return state.bookings.size + live;
}

export function evolveSlot(state: SlotState, event: SlotEvent): SlotState {
  const holds = new Map(state.holds);
  const bookings = new Set(state.bookings);
  const id = event.data.reservationId;
  switch (event.type) {
    case 'SlotHeld':
      holds.set(id, event.data.until);
      break;
    case 'SlotHoldReleased':
      holds.delete(id);
      break;
    case 'SlotBooked':
      holds.delete(id);
      bookings.add(id);
      break;
    case 'SlotReleased':
      bookings.delete(id);
      break;
  }
  return { holds, bookings };
}

export function decideSlot(command: SlotCommand, state: SlotState): SlotEvent[] {
  const { now } = command.metadata;
  const { slot, reservationId } = command.data;
  switch (command.type) {
    case 'Hold': {
      if (state.holds.has(reservationId) || state.bookings.has(reservationId)) return [];
      if (taken(state, now) >= command.data.capacity)
        throw new DomainError('SLOT_FULL', 'this slot has no place left', { slot });
      return [{ type: 'SlotHeld', data: { slot, reservationId, until: command.data.until, at: now } }];
    }
    case 'Book': {
      if (state.bookings.has(reservationId)) return [];
      // R13: the reservation's own live hold becomes its booking ('' when it has none: before any instant).
      const until = state.holds.get(reservationId) ?? '';
      if (until >= now) return [{ type: 'SlotBooked', data: { slot, reservationId, at: now } }];
      // R13: a consent for a slot no longer held is refused; a follow-up books directly.
      if (command.data.requireHold)
        throw new DomainError('SLOT_NOT_HELD', 'this slot is no longer held for you', { slot });
      if (taken(state, now) >= command.data.capacity)
        throw new DomainError('SLOT_FULL', 'this slot has no place left', { slot });
      return [{ type: 'SlotBooked', data: { slot, reservationId, at: now } }];
    }
    case 'ReleaseHold':
      return state.holds.has(reservationId)
        ? [{ type: 'SlotHoldReleased', data: { slot, reservationId, at: now } }]
        : [];
    case 'Release':
      return state.bookings.has(reservationId)
        ? [{ type: 'SlotReleased', data: { slot, reservationId, at: now } }]
        : [];
  }
}

export const slotDecider = { decide: decideSlot, evolve: evolveSlot, initialState: initialSlotState };
