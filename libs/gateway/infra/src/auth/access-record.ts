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
import { createHmac, randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@soudan/event-store';
import { GENERAL_DEVICE_DATA_KID } from '@soudan/gateway-contracts';
import type { Logger } from '@soudan/platform';
import { isSeekerId, type DeviceDataSealer, type RawDevice } from '../device-data/device-data-sealer';
import { sha256Hex, type Sealed } from './crypto';
import { actorOf, type Principal } from './roles';

export const GATEWAY_CONTEXT = 'gateway';
export const ACCESS_STREAM_PREFIX = 'access-';
export const accessStream = (at: string) => `${ACCESS_STREAM_PREFIX}${at.slice(0, 10)}`;
/** The general key's kid (staff and anonymous requests); a seeker's own key has a kid naming the seeker. */
export const DEVICE_DATA_KID = GENERAL_DEVICE_DATA_KID;

export const GatewayEventTypes = {
  AccessRecorded: 'AccessRecorded',
  AccessRecordsDropped: 'AccessRecordsDropped',
} as const;

export type AccessPrincipal = { kind: 'anonymous' } | { kind: 'seeker'; seekerId: string } | { kind: 'staff'; username: string; roles: string[] };

/** `events.gateway.AccessRecorded`, schemaVersion 1. */
export interface AccessRecordedV1 {
  at: string;
  method: string;
  /** The route pattern, e.g. `/api/v1/reservations/:id`; null when no route matched. */
  route: string | null;
  /** The path asked for, only when no route matched (cut to 200 characters). */
  path?: string;
  /**
   * Which resource (R50): the route's parameters. Secrets among them (`token`) only as a
   * hash prefix; a job seeker number as the seeker's pseudonymous id (`seeker:<seekerId>`, R54).
   */
  params: Record<string, string>;
  status: number;
  outcome: 'allowed' | 'refused' | 'invalid' | 'failed';
  principal: AccessPrincipal;
  durationMs: number;
  /**
   * R52: pseudonyms to show, and the raw values sealed for a disclosure. R54: null when
   * the request was a seeker's made after their erasure (a token still valid): nothing
   * raw is kept of an erased seeker.
   */
  device: { ip: string; userAgent: string | null; sealed: Sealed | null };
  correlationId?: string;
}

export interface AccessRecordsDroppedV1 {
  count: number;
  from: string;
  to: string;
}

export interface AccessInput {
  at: Date;
  method: string;
  route: string | null;
  path: string;
  params: Record<string, string>;
  status: number;
  principal?: Principal;
  durationMs: number;
  ip: string;
  userAgent?: string;
  correlationId?: string;
}

export function outcomeOf(status: number): AccessRecordedV1['outcome'] {
  if (status < 400) return 'allowed';
  if (status === 401 || status === 403 || status === 429) return 'refused';
  return status < 500 ? 'invalid' : 'failed';
}

export interface AccessRecorderOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  maxBuffered?: number;
}

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
  private failures = 0;

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
  }

  /**
   * The event's data. A seeker's device data is not sealed yet (`sealed: null`, the raw
   * values apart in `seekerDevice`): `record` seals it with the seeker's key when appending.
   */
  describe(input: AccessInput): { data: AccessRecordedV1; seekerDevice?: { seekerId: string; device: RawDevice } } {
    const userAgent = input.userAgent ? input.userAgent.slice(0, 512) : undefined;
    const raw: RawDevice = { ip: input.ip, userAgent: userAgent ?? null };
    const principal = accessPrincipal(input.principal);
    // A seeker token always names a pseudonymous id; anything else could not be erased by id anyway.
    const seekerId = principal.kind === 'seeker' && isSeekerId(principal.seekerId) ? principal.seekerId : undefined;
    const data: AccessRecordedV1 = {
      at: input.at.toISOString(),
      method: input.method,
      route: input.route,
      ...(input.route ? {} : { path: input.path.slice(0, 200) }),
      params: Object.fromEntries(Object.entries(input.params).map(([name, value]) => [name, this.param(name, value)])),
      status: input.status,
      outcome: outcomeOf(input.status),
      principal,
      durationMs: Math.round(input.durationMs * 10) / 10,
      device: { ...this.sealer.pseudonyms(raw), sealed: seekerId ? null : this.sealer.sealGeneral(raw) },
      correlationId: input.correlationId,
    };
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
    if (/^\d{5}-\d{8}$/.test(number)) return `seeker:${createHmac('sha256', this.pseudonymKey).update(`seeker\u0000${number}`).digest('hex').slice(0, 32)}`;
    return value.slice(0, 200);
  }

  record(input: AccessInput): void {
    const { data, seekerDevice } = this.describe(input);
    const eventId = randomUUID();
    if (seekerDevice) this.unsealed.set(eventId, seekerDevice);
    this.buffer.push({
      eventId,
      type: GatewayEventTypes.AccessRecorded,
      data,
      metadata: { correlationId: input.correlationId ?? randomUUID(), actor: actorOf(input.principal), schemaVersion: 1, purpose: 'operations' },
    });
    if (this.buffer.length > this.maxBuffered) this.drop(this.buffer.length - this.maxBuffered);
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else this.schedule();
  }

  /** Appends everything buffered so far; resolves when it is stored or failed (and kept for the next try). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0 && !this.dropped) return;
    this.flushing = this.appendBuffered().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Whole batches until nothing is left, or until the store refuses.
    do await this.flush();
    while ((this.buffer.length > 0 || this.dropped) && this.failures === 0);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length > 0) this.logger.error({ records: this.buffer.length }, 'access records could not be stored before shutdown');
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
      type: GatewayEventTypes.AccessRecordsDropped,
      data: dropped satisfies AccessRecordsDroppedV1,
      metadata: { correlationId: randomUUID(), actor: 'system:gateway', schemaVersion: 1 },
    };
    if (droppedEvent) add(accessStream(dropped!.to), droppedEvent);
    try {
      // The key table is in the store's database: when it cannot be reached, neither can the store.
      await this.sealSeekers(batch);
      for (const [stream, events] of byStream) {
        // Order within a day's stream does not matter: each record carries its own time.
        await this.store.append(stream, events, 'any');
        const appended = new Set(events.map((e) => e.eventId));
        if (droppedEvent && appended.has(droppedEvent.eventId)) droppedStored = true;
        // Forget what is stored, so a retry after a partial failure does not repeat it.
        for (let i = batch.length - 1; i >= 0; i--) if (appended.has(batch[i].eventId)) batch.splice(i, 1);
      }
      this.failures = 0;
    } catch (error) {
      this.failures++;
      this.buffer.unshift(...batch);
      if (dropped && !droppedStored) this.mergeDropped(dropped);
      if (this.buffer.length > this.maxBuffered) this.drop(this.buffer.length - this.maxBuffered);
      if (this.failures === 1 || this.failures % 50 === 0) this.logger.error({ err: error, buffered: this.buffer.length }, 'could not store access records; will retry');
      this.schedule(Math.min(10_000, this.flushIntervalMs * 2 ** Math.min(this.failures, 6)));
      return;
    }
    if (this.buffer.length > 0) this.schedule(0);
  }

  private drop(count: number): void {
    const lost = this.buffer.splice(0, count);
    for (const event of lost) this.unsealed.delete(event.eventId);
    this.mergeDropped({ count: lost.length, from: (lost[0].data as AccessRecordedV1).at, to: (lost[lost.length - 1].data as AccessRecordedV1).at });
  }

  private mergeDropped(more: AccessRecordsDroppedV1): void {
    this.dropped = this.dropped
      ? { count: this.dropped.count + more.count, from: this.dropped.from < more.from ? this.dropped.from : more.from, to: this.dropped.to > more.to ? this.dropped.to : more.to }
      : more;
  }
}

function accessPrincipal(principal: Principal | undefined): AccessPrincipal {
  if (!principal) return { kind: 'anonymous' };
  if (principal.kind === 'seeker') return { kind: 'seeker', seekerId: principal.seekerId };
  return { kind: 'staff', username: principal.username, roles: principal.roles };
}
