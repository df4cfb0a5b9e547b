// R10 request, with Idempotency-Key: the same key from the same seeker answers with
// the reservation it created, and a retried command never appends twice.
import { createHash, randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore } from '@soudan/event-store';
import { handleCommand, loadAggregate, type CommandContext } from '@soudan/platform';
import type { RequestReservationPayload, RequestReservationResult } from '@soudan/scheduling-contracts';
import { decide, DomainError, evolve, initialState, requestFingerprint, type RequestReservation, type ReservationState } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';

export const reservationStream = (id: string) => `reservation-${id}`;

const decider = { initialState, evolve, decide };

/** A reservation id derived from who asked and their key: a UUID-shaped SHA-256 prefix. */
export function reservationIdFor(requester: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`reservation\u0000${requester}\u0000${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class RequestReservationHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async handle(payload: RequestReservationPayload, context: Omit<CommandContext, 'eventId'>): Promise<RequestReservationResult> {
    const requester = payload.jobSeekerNumber ?? payload.email.toLowerCase();
    const reservationId = payload.idempotencyKey ? reservationIdFor(requester, payload.idempotencyKey) : randomUUID();
    const command: RequestReservation = {
      type: 'RequestReservation',
      data: {
        reservationId,
        officeCode: payload.officeCode,
        jobSeekerNumber: payload.jobSeekerNumber,
        name: payload.name,
        email: payload.email,
        language: payload.language ?? 'ja',
        desiredSlots: payload.desiredSlots,
        topic: payload.topic,
        onlineReason: payload.onlineReason,
        devices: payload.devices,
        environment: payload.environment,
        attendee: payload.attendee,
        idempotencyKey: payload.idempotencyKey,
      },
      metadata: { now: this.clock.now().toISOString() },
    };
    const streamId = reservationStream(reservationId);
    const eventId = (event: { type: string }) => `${reservationId}:${event.type}`;
    try {
      const existing = await this.existing(streamId, command);
      if (existing) return existing;
      const { state } = await handleCommand(this.store, streamId, decider, command, { ...context, eventId });
      return { id: reservationId, status: state.status === 'none' ? 'requested' : state.status };
    } catch (error) {
      // Two retries with the same key raced: the loser answers as the winner did.
      if (error instanceof WrongExpectedRevisionError && payload.idempotencyKey) {
        const existing = await this.existing(streamId, command);
        if (existing) return existing;
      }
      throw error;
    }
  }

  private async existing(streamId: string, command: RequestReservation): Promise<RequestReservationResult | undefined> {
    const { state } = await loadAggregate<ReservationState, never>(this.store, streamId, decider as never);
    if (state.status === 'none') return undefined;
    const [wouldBe] = decide(command, initialState());
    const { reservationId: _id, requestedAt: _at, ...asked } = wouldBe.data;
    if (requestFingerprint(asked) !== state.requestFingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', {});
    }
    return { id: state.reservationId, status: state.status };
  }
}
