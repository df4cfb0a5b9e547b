// Scheduling's write side as a set of handlers, one per command, over one command
// handler; and its single-reservation read (the authoritative state, not a read model).
import type { EventStore } from '@soudan/event-store';
import type { RequestReservationPayload } from '@soudan/scheduling-contracts';
import type { Reservation } from '@soudan/scheduling-domain';
import { CommandHandler, type CommandContext } from './command-handler';
import { officeRules, type OfficeSettingsSource, type SchedulingDeps } from './deps';
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
  /** R4: free places in a slot of an office now (availability's read model); requests for a full slot are refused with SLOT_FULL. */
  vacancy?: (officeCode: string, slot: string, now: string) => number;
  /** R70: every office's settings (the registry); without it only the home office is served. */
  offices?: OfficeSettingsSource;
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
  const office = officeRules(settings, options.offices);
  const handler = new CommandHandler(store, writer, (code) => office(code).settings, texts);
  const deps: SchedulingDeps = { handler, settings, office, eligibility, meetings, vacancy: options.vacancy };
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
    /** R71: the rules of an office (OFFICE_NOT_SERVED for one not served). */
    office,
    get: async (reservationId: string): Promise<Reservation> =>
      existingReservation((await handler.streams.reservation(reservationId)).state),
  };
}

export type Scheduling = ReturnType<typeof createScheduling>;
