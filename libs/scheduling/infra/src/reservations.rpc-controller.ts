// Request-reply handlers of scheduling: they translate messages into the application's
// calls and read models into answers; the rules live in the domain.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { correlationIdFrom, RpcHandler } from '@soudan/messaging';
import { type CommandContext, type Scheduling } from '@soudan/scheduling-application';
import {
  SchedulingApi,
  type Availability,
  type CapacityView,
  type OfferForReply,
  type RequestReservationPayload,
  type RequestReservationResult,
  type SeekerReservationView,
  type StaffReservationView,
} from '@soudan/scheduling-contracts';
import { DomainError, isBooked, termsInForce, type Reservation } from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import { CLOCK } from '@soudan/platform';
import { SchedulingProjection } from './scheduling.projection';
import { SchedulingQueries } from './scheduling.queries';
import { BUILT_IN_TERMS } from './terms';
import { APPEND_TRACKER, RESERVATION_SERVICE, type AppendTracker } from './tokens';

/**
 * Who asks: a seeker (their own reservations only), or a staff member with the offices
 * they work for (R72; '*' for every office). Neither (a service's own question) is not
 * narrowed. The gateway's signed principal vouches for the whole payload.
 */
type Caller = { actor: string; seekerId?: string; offices?: string[] };

const mayWorkOn = (caller: Caller, officeCode: string) =>
  caller.offices === undefined || caller.offices.includes('*') || caller.offices.includes(officeCode);

@Controller()
export class ReservationsRpcController {
  constructor(
    @Inject(RESERVATION_SERVICE) private readonly service: Scheduling,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(APPEND_TRACKER) private readonly appends: AppendTracker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SchedulingQueries) private readonly queries: SchedulingQueries,
  ) {}

  /** The one place a command's time is stamped: where it enters. */
  private context(caller: Caller, ctx: unknown): CommandContext {
    return {
      correlationId: correlationIdFrom(ctx) ?? 'unknown',
      actor: caller.actor,
      now: this.clock.now().toISOString(),
    };
  }

  /** Answers only once the read models include the write, so a list right after shows it. */
  private async settled<T>(work: Promise<T>): Promise<T> {
    const result = await work;
    if (this.appends.lastPosition !== undefined) await this.projection.caughtUp(this.appends.lastPosition);
    return result;
  }

  /**
   * A seeker sees only their own reservations, staff only their offices' (R72): another's
   * id is "not found" (api.md), so that it says nothing of what exists elsewhere.
   */
  private async mine(reservationId: string, caller: Caller): Promise<Reservation> {
    const reservation = await this.service.get(reservationId);
    if (
      (caller.seekerId !== undefined && reservation.seekerId !== caller.seekerId) ||
      !mayWorkOn(caller, reservation.officeCode)
    )
      throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {});
    return reservation;
  }

  /** R72 before a staff command: the read model knows the office of any reservation staff have seen listed. */
  private async scoped(reservationId: string, caller: Caller): Promise<Reservation | undefined> {
    if (caller.offices === undefined) return undefined;
    const known = this.projection.reservations.get(reservationId);
    if (known && mayWorkOn(caller, known.officeCode)) return known;
    return this.mine(reservationId, caller);
  }

  /** R73: the version of its office's terms an offer or follow-up is made under. */
  private async currentTermsVersion(reservationId: string): Promise<string> {
    const officeCode =
      this.projection.reservations.get(reservationId)?.officeCode ??
      (await this.service.get(reservationId).catch(() => undefined))?.officeCode;
    const terms = officeCode === undefined ? undefined : this.projection.terms.get(officeCode);
    return ((terms && termsInForce(terms, this.clock.now().toISOString())) ?? BUILT_IN_TERMS).version;
  }

  // ---- seeker ---------------------------------------------------------------------

  @RpcHandler(SchedulingApi.requestReservation)
  request(
    @Payload() payload: RequestReservationPayload & { actor?: string },
    @Ctx() ctx: unknown,
  ): Promise<RequestReservationResult> {
    return this.settled(this.service.request(payload, this.context({ actor: payload.actor ?? 'seeker' }, ctx)));
  }

  @RpcHandler(SchedulingApi.getReservation)
  async get(@Payload() p: Caller & { reservationId: string }): Promise<SeekerReservationView> {
    return this.queries.seekerView(await this.mine(p.reservationId, p));
  }

  @RpcHandler(SchedulingApi.listMyReservations)
  listMine(@Payload() p: Caller): Promise<SeekerReservationView[]> {
    return this.queries.mine(p.seekerId ?? '');
  }

  @RpcHandler(SchedulingApi.consent)
  async consent(
    @Payload() p: Caller & { reservationId: string; slot: string; termsVersion: string; channel?: 'web' | 'email' },
    @Ctx() ctx: unknown,
  ) {
    await this.mine(p.reservationId, p);
    const view = await this.settled(
      this.service.consent(
        { reservationId: p.reservationId, slot: p.slot, termsVersion: p.termsVersion, channel: p.channel ?? 'web' },
        this.context(p, ctx),
      ),
    );
    return { status: view.status, reservation: view };
  }

  /** R61: notification reads an e-mail reply against the offer; only services ask (the gateway has no route to it). */
  @RpcHandler(SchedulingApi.offerForReply)
  async offerForReply(@Payload() p: { reservationId: string }): Promise<OfferForReply> {
    if (typeof p?.reservationId !== 'string' || p.reservationId.length === 0 || p.reservationId.length > 100) {
      throw new DomainError('VALIDATION_FAILED', 'reservationId must be a reservation id', {
        fields: { reservationId: ['invalid'] },
      });
    }
    const r = await this.service.get(p.reservationId);
    return {
      reservationId: r.reservationId,
      seekerId: r.seekerId,
      status: r.status,
      offered: r.offered,
      termsVersion: r.termsVersion ?? null,
      slot: isBooked(r) ? r.slot : null,
      ...(r.number ? { number: r.number } : {}),
    };
  }

  @RpcHandler(SchedulingApi.cancelBySeeker)
  async cancelBySeeker(@Payload() p: Caller & { reservationId: string; reason?: string }, @Ctx() ctx: unknown) {
    await this.mine(p.reservationId, p);
    return this.settled(
      this.service.cancel({ reservationId: p.reservationId, by: 'seeker', reason: p.reason }, this.context(p, ctx)),
    );
  }

  // ---- staff ------------------------------------------------------------------------

  @RpcHandler(SchedulingApi.offer)
  async offer(@Payload() p: Caller & { reservationId: string; slots: string[] }, @Ctx() ctx: unknown) {
    await this.scoped(p.reservationId, p);
    const termsVersion = await this.currentTermsVersion(p.reservationId);
    const input = { reservationId: p.reservationId, slots: p.slots, termsVersion };
    return this.settled(this.service.offer(input, this.context(p, ctx)));
  }

  @RpcHandler(SchedulingApi.reject)
  async reject(@Payload() p: Caller & { reservationId: string; reason: string }, @Ctx() ctx: unknown) {
    await this.scoped(p.reservationId, p);
    return this.settled(
      this.service.step(p.reservationId, 'RejectRequest', { reason: p.reason, by: p.actor }, this.context(p, ctx)),
    );
  }

  @RpcHandler(SchedulingApi.checkIn)
  async checkIn(@Payload() p: Caller & { reservationId: string }, @Ctx() ctx: unknown) {
    await this.scoped(p.reservationId, p);
    return this.settled(this.service.step(p.reservationId, 'CheckIn', { by: p.actor }, this.context(p, ctx)));
  }

  @RpcHandler(SchedulingApi.complete)
  async complete(@Payload() p: Caller & { reservationId: string }, @Ctx() ctx: unknown) {
    await this.scoped(p.reservationId, p);
    return this.settled(this.service.step(p.reservationId, 'Complete', { by: p.actor }, this.context(p, ctx)));
  }

  @RpcHandler(SchedulingApi.terminate)
  async terminate(@Payload() p: Caller & { reservationId: string; reason: string }, @Ctx() ctx: unknown) {
    await this.scoped(p.reservationId, p);
    return this.settled(
      this.service.step(p.reservationId, 'Terminate', { reason: p.reason, by: p.actor }, this.context(p, ctx)),
    );
  }

  @RpcHandler(SchedulingApi.cancelByStaff)
  async cancelByStaff(
    @Payload() p: Caller & { reservationId: string; channel: 'phone' | 'email'; note?: string },
    @Ctx() ctx: unknown,
  ) {
    await this.scoped(p.reservationId, p);
    const input = { reservationId: p.reservationId, by: 'staff' as const, channel: p.channel, note: p.note };
    return this.settled(this.service.cancel(input, this.context(p, ctx)));
  }

  @RpcHandler(SchedulingApi.followUp)
  async followUp(
    @Payload() p: Caller & { reservationId: string; slot: string; overrideReason?: string },
    @Ctx() ctx: unknown,
  ) {
    await this.scoped(p.reservationId, p);
    const input = {
      reservationId: p.reservationId,
      slot: p.slot,
      overrideReason: p.overrideReason,
      termsVersion: await this.currentTermsVersion(p.reservationId),
    };
    return this.settled(this.service.followUp(input, this.context(p, ctx)));
  }

  @RpcHandler(SchedulingApi.listStaffReservations)
  listStaff(
    @Payload() p: { status?: string; date?: string; number?: string; offices?: string[] },
  ): Promise<StaffReservationView[]> {
    return this.queries.staffReservations(p);
  }

  @RpcHandler(SchedulingApi.schedule)
  schedule(@Payload() p: { date: string; offices?: string[] }) {
    return this.queries.schedule(p.date, p.offices);
  }

  @RpcHandler(SchedulingApi.alerts)
  alerts(@Payload() p?: { offices?: string[] }) {
    return this.queries.alerts(p?.offices);
  }

  @RpcHandler(SchedulingApi.getCapacity)
  capacity(@Payload() p?: { officeCode?: string }): CapacityView {
    return this.queries.capacity(p?.officeCode);
  }

  @RpcHandler(SchedulingApi.openReservations)
  open() {
    return this.queries.open();
  }

  @RpcHandler(SchedulingApi.availability)
  availability(@Payload() p: { from: string; to: string; officeCode?: string }): Availability {
    return this.queries.availability(p);
  }
}
