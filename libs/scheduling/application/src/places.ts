// The places a reservation should hold, as a function of its state alone, and the slot
// commands that bring a slot in line with it. Every command's slot changes are derived
// this way, and so are the slot keeper's repairs: one rule, no per-command bookkeeping.
import {
  confirmationDeadline,
  isBooked,
  type ReservationState,
  type SlotCommand,
  type SlotState,
} from '@soudan/scheduling-domain';

export type Place = 'hold' | 'booking';

/** R4/R12/R13: an open offer holds each offered slot; a booked session its slot; nothing else holds anything. */
export function placesOf(state: ReservationState): Map<string, Place> {
  const places = new Map<string, Place>();
  if (state.status === 'offered') for (const slot of state.offered) places.set(slot.start, 'hold');
  if (isBooked(state)) places.set(state.slot, 'booking');
  return places;
}

export function placeIn(slot: SlotState, reservationId: string): Place | undefined {
  if (slot.bookings.has(reservationId)) return 'booking';
  if (slot.holds.has(reservationId)) return 'hold';
  return undefined;
}

/**
 * The slot command that gives `reservationId` the place it should have in `slot`, or
 * none. A booking of a held place is a consent (R13): it requires the hold; a booking
 * of no held place (a follow-up, R16, or a repair) takes a free place.
 */
export function slotCommandFor(
  slotState: SlotState,
  slot: string,
  reservationId: string,
  wanted: Place | undefined,
  ctx: { now: string; capacity: number; consenting: boolean },
): SlotCommand | undefined {
  const has = placeIn(slotState, reservationId);
  if (has === wanted) return undefined;
  const metadata = { now: ctx.now };
  const data = { slot, reservationId };
  if (wanted === 'hold') {
    if (has === 'booking') return undefined; // a booked place is never demoted to a hold
    return { type: 'Hold', data: { ...data, until: confirmationDeadline(slot), capacity: ctx.capacity }, metadata };
  }
  if (wanted === 'booking')
    return { type: 'Book', data: { ...data, capacity: ctx.capacity, requireHold: ctx.consenting }, metadata };
  return has === 'booking' ? { type: 'Release', data, metadata } : { type: 'ReleaseHold', data, metadata };
}

/** Whether a command uses a place that was free (capacity decides), rather than following a decision. */
export const takesPlace = (command: SlotCommand, slotState: SlotState): boolean =>
  command.type === 'Hold' || (command.type === 'Book' && !slotState.holds.has(command.data.reservationId));
