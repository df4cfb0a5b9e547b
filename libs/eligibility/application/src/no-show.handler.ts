// R19, R21: scheduling reports no-shows and terminated sessions; each is counted once
// per reservation and may flag the seeker for a supervisor. Event ids derive from the
// reported event, so handling the same report twice (redelivery, a crash between the
// append and the inbox) appends nothing new.
import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@soudan/messaging';
import { PoisonMessageError } from '@soudan/messaging';
import type { NoShowPolicy } from '@soudan/eligibility-domain';
import { SchedulingEventTypes, type SessionNoShowV1, type SessionTerminatedV1 } from '@soudan/scheduling-contracts';
import { isSeekerId } from './seeker-identity';
import type { Seekers } from './seekers';

const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** A review id derived from the event that raised it. */
export function reviewIdFor(sourceEventId: string): string {
  return createHash('sha256').update(`review\u0000${sourceEventId}`).digest('hex').slice(0, 24);
}

export class NoShowHandler {
  constructor(
    private readonly seekers: Seekers,
    private readonly policy: () => NoShowPolicy,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const context = {
      correlationId: event.metadata?.correlationId ?? event.eventId,
      causationId: event.eventId,
      actor: 'system:eligibility',
      eventId: (e: { type: string }) => `${event.eventId}:${e.type}`,
    };
    const now = this.seekers.now();
    switch (event.type) {
      case SchedulingEventTypes.SessionNoShow: {
        const data = event.data as Partial<SessionNoShowV1> | null;
        if (!data || !isSeekerId(data.seekerId) || !text(data.reservationId, 200) || !isInstant(data.slot)) {
          throw new PoisonMessageError(`SessionNoShow ${event.eventId} lacks a seeker id, reservation id or slot`);
        }
        const { seekerId, reservationId } = data;
        const slot = new Date(Date.parse(data.slot)).toISOString();
        const recordedAt = isInstant(data.recordedAt) ? data.recordedAt : event.recordedAt;
        await this.seekers.execute(
          seekerId,
          () => ({
            type: 'CountNoShow',
            data: {
              seekerId,
              reservationId,
              slot,
              recordedAt,
              reviewId: reviewIdFor(event.eventId),
              policy: this.policy(),
            },
            metadata: { now },
          }),
          context,
        );
        return;
      }
      case SchedulingEventTypes.SessionTerminated: {
        const data = event.data as Partial<SessionTerminatedV1> | null;
        if (!data || !isSeekerId(data.seekerId) || !text(data.reservationId, 200) || !isInstant(data.slot)) {
          throw new PoisonMessageError(`SessionTerminated ${event.eventId} lacks a seeker id, reservation id or slot`);
        }
        const { seekerId, reservationId } = data;
        const slot = new Date(Date.parse(data.slot)).toISOString();
        await this.seekers.execute(
          seekerId,
          () => ({
            type: 'ReviewTermination',
            data: {
              seekerId,
              reservationId,
              slot,
              reviewId: reviewIdFor(event.eventId),
              policy: this.policy(),
            },
            metadata: { now },
          }),
          context,
        );
        return;
      }
      default:
        return;
    }
  }
}
