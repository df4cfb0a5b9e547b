// The one way a scheduling command runs: load, decide once, derive the slot changes that
// follow from the decision, append everything with the revisions it was decided on, and
// run it all again on a revision conflict. Re-deciding is safe for every command here:
// commands carry the caller's intent (not a state they saw), and the deciders refuse
// what no longer fits (an offer already made, a slot no longer held).
import { createHash } from 'node:crypto';
import {
  contentHash,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '@soudan/event-store';
import {
  capacityOf,
  carriesPersonalText,
  evolve,
  personalTextOf,
  sealedEvent,
  slotDecider,
  type ReservationEvent,
  type ReservationState,
} from '@soudan/scheduling-domain';
import type { PersonalTexts } from './personal-texts';
import { placesOf, slotCommandFor, takesPlace } from './places';
import type { SchedulingSettings } from './ports';
import { SchedulingStreams, type Loaded } from './streams';
import type { PlannedAppend, StreamsWriter } from './streams-writer';

/** Who and when: stamped once where the command entered the application. */
export interface CommandContext {
  correlationId: string;
  causationId?: string;
  actor: string;
  now: string;
}

/** One reservation's part of a decision. */
export interface ReservationChange {
  loaded: Loaded<ReservationState>;
  events: ReservationEvent[];
  /** Slots to bring in line besides those it holds before or after (the keeper's orphans). */
  alsoSlots?: string[];
  /** The office of those slots, where the reservation itself names none (an orphan's). */
  officeCode?: string;
}

/** A stream created by this decision alone (expected: no stream), e.g. a reservation number's claim. */
export interface Claim {
  streamId: string;
  events: Array<{ type: string; data: unknown }>;
}

export interface Decided<R> {
  changes: ReservationChange[];
  /** Written before the reservations on stores without multi-stream commits: what it claims comes first. */
  claims?: Claim[];
  /** The answer, given each change's state after its events. */
  answer: (after: ReservationState[]) => R;
}

const MAX_ATTEMPTS = 12;

/**
 * Ids that make two different decisions two different ids, and a retry of the same
 * append the same ids: the stream, the revision it was decided on, its place in the
 * append and its content.
 */
export function decisionEventId(streamId: string, expected: ExpectedRevision, index: number, hash: string): string {
  const hex = createHash('sha256')
    .update(`${streamId}\u0000${String(expected)}\u0000${index}\u0000${hash}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class CommandHandler {
  readonly streams: SchedulingStreams;

  constructor(
    store: EventStore,
    private readonly writer: StreamsWriter,
    /** R70: the settings of an office (capacity's default, per office). */
    private readonly settingsOf: (officeCode: string) => SchedulingSettings,
    private readonly texts: PersonalTexts,
  ) {
    this.streams = new SchedulingStreams(store, texts);
  }

  async handle<R>(command: string, ctx: CommandContext, decide: () => Promise<Decided<R>>): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const decided = await decide();
        const after = decided.changes.map((c) => c.events.reduce(evolve, c.loaded.state));
        const appends: PlannedAppend[] = (decided.claims ?? []).map((claim) =>
          this.planned(claim.streamId, 'no_stream', 'take', claim.events, ctx),
        );
        for (const [i, change] of decided.changes.entries()) {
          if (change.events.length > 0)
            appends.push(
              this.planned(
                change.loaded.streamId,
                change.loaded.expected,
                'decide',
                await this.sealed(change.events),
                ctx,
              ),
            );
          appends.push(...(await this.slotAppendsOnCurrent(change, after[i], ctx)));
        }
        if (appends.length > 0) await this.writer.write(command, appends);
        return decided.answer(after);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        // Spread the retries of many concurrent writers so they do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 3 * attempt)));
      }
    }
  }

  /**
   * Slots are read after the reservation: a slot refusing the change (no hold left, no
   * place left) may only mean that the reservation moved on in between, as when another
   * consent won. Then it is a conflict to decide again, not the slot's answer.
   */
  private async slotAppendsOnCurrent(change: ReservationChange, after: ReservationState, ctx: CommandContext) {
    try {
      return await this.slotAppends(change, after, ctx);
    } catch (error) {
      const { streamId, expected } = change.loaded;
      const head = (await this.streams.reservation(streamId.slice('reservation-'.length))).expected;
      if (head !== expected)
        throw new WrongExpectedRevisionError(streamId, expected, head === 'no_stream' ? head : Number(head));
      throw error;
    }
  }

  /** The slot changes that make the places of one reservation match its state after the decision. */
  private async slotAppends(change: ReservationChange, after: ReservationState, ctx: CommandContext) {
    if (after.status === 'none' && change.events.length === 0 && !change.alsoSlots?.length) return [];
    const before = change.loaded.state;
    const reservationId = change.loaded.streamId.slice('reservation-'.length);
    const wanted = placesOf(after);
    const slots = new Set([...placesOf(before).keys(), ...wanted.keys(), ...(change.alsoSlots ?? [])]);
    if (slots.size === 0) return [];
    // R71: a reservation's places are its office's slots, under its office's capacity.
    const officeCode =
      after.status !== 'none' ? after.officeCode : before.status !== 'none' ? before.officeCode : change.officeCode;
    if (!officeCode) return [];
    const settings = this.settingsOf(officeCode);
    const capacities = await this.streams.capacity(officeCode);
    const appends: PlannedAppend[] = [];
    for (const slot of [...slots].sort()) {
      const loaded = await this.streams.slot(officeCode, slot);
      const command = slotCommandFor(loaded.state, slot, reservationId, wanted.get(slot), {
        now: ctx.now,
        capacity: capacityOf(capacities, slot, settings.defaultCapacity),
        consenting: before.status === 'offered',
      });
      if (!command) continue;
      const events = slotDecider.decide(command, loaded.state);
      if (events.length === 0) continue;
      const phase = takesPlace(command, loaded.state) ? 'take' : 'give';
      appends.push(this.planned(loaded.streamId, loaded.expected, phase, events, ctx));
    }
    return appends;
  }

  /** R54: the seeker's own words leave the process sealed with their key, never in clear. */
  private async sealed(events: ReservationEvent[]): Promise<ReservationEvent[]> {
    return Promise.all(
      events.map(async (event) => {
        const text = personalTextOf(event);
        if (!text || !carriesPersonalText(event)) return event;
        return sealedEvent(event, await this.texts.seal(event.data.seekerId, text));
      }),
    );
  }

  private planned(
    streamId: string,
    expected: ExpectedRevision,
    phase: PlannedAppend['phase'],
    events: Array<{ type: string; data: unknown }>,
    ctx: CommandContext,
  ): PlannedAppend {
    const newEvents: NewEvent[] = events.map((event, index) => ({
      eventId: decisionEventId(streamId, expected, index, contentHash(event.type, event.data)),
      type: event.type,
      data: event.data,
      metadata: {
        correlationId: ctx.correlationId,
        ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
        actor: ctx.actor,
        schemaVersion: event.type === 'ReservationConfirmed' ? 2 : 1,
      },
    }));
    return { streamId, expected, phase, events: newEvents };
  }
}
