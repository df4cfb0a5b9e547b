// Scheduling's read models: every reservation, each slot's places, capacity settings and
// terms, folded from the service's own history with the domain's evolve functions.
// Kept in memory and rebuilt from the history at start (the events are the only
// record; nothing here can disagree with them); the position it has reached is its
// checkpoint, which `caughtUp()` waits for.
import type { EventStore, RecordedEvent, StoreSubscription } from '@soudan/event-store';
import type { Logger } from '@soudan/platform';
import {
  capacityDecider,
  evolve,
  initialState,
  slotDecider,
  termsDecider,
  type CapacityEvent,
  type CapacityState,
  type Reservation,
  type ReservationEvent,
  type ReservationState,
  type SlotEvent,
  type SlotState,
  type TermsEvent,
  type TermsState,
} from '@soudan/scheduling-domain';

export class SchedulingProjection {
  readonly reservations = new Map<string, Reservation>();
  readonly bySeeker = new Map<string, Set<string>>();
  /** R15: join links lead to their reservation. */
  readonly byJoinToken = new Map<string, string>();
  readonly slots = new Map<string, SlotState>();
  capacity: CapacityState = capacityDecider.initialState();
  terms: TermsState = termsDecider.initialState();
  position: bigint | undefined;
  private subscription?: StoreSubscription;
  private running?: Promise<void>;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // Rebuild: read the whole history first, so queries never see a half-built model.
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: 1000 });
      for (const event of page) this.apply(event);
      if (page.length < 1000) break;
    }
    this.subscription = this.store.subscribe({ after: this.position });
    this.running = (async () => {
      try {
        for await (const event of this.subscription!) this.apply(event);
      } catch (error) {
        this.logger.error({ err: error }, 'scheduling projection stopped');
      }
    })();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.running;
  }

  /** Resolves once the model has seen everything up to `position` (read-your-writes). */
  caughtUp(position: bigint, timeoutMs = 2000): Promise<void> {
    if (this.position !== undefined && this.position >= position) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private apply(event: RecordedEvent): void {
    this.position = event.position;
    const stream = event.streamId;
    const typed = { type: event.type, data: event.data };
    if (stream.startsWith('reservation-')) {
      const id = stream.slice('reservation-'.length);
      const before: ReservationState = this.reservations.get(id) ?? initialState();
      const after = evolve(before, typed as ReservationEvent);
      if (after.status !== 'none') {
        this.reservations.set(id, after);
        let mine = this.bySeeker.get(after.seekerId);
        if (!mine) this.bySeeker.set(after.seekerId, (mine = new Set()));
        mine.add(id);
        if (after.joinToken) this.byJoinToken.set(after.joinToken, id);
      }
    } else if (stream.startsWith('slot-')) {
      const slot = (event.data as { slot: string }).slot;
      this.slots.set(slot, slotDecider.evolve(this.slots.get(slot) ?? slotDecider.initialState(), typed as SlotEvent));
    } else if (stream.startsWith('capacity-')) {
      this.capacity = capacityDecider.evolve(this.capacity, typed as CapacityEvent);
    } else if (stream.startsWith('terms-')) {
      this.terms = termsDecider.evolve(this.terms, typed as TermsEvent);
    }
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((w) => w.position <= event.position);
      this.waiters = this.waiters.filter((w) => w.position > event.position);
      for (const w of ready) w.resolve();
    }
  }
}
