// The reservation flows: load, decide, append, and keep the slots' places (R4) in step.
// A reservation and the slots it holds are separate streams: places are taken first
// (where concurrency is decided) and given back if the reservation's own append fails.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore } from '@soudan/event-store';
import { handleCommandWithRetry, loadAggregate, toNewEvents, type CommandContext } from '@soudan/platform';
import type { RequestReservationPayload, RequestReservationResult, ReservationView } from '@soudan/scheduling-contracts';
import {
  capacityDecider,
  capacityOf,
  confirmationDeadline,
  DomainError,
  requestedContent,
  requestFingerprint,
  reservationDecider,
  slotDecider,
  type MeetingDetails,
  type Reservation,
  type ReservationCommand,
  type ReservationEvent,
  type ReservationState,
} from '@soudan/scheduling-domain';
import type { Clock } from '@soudan/time';
import type { EligibilityPort, MeetingProvider, SchedulingSettings } from './ports';

export const reservationStream = (id: string) => `reservation-${id}`;
export const slotStream = (office: string, start: string) => `slot-${office}-${new Date(start).toISOString()}`;
export const capacityStream = (office: string) => `capacity-${office}`;

/** A reservation id derived from who asked and their key: a UUID-shaped SHA-256 prefix. */
export function reservationIdFor(requester: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`reservation\u0000${requester}\u0000${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type Context = Omit<CommandContext, 'eventId'>;

/** The seeker's view of one reservation (api.md). */
export function toView(state: Reservation): ReservationView {
  return {
    id: state.reservationId,
    status: state.status,
    desiredSlots: state.desiredSlots,
    offeredSlots: state.offered.map((s) => s.start),
    slot: state.slot ?? null,
    ...(state.meetingUrl ? { meetingUrl: state.meetingUrl } : {}),
    ...(state.termsVersion ? { termsVersion: state.termsVersion } : {}),
    topic: state.topic,
    mayNeedCounter: state.mayNeedCounter,
    history: state.history,
  };
}

export class ReservationService {
  private readonly decider: ReturnType<typeof reservationDecider>;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
    private readonly eligibility: EligibilityPort,
    private readonly meetings: MeetingProvider,
  ) {
    this.decider = reservationDecider(settings.calendar);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  async load(reservationId: string): Promise<{ state: ReservationState; expected: number | 'no_stream' }> {
    const loaded = await loadAggregate<ReservationState, ReservationEvent>(this.store, reservationStream(reservationId), this.decider);
    return { state: loaded.state, expected: loaded.expected as number | 'no_stream' };
  }

  async get(reservationId: string): Promise<Reservation> {
    const { state } = await this.load(reservationId);
    if (state.status === 'none') throw new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', { reservationId });
    return state;
  }

  /** Decides and appends one command; deterministic event ids make a retry harmless. */
  private async run(reservationId: string, command: ReservationCommand, context: Context, loaded?: { state: ReservationState; expected: number | 'no_stream' }) {
    const { state, expected } = loaded ?? (await this.load(reservationId));
    const events = this.decider.decide(command, state);
    if (events.length > 0) {
      const newEvents = toNewEvents(events, {
        ...context,
        eventId: (event, index) => (ONCE_PER_RESERVATION.has(event.type) ? `${reservationId}:${event.type}` : `${reservationId}:${event.type}:${randomUUID()}:${index}`),
      });
      await this.store.append(reservationStream(reservationId), newEvents, expected);
    }
    return { events, state: events.reduce(this.decider.evolve, state) };
  }

  // ---- request (R10, R11, R5) ------------------------------------------------------

  async request(payload: RequestReservationPayload, context: Context): Promise<RequestReservationResult> {
    const reservationId = payload.idempotencyKey ? reservationIdFor(payload.jobSeekerNumber, payload.idempotencyKey) : randomUUID();
    const command = (seekerId: string): ReservationCommand => ({
      type: 'RequestReservation',
      data: {
        reservationId,
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
      metadata: { now: this.now() },
    });
    const previous = await this.load(reservationId);
    // The calendar rules first: bad dates are refused without asking anyone else.
    if (previous.state.status === 'none') this.decider.decide(command('pending'), this.decider.initialState());
    // R11: eligibility decides, and gives the pseudonymous seeker id events carry.
    const eligibility = await this.eligibility.check({
      jobSeekerNumber: payload.jobSeekerNumber,
      officeCode: payload.officeCode,
      devices: payload.devices,
      environment: payload.environment,
      onlineReason: payload.onlineReason,
      at: this.now(),
    });
    if (!eligibility.eligible) {
      const suspended = eligibility.reasons.find((r) => r.code === 'SUSPENDED');
      if (suspended) throw new DomainError('SUSPENDED', 'use of online consultation is suspended', { until: suspended.details?.until ?? null, reasons: eligibility.reasons });
      throw new DomainError('NOT_ELIGIBLE', 'the conditions for online consultation are not met', { reasons: eligibility.reasons });
    }
    const request = command(eligibility.seekerId);
    if (previous.state.status !== 'none') return this.sameRequest(previous.state, request);
    await this.eligibility.recordContact({ seekerId: eligibility.seekerId, name: payload.name, email: payload.email, language: payload.language ?? 'ja' });
    try {
      await this.run(reservationId, request, context, { state: this.decider.initialState(), expected: 'no_stream' });
    } catch (error) {
      // Two retries with the same key raced: the loser answers as the winner did.
      if (error instanceof WrongExpectedRevisionError && payload.idempotencyKey) return this.sameRequest((await this.load(reservationId)).state, request);
      throw error;
    }
    return { id: reservationId, status: 'requested' };
  }

  private sameRequest(state: ReservationState, command: ReservationCommand): RequestReservationResult {
    if (state.status === 'none') throw new DomainError('REVISION_CONFLICT', 'the reservation changed while it was created', {});
    const [wouldBe] = this.decider.decide(command, this.decider.initialState());
    if (wouldBe.type !== 'ReservationRequested' || requestFingerprint(requestedContent(wouldBe.data)) !== state.requestFingerprint) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', {});
    }
    return { id: state.reservationId, status: state.status };
  }

  // ---- places (R4) -----------------------------------------------------------------

  private async capacity(slot: string): Promise<number> {
    const { state } = await loadAggregate(this.store, capacityStream(this.settings.officeCode), capacityDecider);
    return capacityOf(state, slot, this.settings.defaultCapacity);
  }

  private async slotCommand(slot: string, command: Parameters<typeof slotDecider.decide>[0], context: Context): Promise<void> {
    await handleCommandWithRetry(this.store, slotStream(this.settings.officeCode, slot), slotDecider, command, { ...context, eventId: () => randomUUID() });
  }

  private async hold(slot: string, reservationId: string, context: Context) {
    const capacity = await this.capacity(slot);
    await this.slotCommand(slot, { type: 'Hold', data: { slot, reservationId, until: confirmationDeadline(slot), capacity }, metadata: { now: this.now() } }, context);
  }

  private async book(slot: string, reservationId: string, requireHold: boolean, context: Context) {
    const capacity = await this.capacity(slot);
    await this.slotCommand(slot, { type: 'Book', data: { slot, reservationId, capacity, requireHold }, metadata: { now: this.now() } }, context);
  }

  private async releaseHolds(slots: string[], reservationId: string, context: Context) {
    for (const slot of slots) await this.slotCommand(slot, { type: 'ReleaseHold', data: { slot, reservationId }, metadata: { now: this.now() } }, context);
  }

  private async releaseBooking(slot: string, reservationId: string, context: Context) {
    await this.slotCommand(slot, { type: 'Release', data: { slot, reservationId }, metadata: { now: this.now() } }, context);
  }

  // ---- offer, consent (R12, R13) ----------------------------------------------------

  async offer(reservationId: string, slots: string[], termsVersion: string, context: Context): Promise<ReservationView> {
    const loaded = await this.load(reservationId);
    const command: ReservationCommand = { type: 'OfferSlots', data: { slots, termsVersion, by: context.actor }, metadata: { now: this.now() } };
    const [offered] = this.decider.decide(command, loaded.state);
    const starts = (offered.data as { slots: Array<{ start: string }> }).slots.map((s) => s.start);
    const held: string[] = [];
    try {
      for (const start of starts) {
        await this.hold(start, reservationId, context);
        held.push(start);
      }
      const { state } = await this.run(reservationId, command, context, loaded);
      return toView(state as Reservation);
    } catch (error) {
      await this.releaseHolds(held, reservationId, context);
      throw error;
    }
  }

  async reject(reservationId: string, reason: string, context: Context): Promise<ReservationView> {
    const { state } = await this.run(reservationId, { type: 'RejectRequest', data: { reason, by: context.actor }, metadata: { now: this.now() } }, context);
    return toView(state as Reservation);
  }

  private async meeting(reservationId: string): Promise<MeetingDetails> {
    const joinToken = randomBytes(24).toString('base64url');
    const { roomUrl } = await this.meetings.createRoom(reservationId);
    return { joinToken, roomUrl, meetingUrl: `${this.settings.publicBaseUrl.replace(/\/$/, '')}/join/${joinToken}` };
  }

  async consent(reservationId: string, slot: string, termsVersion: string, channel: 'web' | 'email', context: Context): Promise<ReservationView> {
    const loaded = await this.load(reservationId);
    const command: ReservationCommand = {
      type: 'Consent',
      data: { slot, termsVersion, channel, meeting: await this.meeting(reservationId), slotMinutes: this.settings.slotMinutes },
      metadata: { now: this.now() },
    };
    const [confirmed] = this.decider.decide(command, loaded.state);
    const chosen = (confirmed.data as { slot: string }).slot;
    // R13: the place must still be held for this reservation; it becomes a booking.
    await this.book(chosen, reservationId, true, context);
    try {
      const { state } = await this.run(reservationId, command, context, loaded);
      const others = (loaded.state as Reservation).offered.map((s) => s.start).filter((s) => s !== chosen);
      await this.releaseHolds(others, reservationId, context);
      return toView(state as Reservation);
    } catch (error) {
      await this.releaseBooking(chosen, reservationId, context);
      throw error;
    }
  }

  // ---- cancellation (R17) ------------------------------------------------------------

  async cancel(reservationId: string, command: ReservationCommand, context: Context): Promise<ReservationView> {
    const loaded = await this.load(reservationId);
    let result;
    try {
      result = await this.run(reservationId, command, context, loaded);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SAME_DAY_PHONE_ONLY') {
        throw new DomainError(error.code, error.message, { ...error.details, phone: this.settings.officePhone });
      }
      throw error;
    }
    await this.giveBackPlaces(loaded.state, reservationId, context);
    return toView(result.state as Reservation);
  }

  private async giveBackPlaces(before: ReservationState, reservationId: string, context: Context) {
    if (before.status === 'none') return;
    if (before.status === 'offered') await this.releaseHolds(before.offered.map((s) => s.start), reservationId, context);
    if (before.slot && (before.status === 'confirmed' || before.status === 'invited')) await this.releaseBooking(before.slot, reservationId, context);
  }

  // ---- the session (R15, R16, R20, R21) --------------------------------------------

  async simple(reservationId: string, command: ReservationCommand, context: Context): Promise<ReservationView> {
    const { state } = await this.run(reservationId, command, context);
    return toView(state as Reservation);
  }

  async followUp(previousId: string, slot: string, overrideReason: string | undefined, termsVersion: string, context: Context): Promise<ReservationView> {
    const previous = await this.load(previousId);
    const original = previous.state;
    if (original.status !== 'in_session') {
      throw original.status === 'none'
        ? new DomainError('RESERVATION_NOT_FOUND', 'no such reservation', {})
        : new DomainError('INVALID_STATE', 'a follow-up is booked during the session', { status: original.status });
    }
    const followUpId = randomUUID();
    const create: ReservationCommand = {
      type: 'CreateFollowUp',
      data: {
        reservationId: followUpId,
        previousReservationId: previousId,
        officeCode: original.officeCode,
        seekerId: original.seekerId,
        topic: original.topic,
        slot,
        termsVersion,
        overrideReason,
        by: context.actor,
        meeting: await this.meeting(followUpId),
        slotMinutes: this.settings.slotMinutes,
      },
      metadata: { now: this.now() },
    };
    this.decider.decide(create, this.decider.initialState());
    await this.book(slot, followUpId, false, context);
    try {
      const { state } = await this.run(followUpId, create, context, { state: this.decider.initialState(), expected: 'no_stream' });
      await this.run(previousId, { type: 'RecordFollowUp', data: { followUpId, slot, by: context.actor, overrideReason }, metadata: { now: this.now() } }, context);
      return toView(state as Reservation);
    } catch (error) {
      await this.releaseBooking(slot, followUpId, context);
      throw error;
    }
  }

  // ---- timers (R7, R14, R18, reminder) ------------------------------------------------

  /** Runs a timer's command; refusals mean the reservation moved on, which is fine. */
  async fire(reservationId: string, type: 'Lapse' | 'MarkOverdue' | 'SendReminder' | 'MarkNoShow', context: Context): Promise<'fired' | 'not-due' | 'moot'> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const loaded = await this.load(reservationId);
      try {
        const { events } = await this.run(reservationId, { type, data: {}, metadata: { now: this.now() } } as ReservationCommand, context, loaded);
        if (type === 'Lapse' && events.length > 0) await this.giveBackPlaces(loaded.state, reservationId, context);
        return events.length > 0 ? 'fired' : 'moot';
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) continue;
        if (error instanceof DomainError) return error.code === 'NOT_YET_DUE' ? 'not-due' : 'moot';
        throw error;
      }
    }
    return 'moot';
  }
}

/** Facts that happen at most once in a reservation's life: their ids are fixed. */
const ONCE_PER_RESERVATION = new Set([
  'ReservationRequested',
  'FollowUpReservationCreated',
  'ReservationOffered',
  'ReservationRejected',
  'ReservationConfirmed',
  'ReservationLapsed',
  'ReservationCancelled',
  'AnswerOverdue',
  'ReminderDue',
  'ReservationInvited',
  'SessionCompleted',
  'SessionTerminated',
  'SessionNoShow',
  'SessionCheckedIn',
]);
