// Group commit for the SQL event store: appends made concurrently in one process share a
// statement, hence one transaction, one commit and one WAL flush, instead of one each.
// While `maxStatements` append statements are running, further appends wait in a queue;
// whenever one finishes, the queue leaves as one group. A lone append (nothing running)
// goes at once, so grouping costs no latency when there is no concurrency.
//
// Each append in a group keeps its own expectation and its own answer: one that
// conflicts is refused alone, the others commit. Appends to one stream run one after
// the other, in the order they were made: never two in one group (the second's
// expectation may depend on the first's outcome), never two statements at once (they
// would only race for the same revision). Two appends carrying the same event id (a
// retry racing its original) do not share a group either.
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port';

export interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface AppendGroupsOptions {
  /** Append statements running at once; appends beyond them are grouped. */
  maxStatements: number;
  /** At most this many events in one statement (positions allow 2^20 - 1 per transaction). */
  maxEvents: number;
  /** At most this many appends in one statement (bounds its size and the work a conflict retries). */
  maxAppends: number;
  /** Runs one group (one append or more); settles every append of it. Must not throw. */
  run(group: PendingAppend[]): Promise<void>;
}

export class AppendGroups {
  private queue: PendingAppend[] = [];
  private running = 0;
  /** Streams with an append statement running. */
  private readonly busy = new Set<string>();

  constructor(private readonly options: AppendGroupsOptions) {}

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxStatements && this.queue.length > 0) {
      const group = this.take();
      if (group.length === 0) return; // every waiting append is for a busy stream
      this.running += 1;
      for (const pending of group) this.busy.add(pending.streamId);
      void this.options.run(group).finally(() => {
        this.running -= 1;
        for (const pending of group) this.busy.delete(pending.streamId);
        this.pump();
      });
    }
  }

  /** The oldest waiting append whose stream is not busy, and every later one that can share its statement. */
  private take(): PendingAppend[] {
    const { maxEvents, maxAppends } = this.options;
    const [first] = this.queue;
    if (this.queue.length === 1 && !this.busy.has(first.streamId)) {
      this.queue.length = 0;
      return [first];
    }
    const group: PendingAppend[] = [];
    const left: PendingAppend[] = [];
    const streams = new Set<string>(this.busy);
    const ids = new Set<string>();
    let events = 0;
    let scanned = 0;
    for (const pending of this.queue) {
      if (group.length >= maxAppends) break;
      scanned += 1;
      const fits =
        (group.length === 0 || events + pending.events.length <= maxEvents) &&
        !streams.has(pending.streamId) &&
        pending.events.every((event) => !ids.has(event.eventId));
      // A stream or id passed over stays closed for this group, so later appends with
      // it wait too and keep their order.
      streams.add(pending.streamId);
      for (const event of pending.events) ids.add(event.eventId);
      if (fits) {
        group.push(pending);
        events += pending.events.length;
      } else {
        left.push(pending);
      }
    }
    this.queue = scanned === this.queue.length ? left : left.concat(this.queue.slice(scanned));
    return group;
  }
}
