// Histories are never rewritten: events of an older shape are read into today's shape
// here, on every read (loads, read models, replays).
import type { ReservationConfirmedV1 } from '@soudan/scheduling-contracts';
import type { ReservationEvent } from './reservation';

/**
 * Before ConsentReceived existed, the consent was folded into ReservationConfirmed
 * (`channel` web|email and `consentAt`, no `consent`). Such an event reads as the
 * consent followed by the confirmation that names it; an old follow-up's confirmation
 * names no consent (null), since it did not record which one it rested on.
 */
export function upcastReservationEvent(event: { type: string; data: unknown }): ReservationEvent[] {
  if (event.type !== 'ReservationConfirmed') return [event as ReservationEvent];
  const data = event.data as ReservationConfirmedV1;
  if (data.consent !== undefined) return [event as ReservationEvent];
  if (data.channel === 'follow-up') return [{ type: 'ReservationConfirmed', data: { ...data, consent: null } }];
  const consent = {
    reservationId: data.reservationId,
    termsVersion: data.termsVersion,
    channel: data.channel,
    at: data.consentAt,
  };
  return [
    {
      type: 'ConsentReceived',
      data: { seekerId: data.seekerId, slot: data.slot, ...consent },
    },
    { type: 'ReservationConfirmed', data: { ...data, consent } },
  ];
}
