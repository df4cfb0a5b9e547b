// R10, R11, R5: a seeker's request. The calendar rules first (bad dates are refused
// without asking anyone else), then eligibility, then the record.
import type { RequestReservationPayload, RequestReservationResult } from '@soudan/scheduling-contracts';
import {
  candidateNumber,
  DomainError,
  requestedContent,
  requestFingerprint,
  toUtcIso,
  type ReservationCommand,
  type ReservationState,
} from '@soudan/scheduling-domain';
import { randomUUID } from 'node:crypto';
import type { Claim, CommandContext } from '../command-handler';
import type { ReservationDecider, SchedulingDeps } from '../deps';
import { numberStream, reservationIdFor } from '../streams';

export async function requestReservation(
  deps: SchedulingDeps,
  payload: RequestReservationPayload,
  ctx: CommandContext,
): Promise<RequestReservationResult> {
  const { handler } = deps;
  // R71: the request is decided by the rules (calendar, hours) of the seeker's office.
  const { decider } = deps.office(payload.officeCode);
  const reservationId = payload.idempotencyKey
    ? reservationIdFor(payload.jobSeekerNumber, payload.idempotencyKey)
    : randomUUID();
  const command = (seekerId: string, number?: string): ReservationCommand => ({
    type: 'RequestReservation',
    data: {
      reservationId,
      ...(number ? { number } : {}),
      officeCode: payload.officeCode,
      seekerId,
      desiredSlots: payload.desiredSlots,
      topic: payload.topic,
      onlineReason: payload.onlineReason,
      devices: payload.devices,
      environment: payload.environment,
      attendee: payload.attendee,
      idempotencyKey: payload.idempotencyKey,
      language: payload.language ?? 'ja',
    },
    metadata: { now: ctx.now },
  });
  const previous = await handler.streams.reservation(reservationId);
  if (previous.state.status === 'none') {
    decider.decide(command('pending'), decider.initialState());
    // R4: what availability shows as full (SLOT_FULL there) is refused with the same code.
    // A request holds nothing, so this reads the model; a retry of a recorded request is not asked again.
    for (const slot of payload.desiredSlots)
      if (deps.vacancy && deps.vacancy(payload.officeCode, toUtcIso(slot), ctx.now) <= 0)
        throw new DomainError('SLOT_FULL', 'this slot has no place left', { slot });
  }
  // R11: eligibility decides, gives the pseudonymous seeker id events carry, and keeps
  // the contact details (one call: a request never leaves an eligible seeker without them).
  const eligibility = await deps.eligibility.check({
    jobSeekerNumber: payload.jobSeekerNumber,
    officeCode: payload.officeCode,
    devices: payload.devices,
    environment: payload.environment,
    onlineReason: payload.onlineReason,
    at: ctx.now,
    contact: { name: payload.name, email: payload.email, ...(payload.language ? { language: payload.language } : {}) },
  });
  if (!eligibility.eligible) {
    const suspended = eligibility.reasons.find((r) => r.code === 'SUSPENDED');
    if (suspended)
      throw new DomainError('SUSPENDED', 'use of online consultation is suspended', {
        until: suspended.details?.until ?? null,
        reasons: eligibility.reasons,
      });
    throw new DomainError('NOT_ELIGIBLE', 'the conditions for online consultation are not met', {
      reasons: eligibility.reasons,
    });
  }
  let first = previous.state.status === 'none' ? previous : undefined;
  return handler.handle('request', ctx, async () => {
    // A new request is decided on the stream as read above (no second read): had a request
    // with the same key been recorded since, the append's expectation fails and the next
    // attempt reads the stream again.
    const loaded = first ?? (await handler.streams.reservation(reservationId));
    first = undefined;
    // The same key again (a retry, or two racing): the same request answers as the first did.
    if (loaded.state.status !== 'none') {
      const answer = sameRequest(decider, loaded.state, command(eligibility.seekerId));
      return { changes: [], answer: () => answer };
    }
    const number = await freeNumber(deps, payload.officeCode, reservationId);
    const events = decider.decide(command(eligibility.seekerId, number.number), loaded.state);
    return {
      changes: [{ loaded, events }],
      claims: number.claim ? [number.claim] : [],
      answer: () => ({ id: reservationId, status: 'requested' as const, number: number.number }),
    };
  });
}

/**
 * The first candidate number not claimed by another reservation of the office. Two
 * replicas proposing the same number at once both try to create its claim stream; the
 * loser's append conflicts and its request is decided again, finding the number taken.
 */
export async function freeNumber(
  { handler }: SchedulingDeps,
  officeCode: string,
  reservationId: string,
): Promise<{ number: string; claim?: Claim }> {
  for (let attempt = 0; ; attempt += 1) {
    const number = candidateNumber(reservationId, attempt);
    const owner = await handler.streams.numberOwner(officeCode, number);
    if (owner === reservationId) return { number };
    if (owner === undefined)
      return {
        number,
        claim: {
          streamId: numberStream(officeCode, number),
          events: [
            {
              type: 'ReservationNumberClaimed',
              data: { officeCode, number, reservationId },
            },
          ],
        },
      };
  }
}

function sameRequest(
  decider: ReservationDecider,
  state: ReservationState,
  command: ReservationCommand,
): RequestReservationResult {
  if (state.status === 'none') throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {});
  const [wouldBe] = decider.decide(command, decider.initialState());
  if (
    wouldBe.type !== 'ReservationRequested' ||
    requestFingerprint(requestedContent(wouldBe.data)) !== state.requestFingerprint
  ) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', {});
  }
  return { id: state.reservationId, status: state.status, ...(state.number ? { number: state.number } : {}) };
}
