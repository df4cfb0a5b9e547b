// Scheduling's write side as a set of handlers, one per command, over one command
// handler; and its single-reservation read (the authoritative state, not a read model).
import type { EventStore } from '@soudan/event-store';
import type { RequestReservationPayload } from '@soudan/scheduling-contracts';
import { reservationDecider, type Reservation } from '@soudan/scheduling-domain';
import { CommandHandler, type CommandContext } from './command-handler';
import type { SchedulingDeps } from './deps';
import { cancel, type Cancel } from './handlers/cancel.handler';
import { giveConsent, type GiveConsent } from './handlers/consent.handler';
import { fireTimer, type TimerCommand } from './handlers/fire-timer.handler';
import { bookFollowUp, type BookFollowUp } from './handlers/follow-up.handler';
import { offerSlots, type OfferSlots } from './handlers/offer-slots.handler';
import { reservationStep, type StepData, type StepType } from './handlers/reservation-step.handler';
import { requestReservation } from './handlers/request-reservation.handler';
import type { PersonalTexts } from './personal-texts';
import type { EligibilityPort, MeetingProvider, SchedulingSettings } from './ports';
import { SlotKeeper, type SlotKeeperOptions } from './slot-keeper';
import { streamsWriter, type WriteStep } from './streams-writer';
import { existingReservation } from './views';

export interface SchedulingOptions {
  /** Named points of every write, for crash tests. */
  step?: WriteStep;
  /** Told the position of every append (read-your-writes). */
  onAppended?: (position: bigint) => void;
  /** false: append stream by stream even where the store commits several together (tests of the KurrentDB path). */
  atomic?: boolean;
  keeper?: SlotKeeperOptions;
  /** R4: free places in a slot now (availability's read model); requests for a full slot are refused with SLOT_FULL. */
  vacancy?: (slot: string, now: string) => number;
}

export function createScheduling(
  store: EventStore,
  settings: SchedulingSettings,
  eligibility: EligibilityPort,
  meetings: MeetingProvider,
  texts: PersonalTexts,
  options: SchedulingOptions = {},
) {
  const writer = streamsWriter(store, options);
  const handler = new CommandHandler(store, writer, settings, texts);
  const deps: SchedulingDeps = {
    handler,
    settings,
    eligibility,
    meetings,
    decider: reservationDecider(settings.calendar),
    vacancy: options.vacancy,
  };
  return {
    atomic: writer.atomic,
    keeper: new SlotKeeper(handler, options.keeper),
    request: (payload: RequestReservationPayload, ctx: CommandContext) => requestReservation(deps, payload, ctx),
    offer: (input: OfferSlots, ctx: CommandContext) => offerSlots(deps, input, ctx),
    consent: (input: GiveConsent, ctx: CommandContext) => giveConsent(deps, input, ctx),
    cancel: (input: Cancel, ctx: CommandContext) => cancel(deps, input, ctx),
    followUp: (input: BookFollowUp, ctx: CommandContext) => bookFollowUp(deps, input, ctx),
    step: async <T extends StepType>(reservationId: string, type: T, data: StepData<T>, ctx: CommandContext) =>
      (await reservationStep(deps, reservationId, type, data, ctx)).view,
    fire: (reservationId: string, type: TimerCommand, ctx: CommandContext) => fireTimer(deps, reservationId, type, ctx),
    texts,
    get: async (reservationId: string): Promise<Reservation> =>
      existingReservation((await handler.streams.reservation(reservationId)).state),
  };
}

export type Scheduling = ReturnType<typeof createScheduling>;
