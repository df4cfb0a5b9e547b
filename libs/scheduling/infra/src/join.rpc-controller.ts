import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { correlationIdFrom } from '@soudan/messaging';
import { CLOCK } from '@soudan/platform';
import type { ReservationService } from '@soudan/scheduling-application';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { DomainError, joinWindow } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { SchedulingProjection } from './scheduling.projection';
import { RESERVATION_SERVICE } from './tokens';

export type JoinAnswer =
  | { outcome: 'joined'; roomUrl: string; reservationId: string }
  | { outcome: 'not_open'; opensAt: string; slot: string }
  | { outcome: 'closed'; closedAt: string; slot: string; cancelled?: boolean };

/** The states in which the seeker may still come to the session. */
const JOINABLE = ['confirmed', 'invited', 'in_session'];

/** R15: the link in the e-mails records the join (R50) and sends the seeker on. */
@Controller()
export class JoinRpcController {
  constructor(
    @Inject(RESERVATION_SERVICE) private readonly service: ReservationService,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** R52, R54: the seeker a meeting link belongs to; the gateway seals the join's device data with that seeker's key before `join`. */
  @MessagePattern(SchedulingPatterns.joinSeeker)
  async seekerOf(@Payload() p: { token?: unknown }): Promise<{ seekerId: string }> {
    const reservationId = typeof p?.token === 'string' ? this.projection.byJoinToken.get(p.token) : undefined;
    if (!reservationId) throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    const reservation = await this.service.get(reservationId);
    if (reservation.joinToken !== p.token) throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    return { seekerId: reservation.seekerId };
  }

  @MessagePattern(SchedulingPatterns.join)
  async join(@Payload() p: { token: string; device?: Record<string, string> }, @Ctx() ctx: unknown): Promise<JoinAnswer> {
    const reservationId = this.projection.byJoinToken.get(p.token);
    if (!reservationId) throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    const reservation = await this.service.get(reservationId);
    if (reservation.joinToken !== p.token || !reservation.slot || !reservation.end || !reservation.roomUrl) {
      throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    }
    const window = joinWindow(reservation.slot, reservation.end);
    const now = this.clock.now().toISOString();
    // A cancelled or finished session never opens: saying when it opens would mislead.
    if (!JOINABLE.includes(reservation.status)) return { outcome: 'closed', closedAt: window.closes, slot: reservation.slot, ...(reservation.status === 'cancelled' ? { cancelled: true } : {}) };
    if (now < window.opens) return { outcome: 'not_open', opensAt: window.opens, slot: reservation.slot };
    if (now > window.closes) return { outcome: 'closed', closedAt: window.closes, slot: reservation.slot };
    await this.service.simple(reservationId, { type: 'RecordJoin', data: { device: p.device }, metadata: { now } }, { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: `seeker:${reservation.seekerId}` });
    return { outcome: 'joined', roomUrl: reservation.roomUrl, reservationId };
  }
}
