// Request-reply handlers of scheduling: they translate messages into the application's
// calls and read models into answers; the rules live in the domain.
import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { correlationIdFrom } from '@soudan/messaging';
import type { ReservationService } from '@soudan/scheduling-application';
import { toView } from '@soudan/scheduling-application';
import {
  SchedulingPatterns,
  type OfferForReply,
  type RequestReservationPayload,
  type RequestReservationResult,
  type ReservationView,
  type SlotAvailability,
  type StaffReservationView,
} from '@soudan/scheduling-contracts';
import { capacityOf, DomainError, taken, termsInForce, type Reservation } from '@soudan/scheduling-domain';
import { jstDateOf, type Clock } from '@soudan/time';
import { CLOCK } from '@soudan/platform';
import { SchedulingProjection } from './scheduling.projection';
import { BUILT_IN_TERMS } from './terms';
import { APPEND_TRACKER, RESERVATION_SERVICE, SCHEDULING_SETTINGS, type AppendTracker, type SchedulingInfraSettings } from './tokens';

type Caller = { actor: string; seekerId?: string };

@Controller()
export class ReservationsRpcController {
  constructor(
    @Inject(RESERVATION_SERVICE) private readonly service: ReservationService,
    @Inject(SchedulingProjection) private readonly projection: SchedulingProjection,
    @Inject(APPEND_TRACKER) private readonly appends: AppendTracker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULING_SETTINGS) private readonly settings: SchedulingInfraSettings,
  ) {}

  private context(caller: Caller, ctx: unknown) {
    return { correlationId: correlationIdFrom(ctx) ?? 'unknown', actor: caller.actor };
  }

  /** Answers only once the read models include the write, so a list right after shows it. */
  private async settled<T>(work: Promise<T>): Promise<T> {
    const result = await work;
    if (this.appends.lastPosition !== undefined) await this.projection.caughtUp(this.appends.lastPosition);
    return result;
  }

  /** A seeker sees only their own reservations: another's id is "not found" (api.md). */
  private async mine(reservationId: string, caller: Caller): Promise<Reservation> {
    const reservation = await this.service.get(reservationId);
    if (caller.seekerId !== undefined && reservation.seekerId !== caller.seekerId) throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {});
    return reservation;
  }

  private currentTermsVersion(): string {
    return (termsInForce(this.projection.terms, this.clock.now().toISOString()) ?? BUILT_IN_TERMS).version;
  }

  // ---- seeker ---------------------------------------------------------------------

  @MessagePattern(SchedulingPatterns.requestReservation)
  request(@Payload() payload: RequestReservationPayload & { actor?: string }, @Ctx() ctx: unknown): Promise<RequestReservationResult> {
    return this.settled(this.service.request(payload, this.context({ actor: payload.actor ?? 'seeker' }, ctx)));
  }

  @MessagePattern(SchedulingPatterns.getReservation)
  async get(@Payload() p: Caller & { reservationId: string }): Promise<ReservationView> {
    return toView(await this.mine(p.reservationId, p));
  }

  @MessagePattern(SchedulingPatterns.listMyReservations)
  listMine(@Payload() p: Caller): ReservationView[] {
    const ids = this.projection.bySeeker.get(p.seekerId ?? '') ?? new Set<string>();
    return [...ids]
      .map((id) => this.projection.reservations.get(id)!)
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
      .map(toView);
  }

  @MessagePattern(SchedulingPatterns.consent)
  async consent(@Payload() p: Caller & { reservationId: string; slot: string; termsVersion: string; channel?: 'web' | 'email' }, @Ctx() ctx: unknown) {
    await this.mine(p.reservationId, p);
    const view = await this.settled(this.service.consent(p.reservationId, p.slot, p.termsVersion, p.channel ?? 'web', this.context(p, ctx)));
    return { status: view.status, reservation: view };
  }

  /** R61: notification reads an e-mail reply against the offer; only services ask (the gateway has no route to it). */
  @MessagePattern(SchedulingPatterns.offerForReply)
  async offerForReply(@Payload() p: { reservationId?: unknown }): Promise<OfferForReply> {
    if (typeof p?.reservationId !== 'string' || p.reservationId.length === 0 || p.reservationId.length > 100) {
      throw new DomainError('VALIDATION_FAILED', 'reservationId must be a reservation id', { fields: { reservationId: ['invalid'] } });
    }
    const r = await this.service.get(p.reservationId);
    return { reservationId: r.reservationId, seekerId: r.seekerId, status: r.status, offered: r.offered, termsVersion: r.termsVersion ?? null, slot: r.slot ?? null };
  }

  @MessagePattern(SchedulingPatterns.cancelBySeeker)
  async cancelBySeeker(@Payload() p: Caller & { reservationId: string; reason?: string }, @Ctx() ctx: unknown) {
    await this.mine(p.reservationId, p);
    const command = { type: 'CancelBySeeker' as const, data: { reason: p.reason }, metadata: { now: this.clock.now().toISOString() } };
    return this.settled(this.service.cancel(p.reservationId, command, this.context(p, ctx)));
  }

  // ---- staff ------------------------------------------------------------------------

  @MessagePattern(SchedulingPatterns.offer)
  offer(@Payload() p: Caller & { reservationId: string; slots: string[] }, @Ctx() ctx: unknown) {
    return this.settled(this.service.offer(p.reservationId, p.slots, this.currentTermsVersion(), this.context(p, ctx)));
  }

  @MessagePattern(SchedulingPatterns.reject)
  reject(@Payload() p: Caller & { reservationId: string; reason: string }, @Ctx() ctx: unknown) {
    return this.settled(this.service.reject(p.reservationId, p.reason, this.context(p, ctx)));
  }

  @MessagePattern(SchedulingPatterns.checkIn)
  checkIn(@Payload() p: Caller & { reservationId: string }, @Ctx() ctx: unknown) {
    return this.settled(this.service.simple(p.reservationId, { type: 'CheckIn', data: { by: p.actor }, metadata: { now: this.clock.now().toISOString() } }, this.context(p, ctx)));
  }

  @MessagePattern(SchedulingPatterns.complete)
  complete(@Payload() p: Caller & { reservationId: string }, @Ctx() ctx: unknown) {
    return this.settled(this.service.simple(p.reservationId, { type: 'Complete', data: { by: p.actor }, metadata: { now: this.clock.now().toISOString() } }, this.context(p, ctx)));
  }

  @MessagePattern(SchedulingPatterns.terminate)
  terminate(@Payload() p: Caller & { reservationId: string; reason: string }, @Ctx() ctx: unknown) {
    return this.settled(
      this.service.simple(p.reservationId, { type: 'Terminate', data: { reason: p.reason, by: p.actor }, metadata: { now: this.clock.now().toISOString() } }, this.context(p, ctx)),
    );
  }

  @MessagePattern(SchedulingPatterns.cancelByStaff)
  cancelByStaff(@Payload() p: Caller & { reservationId: string; channel: 'phone' | 'email'; note?: string }, @Ctx() ctx: unknown) {
    const command = { type: 'CancelByStaff' as const, data: { channel: p.channel, note: p.note, by: p.actor }, metadata: { now: this.clock.now().toISOString() } };
    return this.settled(this.service.cancel(p.reservationId, command, this.context(p, ctx)));
  }

  @MessagePattern(SchedulingPatterns.followUp)
  followUp(@Payload() p: Caller & { reservationId: string; slot: string; overrideReason?: string }, @Ctx() ctx: unknown) {
    return this.settled(this.service.followUp(p.reservationId, p.slot, p.overrideReason, this.currentTermsVersion(), this.context(p, ctx)));
  }

  private staffView(r: Reservation): StaffReservationView {
    const now = this.clock.now().toISOString();
    return {
      ...toView(r),
      seekerId: r.seekerId,
      requestedAt: r.requestedAt,
      answerDueBy: r.answerDueBy ?? r.requestedAt,
      // R7: still waiting for an offer after the answer deadline.
      overdue: r.status === 'requested' && (r.overdue || (r.answerDueBy !== undefined && now > r.answerDueBy)),
      ...(r.attendee ? { attendee: r.attendee } : {}),
    };
  }

  @MessagePattern(SchedulingPatterns.listStaffReservations)
  listStaff(@Payload() p: { status?: string; date?: string }): StaffReservationView[] {
    return [...this.projection.reservations.values()]
      .filter((r) => !p.status || r.status === p.status)
      .filter((r) => !p.date || (r.slot ? jstDateOf(r.slot) === p.date : r.desiredSlots.some((s) => jstDateOf(s) === p.date)))
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
      .map((r) => this.staffView(r));
  }

  @MessagePattern(SchedulingPatterns.schedule)
  schedule(@Payload() p: { date: string }) {
    return [...this.projection.reservations.values()]
      .filter((r) => r.slot && jstDateOf(r.slot) === p.date && ['confirmed', 'invited', 'in_session', 'completed', 'no_show', 'terminated'].includes(r.status))
      .sort((a, b) => a.slot!.localeCompare(b.slot!))
      .map((r) => ({ id: r.reservationId, seekerId: r.seekerId, slot: r.slot, end: r.end, status: r.status, meetingUrl: r.meetingUrl, topic: r.topic, mayNeedCounter: r.mayNeedCounter, attendee: r.attendee ?? null }));
  }

  @MessagePattern(SchedulingPatterns.alerts)
  alerts() {
    const overdue = [...this.projection.reservations.values()].map((r) => this.staffView(r)).filter((r) => r.overdue);
    return overdue.map((r) => ({ kind: 'overdue_request', reservationId: r.id, seekerId: r.seekerId, answerDueBy: r.answerDueBy, requestedAt: r.requestedAt }));
  }

  @MessagePattern(SchedulingPatterns.openReservations)
  open() {
    return [...this.projection.reservations.values()]
      .filter((r) => ['requested', 'offered', 'confirmed', 'invited'].includes(r.status))
      .map((r) => ({ reservationId: r.reservationId, seekerId: r.seekerId, status: r.status, slot: r.slot ?? null }));
  }

  // ---- availability (R4) --------------------------------------------------------------

  /**
   * Answers by (range, the model's position, the minute). Exact, not merely recent: the
   * answer only changes with an event (the position) or when a slot begins or a hold's
   * R6 deadline passes, and both happen on minute boundaries (slots start at :00 and
   * :30, deadlines are 23:59:59.999 JST).
   */
  private readonly availabilityAnswers = new Map<string, { slots: SlotAvailability[] }>();

  @MessagePattern(SchedulingPatterns.availability)
  availability(@Payload() p: { from: string; to: string }): { slots: SlotAvailability[] } {
    const nowMs = this.clock.now().getTime();
    const key = `${p.from}|${p.to}|${String(this.projection.position)}|${Math.floor(nowMs / 60_000)}`;
    const known = this.availabilityAnswers.get(key);
    if (known) return known;
    const answer = this.computeAvailability(p, new Date(nowMs).toISOString());
    if (this.availabilityAnswers.size >= 64) this.availabilityAnswers.delete(this.availabilityAnswers.keys().next().value!);
    this.availabilityAnswers.set(key, answer);
    return answer;
  }

  private computeAvailability(p: { from: string; to: string }, now: string): { slots: SlotAvailability[] } {
    const calendar = this.settings.calendar;
    const slots: SlotAvailability[] = [];
    const last = p.to;
    let day = p.from;
    for (let guard = 0; day <= last && guard < 400; guard += 1) {
      for (const slot of calendar.slotsOf(day)) {
        if (slot.start <= now) continue;
        const state = this.projection.slots.get(slot.start);
        const capacity = capacityOf(this.projection.capacity, slot.start, this.settings.defaultCapacity);
        slots.push({ start: slot.start, end: slot.end, remaining: Math.max(0, capacity - (state ? taken(state, now) : 0)) });
      }
      day = nextDate(day);
    }
    return { slots };
  }
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
