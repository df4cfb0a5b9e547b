// R54: the retention period of a seeker's personal data runs from their last activity,
// and the end of a reservation is one. Scheduling reports the ends (cancelled, lapsed,
// rejected, completed, terminated; no-shows arrive as NoShowCounted already); each is
// noted on the seeker's stream when it is later than anything known of them. Event ids
// derive from the reported event, and a repeated report decides to nothing.
import type { EventEnvelope } from '@soudan/messaging';
import { PoisonMessageError } from '@soudan/messaging';
import type { ReservationEnd } from '@soudan/eligibility-contracts';
import { SchedulingEventTypes } from '@soudan/scheduling-contracts';
import { isSeekerId } from './seeker-identity';
import type { Seekers } from './seekers';

const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** The scheduling events that end a reservation, with the field that says when. */
export const RESERVATION_ENDS: Readonly<Record<string, { end: ReservationEnd; at: string }>> = {
  [SchedulingEventTypes.ReservationCancelled]: { end: 'cancelled', at: 'cancelledAt' },
  [SchedulingEventTypes.ReservationLapsed]: { end: 'lapsed', at: 'lapsedAt' },
  [SchedulingEventTypes.ReservationRejected]: { end: 'rejected', at: 'rejectedAt' },
  [SchedulingEventTypes.SessionCompleted]: { end: 'completed', at: 'completedAt' },
  [SchedulingEventTypes.SessionTerminated]: { end: 'terminated', at: 'terminatedAt' },
};

export class ReservationEndsHandler {
  constructor(private readonly seekers: Seekers) {}

  async handle(event: EventEnvelope): Promise<void> {
    const kind = RESERVATION_ENDS[event.type];
    if (!kind) return;
    const data = event.data as Record<string, unknown> | null;
    const seekerId = data?.seekerId;
    const reservationId = data?.reservationId;
    if (
      !isSeekerId(seekerId) ||
      typeof reservationId !== 'string' ||
      reservationId.length === 0 ||
      reservationId.length > 200
    ) {
      throw new PoisonMessageError(`${event.type} ${event.eventId} lacks a seeker id or reservation id`);
    }
    const at = [data?.[kind.at], event.recordedAt].find(isInstant);
    if (!at) throw new PoisonMessageError(`${event.type} ${event.eventId} says not when`);
    const endedAt = new Date(Date.parse(at)).toISOString();
    await this.seekers.execute(
      seekerId,
      () => ({
        type: 'RecordReservationEnd',
        data: { seekerId, reservationId, end: kind.end, endedAt },
        metadata: { now: this.seekers.now() },
      }),
      {
        correlationId: event.metadata?.correlationId ?? event.eventId,
        causationId: event.eventId,
        actor: 'system:eligibility',
        eventId: (e: { type: string }) => `${event.eventId}:${e.type}`,
      },
    );
  }
}
