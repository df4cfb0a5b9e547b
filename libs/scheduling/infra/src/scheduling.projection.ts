// Scheduling's read models: every reservation, each slot's places, capacity settings and
// terms, folded from the service's own history with the domain's evolve functions.
// Kept in memory and followed live; the position it has reached is its checkpoint,
// which `caughtUp()` waits for. At start it resumes from its latest snapshot (the model
// as of a position, saved with the service's data) and folds only what came after;
// without a usable snapshot (none yet, another model version, unreadable, or
// REBUILD_READ_MODELS=1) it folds the whole history, which is always right: the events
// are the only record, and nothing here can disagree with them.
import {
  listsInParts,
  SnapshotKeeper,
  type EventStore,
  type RecordedEvent,
  type SnapshotPolicy,
  type StoreSubscription,
} from '@soudan/event-store';
import { projectionPosition, startingUp } from '@soudan/observability';
import type { Logger } from '@soudan/platform';
import {
  capacityDecider,
  evolve,
  initialState,
  isBooked,
  slotDecider,
  upcastReservationEvent,
  termsDecider,
  type CapacityEvent,
  type CapacityState,
  type Reservation,
  type ReservationState,
  type SlotEvent,
  type SlotState,
  type TermsEvent,
  type TermsState,
} from '@soudan/scheduling-domain';
import type { OfficeSettings } from '@soudan/offices';
import { OFFICE_REGISTRY_STREAM, placesOf, slotKey } from '@soudan/scheduling-application';
import {
  decodeSchedulingModel,
  encodeSchedulingModel,
  SCHEDULING_MODEL_VERSION,
  SCHEDULING_SNAPSHOT,
  SCHEDULING_SNAPSHOT_PART_ITEMS,
  type SchedulingModel,
} from './scheduling-snapshot';

const PAGE = 1000;

export interface SchedulingProjectionOptions {
  /** Ignore the snapshot and fold the whole history, then save a new one (REBUILD_READ_MODELS=1). */
  rebuild?: boolean;
  /** When to save snapshots (default: every 1,000 events, or every 30 s when anything changed). */
  snapshotPolicy?: Partial<SnapshotPolicy>;
  /** Default SCHEDULING_MODEL_VERSION; tests change it to see what a version bump does. */
  modelVersion?: string;
}

/** Which reservations and slots changed since the last take() (see trackChanges). */
export class ModelChanges {
  private reservations = new Set<string>();
  private slots = new Set<string>();

  reservation(id: string, slots: string[]): void {
    this.reservations.add(id);
    for (const key of slots) this.slots.add(key);
  }

  slot(key: string, reservationIds: string[]): void {
    this.slots.add(key);
    for (const id of reservationIds) this.reservations.add(id);
  }

  /** What changed since the last take, and a fresh start. */
  take(): { reservations: Set<string>; slots: Set<string> } {
    const taken = { reservations: this.reservations, slots: this.slots };
    this.reservations = new Set();
    this.slots = new Set();
    return taken;
  }
}

export class SchedulingProjection implements SchedulingModel {
  readonly reservations = new Map<string, Reservation>();
  readonly bySeeker = new Map<string, Set<string>>();
  /** R15: join links lead to their reservation. */
  readonly byJoinToken = new Map<string, string>();
  /** R72: each office's reservations (ids, in the order they were first folded), for lists of one office. */
  readonly byOffice = new Map<string, Set<string>>();
  /** Each office's slots, keyed by slotKey(office, start). */
  readonly slots = new Map<string, SlotState>();
  /** R4 capacity settings by office. */
  readonly capacities = new Map<string, CapacityState>();
  /** R30/R73: published terms by office. */
  readonly terms = new Map<string, TermsState>();
  /** R70: every registered office's settings, as the registry's events say. */
  readonly offices = new Map<string, OfficeSettings>();
  position: bigint | undefined;
  /** Events this instance folded (those a snapshot brought are not counted). */
  appliedEvents = 0;
  /** The snapshot position start() resumed from; undefined when it folded the whole history. */
  resumedFrom: bigint | undefined;
  readonly snapshots: SnapshotKeeper;
  private subscription?: StoreSubscription;
  private running?: Promise<void>;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  private readonly reservationListeners: Array<(reservation: Reservation) => void> = [];
  private readonly changeTrackers: ModelChanges[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
    options: SchedulingProjectionOptions = {},
  ) {
    this.snapshots = new SnapshotKeeper({
      store: store.snapshots,
      name: SCHEDULING_SNAPSHOT,
      version: options.modelVersion ?? SCHEDULING_MODEL_VERSION,
      logger,
      rebuild: options.rebuild,
      policy: options.snapshotPolicy,
      splitting: listsInParts(SCHEDULING_SNAPSHOT_PART_ITEMS),
      capture: () =>
        this.position === undefined ? undefined : { position: this.position, state: encodeSchedulingModel(this) },
    });
  }

  async start(): Promise<void> {
    // Readiness stays false until the model has caught up with the history (the ops port).
    const catchingUp = startingUp('projection:scheduling', 'catching up');
    const started = performance.now();
    const restored = await this.snapshots.restore(decodeSchedulingModel);
    if (restored) {
      this.restore(restored.model);
      this.position = restored.position;
      this.resumedFrom = restored.position;
    }
    // Catch up before answering anything, so queries never see a half-built model.
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: PAGE });
      for (const event of page) this.apply(event);
      if (page.length < PAGE) break;
    }
    this.logger.info(
      {
        resumedFrom: this.resumedFrom?.toString() ?? null,
        folded: this.appliedEvents,
        reservations: this.reservations.size,
        ms: Math.round(performance.now() - started),
      },
      'scheduling read models ready',
    );
    catchingUp();
    this.snapshots.follow();
    this.subscription = this.store.subscribe({ after: this.position });
    this.running = (async () => {
      try {
        for await (const event of this.subscription!) this.apply(event);
      } catch (error) {
        this.logger.error({ err: error }, 'scheduling projection stopped');
      }
    })();
  }

  /** Stops following and saves a snapshot of what was folded since the last one. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.running;
    await this.snapshots.stop();
  }

  /**
   * Calls `listener` with every reservation the model holds now, then with each one again
   * whenever an event changes it (in the same turn as the change): how an index of the
   * model (the timers) stays in step without scanning it.
   */
  onReservation(listener: (reservation: Reservation) => void): void {
    for (const reservation of this.reservations.values()) this.tell(listener, reservation);
    this.reservationListeners.push(listener);
  }

  /**
   * From now on, records which reservations and slots events change, with the slots a
   * changed reservation had or has places in and the reservations a changed slot had or
   * has places for: what the slot keeper looks at again after its first full look.
   */
  trackChanges(): ModelChanges {
    const changes = new ModelChanges();
    this.changeTrackers.push(changes);
    return changes;
  }

  /** Resolves once the model has seen everything up to `position` (read-your-writes). */
  caughtUp(position: bigint, timeoutMs = 2000): Promise<void> {
    if (this.position !== undefined && this.position >= position) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private restore(model: SchedulingModel): void {
    for (const [id, reservation] of model.reservations) {
      this.reservations.set(id, reservation);
      this.inOffice(reservation.officeCode, id);
      this.tellListeners(reservation);
    }
    for (const [seekerId, ids] of model.bySeeker) this.bySeeker.set(seekerId, ids);
    for (const [token, id] of model.byJoinToken) this.byJoinToken.set(token, id);
    for (const [slot, state] of model.slots) this.slots.set(slot, state);
    for (const [office, state] of model.capacities) this.capacities.set(office, state);
    for (const [office, state] of model.terms) this.terms.set(office, state);
    for (const [code, settings] of model.offices) this.offices.set(code, settings);
  }

  /** A listener that throws is logged; the model goes on folding (one bad index entry, not a stopped model). */
  private tellListeners(reservation: Reservation): void {
    for (const listener of this.reservationListeners) this.tell(listener, reservation);
  }

  private tell(listener: (reservation: Reservation) => void, reservation: Reservation): void {
    try {
      listener(reservation);
    } catch (error) {
      this.logger.error(
        { err: error, reservationId: reservation.reservationId },
        'a reservation listener failed; the model goes on',
      );
    }
  }

  private inOffice(officeCode: string, id: string): void {
    let ids = this.byOffice.get(officeCode);
    if (!ids) this.byOffice.set(officeCode, (ids = new Set()));
    ids.add(id);
  }

  private apply(event: RecordedEvent): void {
    this.position = event.position;
    this.appliedEvents += 1;
    const stream = event.streamId;
    const typed = { type: event.type, data: event.data };
    if (stream.startsWith('reservation-')) {
      const id = stream.slice('reservation-'.length);
      const before: ReservationState = this.reservations.get(id) ?? initialState();
      const after = upcastReservationEvent(typed).reduce(evolve, before);
      if (after.status !== 'none') {
        this.reservations.set(id, after);
        if (before.status === 'none') this.inOffice(after.officeCode, id);
        let mine = this.bySeeker.get(after.seekerId);
        if (!mine) this.bySeeker.set(after.seekerId, (mine = new Set()));
        mine.add(id);
        if (isBooked(after)) this.byJoinToken.set(after.joinToken, id);
        this.tellListeners(after);
        if (this.changeTrackers.length > 0) {
          const places = [...placesOf(before).keys(), ...placesOf(after).keys()].map((slot) =>
            slotKey(after.officeCode, slot),
          );
          for (const changes of this.changeTrackers) changes.reservation(id, places);
        }
      }
    } else if (stream.startsWith('slot-')) {
      // slot-{office}-{start as ISO}: the office and the instant from the stream, one key however the event wrote it.
      const dash = stream.indexOf('-', 'slot-'.length);
      const key = slotKey(stream.slice('slot-'.length, dash), stream.slice(dash + 1));
      const before = this.slots.get(key) ?? slotDecider.initialState();
      const after = slotDecider.evolve(before, typed as SlotEvent);
      this.slots.set(key, after);
      if (this.changeTrackers.length > 0) {
        const ids = [...before.holds.keys(), ...before.bookings, ...after.holds.keys(), ...after.bookings];
        for (const changes of this.changeTrackers) changes.slot(key, ids);
      }
    } else if (stream.startsWith('capacity-')) {
      const office = stream.slice('capacity-'.length);
      this.capacities.set(
        office,
        capacityDecider.evolve(this.capacities.get(office) ?? capacityDecider.initialState(), typed as CapacityEvent),
      );
    } else if (stream.startsWith('terms-')) {
      const office = stream.slice('terms-'.length);
      this.terms.set(
        office,
        termsDecider.evolve(this.terms.get(office) ?? termsDecider.initialState(), typed as TermsEvent),
      );
    } else if (stream === OFFICE_REGISTRY_STREAM) {
      const { code, settings } = event.data as { code: string; settings: OfficeSettings };
      this.offices.set(code, settings);
    }
    this.snapshots.applied();
    projectionPosition.set({ projection: 'scheduling' }, Number(event.position));
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.position <= event.position);
      this.waiters = this.waiters.filter((w) => w.position > event.position);
      for (const w of ready) w.resolve();
    }
  }
}
