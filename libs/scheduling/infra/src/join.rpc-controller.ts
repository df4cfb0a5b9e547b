import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import { CLOCK } from '@soudan/platform';
import type { Scheduling } from '@soudan/scheduling-application';
import { SchedulingApi, type BookedSession, type JoinAnswer, type ReservationRef } from '@soudan/scheduling-contracts';
import { DomainError, isBooked, joinWindow, type Booked } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { SchedulingProjection } from './scheduling.projection';
import { RESERVATION_SERVICE } from './tokens';

export type { JoinAnswer } from '@soudan/scheduling-contracts';

/** The states in which the seeker may still come to the session. */
const JOINABLE = ['confirmed', 'invited', 'in_session'];

/** R15: the link in the e-mails records the join (R50) when the seeker presses 参加する, and sends them on. */
@Controller()
export class JoinRpcController {
  constructor(
    @Inject(RESERVATION_SERVICE) private readonly service: Scheduling,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** R52, R54: the seeker a meeting link belongs to; the gateway seals the join's device data with that seeker's key before `join`. */
  @RpcHandler(SchedulingApi.joinSeeker)
  async seekerOf(@Payload() p: { token?: unknown }): Promise<{ seekerId: string }> {
    const reservationId = typeof p?.token === 'string' ? this.projection.byJoinToken.get(p.token) : undefined;
    if (!reservationId) throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    const reservation = await this.service.get(reservationId);
    if (!('joinToken' in reservation) || reservation.joinToken !== p.token)
      throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    return { seekerId: reservation.seekerId };
  }

  @RpcHandler(SchedulingApi.join)
  async join(
    @Payload() p: { token: string; device?: Record<string, string>; peek?: boolean },
    @Ctx() ctx: unknown,
  ): Promise<JoinAnswer> {
    const reservationId = this.projection.byJoinToken.get(p.token);
    if (!reservationId) throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    const reservation = await this.service.get(reservationId);
    if (
      !('joinToken' in reservation) ||
      reservation.joinToken !== p.token ||
      !reservation.slot ||
      !reservation.end ||
      !reservation.roomUrl
    ) {
      throw new DomainError('JOIN_LINK_NOT_FOUND', 'this meeting link is not valid', {});
    }
    const window = joinWindow(reservation.slot, reservation.end);
    const now = this.clock.now().toISOString();
    // A cancelled or finished session never opens: saying when it opens would mislead.
    if (!JOINABLE.includes(reservation.status))
      return {
        outcome: 'closed',
        closedAt: window.closes,
        slot: reservation.slot,
        ...(reservation.status === 'cancelled' ? { cancelled: true } : {}),
      };
    if (now < window.opens) return { outcome: 'not_open', opensAt: window.opens, slot: reservation.slot };
    if (now > window.closes) return { outcome: 'closed', closedAt: window.closes, slot: reservation.slot };
    if (p.peek === true) return { outcome: 'open', slot: reservation.slot, closesAt: window.closes };
    await this.service.step(
      reservationId,
      'RecordJoin',
      { device: p.device },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: `seeker:${reservation.seekerId}`, now },
    );
    return { outcome: 'joined', roomUrl: reservation.roomUrl, reservationId };
  }

  /** A seeker's own booked session; another's is "not found", one not booked NOT_BOOKED. */
  private async booked(p: ReservationRef): Promise<Booked> {
    const reservation = await this.service.get(p.reservationId);
    if (p.seekerId !== undefined && reservation.seekerId !== p.seekerId)
      throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {});
    if (!isBooked(reservation) || !JOINABLE.includes(reservation.status))
      throw new DomainError('NOT_BOOKED', 'this reservation is not booked', { status: reservation.status });
    return reservation;
  }

  /** R15: the signed-in seeker joins from the web app: recorded as the link records it, from 15 minutes before to the end. */
  @RpcHandler(SchedulingApi.joinBySeeker)
  async joinBySeeker(
    @Payload() p: ReservationRef & { device?: Record<string, string> },
    @Ctx() ctx: unknown,
  ): Promise<{ roomUrl: string; reservationId: string }> {
    const reservation = await this.booked(p);
    const window = joinWindow(reservation.slot, reservation.end);
    const now = this.clock.now().toISOString();
    if (now < window.opens)
      throw new DomainError('JOIN_NOT_OPEN', 'the meeting opens 15 minutes before the start', {
        opensAt: window.opens,
      });
    if (now > window.closes)
      throw new DomainError('JOIN_CLOSED', 'the consultation time has ended', { closedAt: window.closes });
    await this.service.step(
      reservation.reservationId,
      'RecordJoin',
      { device: p.device },
      { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: p.actor, now },
    );
    return { roomUrl: reservation.roomUrl, reservationId: reservation.reservationId };
  }

  /** R60: what the calendar entry of a booked session shows. */
  @RpcHandler(SchedulingApi.bookedSession)
  async bookedSession(@Payload() p: ReservationRef): Promise<BookedSession> {
    const r = await this.booked(p);
    const confirmedAt = [...r.history].reverse().find((e) => e.type === 'ReservationConfirmed')?.at ?? r.slot;
    return {
      reservationId: r.reservationId,
      ...(r.number ? { number: r.number } : {}),
      slot: r.slot,
      end: r.end,
      meetingUrl: r.meetingUrl,
      consentAt: r.consent?.at ?? confirmedAt,
    };
  }
}
