// Stream names and derived ids of scheduling, and how its streams are read: every read
// goes through the upcaster, so old shapes never reach a decider.
import { createHash } from 'node:crypto';
import type { EventStore, ExpectedRevision } from '@soudan/event-store';
import {
  capacityDecider,
  carriesPersonalText,
  evolve,
  openedEvent,
  initialState,
  slotDecider,
  upcastReservationEvent,
  type CapacityEvent,
  type CapacityState,
  type ReservationEvent,
  type ReservationState,
  type SlotEvent,
  type SlotState,
} from '@soudan/scheduling-domain';
import type { PersonalTexts } from './personal-texts';

export const reservationStream = (id: string) => `reservation-${id}`;
export const slotStream = (office: string, start: string) => `slot-${office}-${new Date(start).toISOString()}`;
export const capacityStream = (office: string) => `capacity-${office}`;
/** R70: one stream holds the office registry: a change or an import is one append against it. */
export const OFFICE_REGISTRY_STREAM = 'office-registry';
/** A reservation number's claim in its office: created once, so a number is never given twice. */
export const numberStream = (office: string, number: string) => `number-${office}-${number}`;

const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/** A reservation id derived from who asked and their key: a UUID-shaped SHA-256 prefix. */
export function reservationIdFor(requester: string, idempotencyKey: string): string {
  return uuidOf(createHash('sha256').update(`reservation\u0000${requester}\u0000${idempotencyKey}`).digest('hex'));
}

/** R16: one follow-up per session and slot, so a counsellor's retry books it once. */
export function followUpIdFor(previousId: string, slot: string): string {
  const start = new Date(slot).toISOString();
  return uuidOf(createHash('sha256').update(`follow-up\u0000${previousId}\u0000${start}`).digest('hex'));
}

export interface Loaded<State> {
  streamId: string;
  state: State;
  expected: ExpectedRevision;
  /** When each event was decided (its data's instant), for the slot keeper's grace period. */
  times?: string[];
}

export class SchedulingStreams {
  constructor(
    private readonly store: EventStore,
    private readonly texts: PersonalTexts,
  ) {}

  /** A reservation as its history has it, with the seeker's own words opened where their key still exists. */
  async reservation(id: string): Promise<Loaded<ReservationState>> {
    const streamId = reservationStream(id);
    const events = await this.store.readStream(streamId);
    let state: ReservationState = initialState();
    for (const recorded of events)
      for (const event of upcastReservationEvent(recorded)) state = evolve(state, await this.opened(event));
    return { streamId, state, expected: events.at(-1)?.revision ?? 'no_stream' };
  }

  private async opened(event: ReservationEvent): Promise<ReservationEvent> {
    if (!carriesPersonalText(event) || !event.data.personal) return event;
    const [text] = await this.texts.open([{ seekerId: event.data.seekerId, sealed: event.data.personal }]);
    return openedEvent(event, text);
  }

  async slot(office: string, start: string): Promise<Loaded<SlotState>> {
    const streamId = slotStream(office, start);
    const events = await this.store.readStream(streamId);
    const state = events.reduce((s, e) => slotDecider.evolve(s, e as unknown as SlotEvent), slotDecider.initialState());
    return {
      streamId,
      state,
      expected: events.at(-1)?.revision ?? 'no_stream',
      times: events.map((e) => (e.data as { at: string }).at),
    };
  }

  /** The reservation that claimed this number in the office, if any. */
  async numberOwner(office: string, number: string): Promise<string | undefined> {
    const [claimed] = await this.store.readStream(numberStream(office, number), { limit: 1 });
    return (claimed?.data as { reservationId?: string } | undefined)?.reservationId;
  }

  async capacity(office: string): Promise<CapacityState> {
    const events = await this.store.readStream(capacityStream(office));
    return events.reduce(
      (s, e) => capacityDecider.evolve(s, e as unknown as CapacityEvent),
      capacityDecider.initialState(),
    );
  }
}
