// R50: every API access, allowed or refused, becomes an `AccessRecorded` event in the
// gateway's store (streams `access-<yyyy-mm-dd>`, UTC), which its relay publishes as
// `events.gateway.AccessRecorded` for the audit service.
//
// R52: the client address and user agent are device identification data. They are
// stored only sealed (AES-256-GCM) with keyed pseudonyms (HMAC with PSEUDONYM_KEY) beside
// them: reports show the pseudonyms, a disclosure opens the seal. They never reach a log
// line. R54: a request made with a seeker's token is sealed with that seeker's own key
// (DeviceDataSealer), so erasing the seeker erases it; staff and anonymous requests with
// the general key. A seeker's record is sealed when its batch is appended (the key may
// have to be fetched or made), so the request path never waits for the key table.
//
// Writing one event per request on the request path would add a store round trip to
// every answer; records are buffered and appended in batches instead (every 200 ms or
// 500 records). A crash loses at most the last batch window, which the shutdown hook
// flushes on a clean stop. While the store is down the buffer holds up to `maxBuffered`
// records; beyond that the oldest are dropped and an `AccessRecordsDropped` event says
// how many and when, so the gap is visible in the record rather than silent.
//
// Nobody can switch the record off (R50). Every string a request puts into a record
// (path, parameters, user agent, ...) is made storable here, since a NUL or an unpaired
// surrogate would make the store refuse the whole batch. Should the store still refuse a
// batch for what it holds, the writer splits it, stores the rest and the bad record in a
// safe form, and raises it to staff (identity-infra's access-record-writer.ts, access-alerts.ts). A store
// that stays down is retried with backoff, never from the request path; the log says so
// once, then at most every few minutes, and after `stallAlertMs` staff see it as an
// alert (GET /staff/alerts) and, once records are stored again, as a stored alert.
import { createHmac, randomUUID } from 'node:crypto';
import { makeStorable, truncateText, type EventStore, type NewEvent } from '@soudan/event-store';
import type { Logger } from '@soudan/platform';
import { isSeekerId, type DeviceDataSealer, type RawDevice } from '../device-data/device-data-sealer';
import {
  ACCESS_ALERT_STREAM,
  AccessAlertEventTypes,
  type AccessRecordingStalledV1,
  AccessRecordWriter,
  type LiveStall,
  stallEventId,
  StallWatch,
  sha256Hex,
} from '@soudan/identity-infra';
import {
  accessStream,
  IdentityEventTypes,
  outcomeOf,
  type AccessInput,
  type AccessPrincipal,
  type AccessRecordedV1,
  type AccessRecordsDroppedV1,
} from './access-events';
import { actorOf, type Principal } from './roles';

export * from './access-events';

export interface AccessRecorderOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  maxBuffered?: number;
  /** How long records may fail to be stored before staff are alerted (default 60 s). */
  stallAlertMs?: number;
  /** While the store keeps failing, at most one log line per this interval (default 5 min). */
  logEveryMs?: number;
}

/** Failures of one batch that are neither "store down" nor clearly its content, before it is split anyway. */
const UNKNOWN_FAILURES_BEFORE_SPLIT = 3;

export class AccessRecorder {
  private buffer: NewEvent[] = [];
  /** The raw device data of buffered seeker records, until their batch seals it with the seeker's key. */
  private readonly unsealed = new Map<string, { seekerId: string; device: RawDevice }>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private dropped?: { count: number; from: string; to: string };
  private readonly pseudonymKey: Buffer;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;
  private readonly writer: AccessRecordWriter;
  private readonly watch: StallWatch;
  /** A stall that ended, its alert still to be stored. */
  private endedStall?: AccessRecordingStalledV1;

  constructor(
    private readonly store: EventStore,
    private readonly sealer: DeviceDataSealer,
    keys: { pseudonymKey: Buffer },
    private readonly logger: Logger,
    options: AccessRecorderOptions = {},
  ) {
    this.pseudonymKey = keys.pseudonymKey;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
    this.watch = new StallWatch(logger, options.stallAlertMs ?? 60_000, options.logEveryMs ?? 5 * 60_000);
    this.writer = new AccessRecordWriter(store);
  }

  /** This replica's stall, while it lasts (GET /staff/alerts shows it: nothing can be stored meanwhile). */
  liveStall(): LiveStall | undefined {
    return this.watch.live(this.buffer.length);
  }

  /**
   * The event's data. A seeker's device data is not sealed yet (`sealed: null`, the raw
   * values apart in `seekerDevice`): `record` seals it with the seeker's key when appending.
   */
  describe(input: AccessInput): { data: AccessRecordedV1; seekerDevice?: { seekerId: string; device: RawDevice } } {
    const userAgent = input.userAgent ? truncateText(input.userAgent, 512) : undefined;
    const raw: RawDevice = { ip: input.ip, userAgent: userAgent ?? null };
    const principal = accessPrincipal(input.principal);
    // A seeker token always names a pseudonymous id; anything else could not be erased by id anyway.
    const seekerId = principal.kind === 'seeker' && isSeekerId(principal.seekerId) ? principal.seekerId : undefined;
    // Everything a client could put here is made storable (R50): hostile text must not cost the record.
    const data: AccessRecordedV1 = makeStorable({
      at: input.at.toISOString(),
      method: truncateText(input.method, 16),
      route: input.route,
      ...(input.route ? {} : { path: truncateText(input.path, 200) }),
      params: Object.fromEntries(Object.entries(input.params).map(([name, value]) => [name, this.param(name, value)])),
      status: input.status,
      outcome: outcomeOf(input.status),
      principal,
      durationMs: Math.round(input.durationMs * 10) / 10,
      device: { ...this.sealer.pseudonyms(raw), sealed: seekerId ? null : this.sealer.sealGeneral(raw) },
      correlationId: input.correlationId,
    });
    return seekerId ? { data, seekerDevice: { seekerId, device: raw } } : { data };
  }

  /** The event's data as `describe` gives it (a seeker's device data still to be sealed). */
  toEvent(input: AccessInput): AccessRecordedV1 {
    return this.describe(input).data;
  }

  private param(name: string, value: string): string {
    if (/token|secret|password/i.test(name)) return `sha256:${sha256Hex(value).slice(0, 16)}`;
    const number = value.normalize('NFKC').replace(/[‐-―−ー－]/g, '-');
    // The same keyed pseudonym eligibility gives the seeker (its seekerIdFor), so the audit can join them.
    if (/^\d{5}-\d{8}$/.test(number))
      return `seeker:${createHmac('sha256', this.pseudonymKey).update(`seeker\u0000${number}`).digest('hex').slice(0, 32)}`;
    return truncateText(value, 200);
  }

  record(input: AccessInput): void {
    const { data, seekerDevice } = this.describe(input);
    this.enqueue(data, actorOf(input.principal), input.correlationId, seekerDevice);
  }

  /** Buffers a record as it is (record() describes it first; tests hand in what describe() would never make). */
  enqueue(
    data: AccessRecordedV1,
    actor: string,
    correlationId?: string,
    seekerDevice?: { seekerId: string; device: RawDevice },
  ): void {
    const eventId = randomUUID();
    if (seekerDevice) this.unsealed.set(eventId, seekerDevice);
    this.buffer.push({
      eventId,
      type: IdentityEventTypes.AccessRecorded,
      data,
      metadata: { correlationId: correlationId ?? randomUUID(), actor, schemaVersion: 1, purpose: 'operations' },
    });
    if (this.buffer.length > this.maxBuffered) this.drop(this.buffer.length - this.maxBuffered);
    this.watch.waiting(this.buffer.length);
    // While the store fails, only the backoff timer tries again: requests must not turn into a storm of appends.
    // A flush under way takes the next batch when it is done.
    if (this.buffer.length >= this.maxBatch && !this.watch.failing && !this.flushing) void this.flush();
    else this.schedule();
  }

  /** Appends everything buffered so far; resolves when it is stored or failed (and kept for the next try). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0 && !this.dropped && !this.endedStall) return;
    this.flushing = this.appendBuffered().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Whole batches until nothing is left, or until the store refuses.
    do await this.flush();
    while ((this.buffer.length > 0 || this.dropped) && this.watch.failures === 0);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length > 0)
      this.logger.error({ records: this.buffer.length }, 'access records could not be stored before shutdown');
  }

  private schedule(delay = this.flushIntervalMs): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
    this.timer.unref?.();
  }

  /** R54: seals the seekers' device data of a batch with each seeker's own key (one look-up for the batch). */
  private async sealSeekers(batch: readonly NewEvent[]): Promise<void> {
    const pending = batch.filter((event) => this.unsealed.has(event.eventId));
    if (pending.length === 0) return;
    const sealed = await this.sealer.sealForSeekers(pending.map((event) => this.unsealed.get(event.eventId)!));
    pending.forEach((event, index) => {
      (event.data as AccessRecordedV1).device.sealed = sealed[index];
      this.unsealed.delete(event.eventId);
    });
  }

  private async appendBuffered(): Promise<void> {
    const batch = this.buffer.splice(0, this.maxBatch);
    const dropped = this.dropped;
    this.dropped = undefined;
    let droppedStored = false;
    const byStream = new Map<string, NewEvent[]>();
    const add = (stream: string, event: NewEvent) => byStream.set(stream, [...(byStream.get(stream) ?? []), event]);
    for (const event of batch) add(accessStream((event.data as AccessRecordedV1).at), event);
    const droppedEvent: NewEvent | undefined = dropped && {
      eventId: randomUUID(),
      type: IdentityEventTypes.AccessRecordsDropped,
      data: dropped satisfies AccessRecordsDroppedV1,
      metadata: { correlationId: randomUUID(), actor: 'system:gateway', schemaVersion: 1 },
    };
    if (droppedEvent) add(accessStream(dropped!.to), droppedEvent);
    // Forget what is stored as soon as it is, so a retry after a partial failure does not repeat it.
    const stored = (ids: readonly string[]) => {
      const done = new Set(ids);
      if (droppedEvent && done.has(droppedEvent.eventId)) droppedStored = true;
      for (let i = batch.length - 1; i >= 0; i--) if (done.has(batch[i].eventId)) batch.splice(i, 1);
    };
    try {
      // The key table is in the store's database: when it cannot be reached, neither can the store.
      await this.sealSeekers(batch);
      // Order within a day's stream does not matter: each record carries its own time.
      const splitUnknown = this.watch.failures >= UNKNOWN_FAILURES_BEFORE_SPLIT;
      for (const [stream, events] of byStream) {
        const { repaired } = await this.writer.write(stream, events, splitUnknown, stored);
        for (const alert of repaired)
          this.logger.error(
            { recordEventId: alert.recordEventId, reason: alert.reason, form: alert.form, fields: alert.fields.length },
            'the store refused an access record; stored in a safe form and raised to staff',
          );
      }
      await this.storeEndedStall();
    } catch (error) {
      this.buffer.unshift(...batch);
      if (dropped && !droppedStored) this.mergeDropped(dropped);
      if (this.buffer.length > this.maxBuffered) this.drop(this.buffer.length - this.maxBuffered);
      this.watch.failed(error, this.buffer.length);
      this.schedule(Math.min(10_000, this.flushIntervalMs * 2 ** Math.min(this.watch.failures, 6)));
      return;
    }
    const ended = this.watch.recovered();
    if (ended) this.endedStall = ended;
    if (this.buffer.length > 0 || this.endedStall) this.schedule(0);
  }

  /** The alert of a stall that ended (kept for the next flush if this one fails). */
  private async storeEndedStall(): Promise<void> {
    const ended = this.endedStall;
    if (!ended) return;
    await this.store.append(
      ACCESS_ALERT_STREAM,
      [
        {
          eventId: stallEventId(ended.from),
          type: AccessAlertEventTypes.AccessRecordingStalled,
          data: ended,
          metadata: { correlationId: randomUUID(), actor: 'system:gateway', schemaVersion: 1 },
        },
      ],
      'any',
    );
    this.endedStall = undefined;
  }

  private drop(count: number): void {
    const lost = this.buffer.splice(0, count);
    for (const event of lost) this.unsealed.delete(event.eventId);
    this.watch.dropped(lost.length);
    this.mergeDropped({
      count: lost.length,
      from: (lost[0].data as AccessRecordedV1).at,
      to: (lost[lost.length - 1].data as AccessRecordedV1).at,
    });
  }

  private mergeDropped(more: AccessRecordsDroppedV1): void {
    this.dropped = this.dropped
      ? {
          count: this.dropped.count + more.count,
          from: this.dropped.from < more.from ? this.dropped.from : more.from,
          to: this.dropped.to > more.to ? this.dropped.to : more.to,
        }
      : more;
  }
}

function accessPrincipal(principal: Principal | undefined): AccessPrincipal {
  if (!principal) return { kind: 'anonymous' };
  if (principal.kind === 'seeker') return { kind: 'seeker', seekerId: principal.seekerId };
  return {
    kind: 'staff',
    username: principal.username,
    roles: principal.roles,
    ...(principal.offices ? { offices: principal.offices } : {}),
  };
}
