// What R4 demands of a whole store, checked from the events alone (tests): for every
// slot, its bookings and holds are exactly those of the reservations that own them,
// and never more than its capacity.
import type { EventStore, RecordedEvent } from '@soudan/event-store';
import { placeIn, placesOf, type PlacesModel } from '@soudan/scheduling-application';
import {
  capacityDecider,
  capacityOf,
  evolve,
  initialState,
  slotDecider,
  upcastReservationEvent,
  type CapacityEvent,
  type ReservationState,
  type SlotEvent,
  type SlotState,
} from '@soudan/scheduling-domain';

export interface PlacesReport {
  slots: number;
  reservations: number;
  problems: string[];
  /** The places as the events have them, in the shape the slot keeper reads. */
  model: PlacesModel;
}

async function everything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: bigint | undefined; ;) {
    const page = await store.readAll({ after, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page.at(-1)!.position;
  }
}

export async function checkPlaces(store: EventStore, defaultCapacity: number): Promise<PlacesReport> {
  const reservations = new Map<string, ReservationState>();
  const slots = new Map<string, SlotState>();
  let capacity = capacityDecider.initialState();
  for (const event of await everything(store)) {
    if (event.streamId.startsWith('reservation-')) {
      const id = event.streamId.slice('reservation-'.length);
      reservations.set(id, upcastReservationEvent(event).reduce(evolve, reservations.get(id) ?? initialState()));
    } else if (event.streamId.startsWith('slot-')) {
      const slot = (event.data as { slot: string }).slot;
      slots.set(slot, slotDecider.evolve(slots.get(slot) ?? slotDecider.initialState(), event as unknown as SlotEvent));
    } else if (event.streamId.startsWith('capacity-')) {
      capacity = capacityDecider.evolve(capacity, event as unknown as CapacityEvent);
    }
  }
  const problems: string[] = [];
  for (const [slot, state] of slots) {
    for (const id of [...state.holds.keys(), ...state.bookings]) {
      const should = placesOf(reservations.get(id) ?? initialState()).get(slot);
      const had = placeIn(state, id);
      if (had !== should) problems.push(`${slot}: ${id} has ${had} but its reservation says ${should ?? 'nothing'}`);
    }
    const places = state.bookings.size + state.holds.size;
    const max = capacityOf(capacity, slot, defaultCapacity);
    if (places > max) problems.push(`${slot}: ${places} places taken, capacity ${max}`);
  }
  for (const [id, r] of reservations) {
    for (const [slot, should] of placesOf(r)) {
      const had = slots.get(slot) ? placeIn(slots.get(slot)!, id) : undefined;
      if (had !== should) problems.push(`${slot}: reservation ${id} (${r.status}) should have ${should}, has ${had}`);
    }
  }
  const existing = new Map([...reservations].flatMap(([id, r]) => (r.status === 'none' ? [] : [[id, r] as const])));
  return { slots: slots.size, reservations: reservations.size, problems, model: { reservations: existing, slots } };
}
