// Reservation aggregate: events, state and evolve (emmett's shape). Pure.
import type { ReservationRequestedV1, ReservationStatus } from '@soudan/scheduling-contracts';

export type ReservationEvent = { type: 'ReservationRequested'; data: ReservationRequestedV1 };

export type ReservationState =
  | { status: 'none' }
  | {
      status: ReservationStatus;
      reservationId: string;
      desiredSlots: string[];
      idempotencyKey?: string;
      requestFingerprint: string;
    };

export const initialState = (): ReservationState => ({ status: 'none' });

/**
 * What makes two requests "the same request" for an idempotent retry: everything the
 * seeker sent, in a stable order.
 */
export function requestFingerprint(data: Omit<ReservationRequestedV1, 'reservationId' | 'requestedAt'>): string {
  const stable = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value as object)
            .sort()
            .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
        )
      : Array.isArray(value)
        ? value.map(stable)
        : value;
  return JSON.stringify(stable(data));
}

export function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  switch (event.type) {
    case 'ReservationRequested': {
      const { reservationId, requestedAt: _at, ...rest } = event.data;
      return {
        status: 'requested',
        reservationId,
        desiredSlots: event.data.desiredSlots,
        idempotencyKey: event.data.idempotencyKey,
        requestFingerprint: requestFingerprint(rest),
      };
    }
  }
}
