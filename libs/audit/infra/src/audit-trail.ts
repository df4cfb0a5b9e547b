// The audit trail in the store, and what the service keeps in memory to answer from it:
// the head of the hash chain (to link the next record), the record index (filters,
// R53; disclosure scopes, R52) and the usage tally (Art. 7(1)). All three are folded from
// the stored trail at start and on every query, so a replica sees what another wrote,
// and a query sees every record committed before it.
//
// One writer at a time per process (a lane); two replicas writing at once meet on the
// expected revision, and the loser reads what the winner wrote and links after it.
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
} from '@soudan/event-store';
import type { AuditEventsPage, IntegrityReport, UsageReport } from '@soudan/audit-contracts';
import type { AccessPrincipal, StaffAccountChangedV1 } from '@soudan/identity-contracts';
import {
  auditedEventOf,
  ChainVerifier,
  deviceDataOf,
  DomainError,
  GENESIS_HASH,
  isAuditCategory,
  linkRecord,
  RecordIndex,
  subjectOf,
  UsageTally,
  type AuditCategory,
  type AuditRecordData,
  type IndexQuery,
  type SourceEvent,
} from '@soudan/audit-domain';
import { EVENT_STORE, LOGGER, type Logger } from '@soudan/platform';
import {
  isLegacyStream,
  LEGACY_AUDITED,
  sourceOfLegacy,
  toView,
  TRAIL_RECORD,
  TRAIL_STREAM,
  trailEventId,
} from './audit-record';

/** Wanted positions closer than this are read in one go rather than one by one. */
const READ_GAP = 64;
const READ_WINDOW = 2000;
const MAX_WRITE_ATTEMPTS = 25;

export interface AuditTrailOptions {
  /** How long one integrity check may read before it answers with `next` (default 2 s, under the RPC timeout). */
  integrityBudgetMs?: number;
  /** Records read per round trip (default 1,000). */
  pageSize?: number;
}
export const AUDIT_TRAIL_OPTIONS = Symbol('AUDIT_TRAIL_OPTIONS');

class Lane {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export interface TrailQuery {
  after?: number;
  limit: number;
  category?: AuditCategory;
  sinceMs?: number;
  untilMs?: number;
}

@Injectable()
export class AuditTrail implements OnApplicationBootstrap {
  private readonly index = new RecordIndex();
  private readonly usageTally = new UsageTally();
  private head = { position: -1, hash: GENESIS_HASH };
  private readonly lane = new Lane();
  private started?: Promise<void>;
  private readonly integrityBudgetMs: number;
  private readonly pageSize: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(AUDIT_TRAIL_OPTIONS) options?: AuditTrailOptions,
  ) {
    this.integrityBudgetMs = options?.integrityBudgetMs ?? 2000;
    this.pageSize = options?.pageSize ?? 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  /** Reads the stored trail (and moves copies kept before it existed into it) once. */
  start(): Promise<void> {
    this.started ??= this.lane.run(async () => {
      await this.catchUpNow();
      if (this.head.position < 0) await this.importLegacy();
    });
    return this.started;
  }

  /** Position of the last record this process knows of; -1 when the trail is empty. */
  get headPosition(): number {
    return this.head.position;
  }

  /** Appends the copy of one event, linked to the record before it. Idempotent by event id. */
  async record(event: SourceEvent): Promise<void> {
    await this.start();
    await this.lane.run(() => this.append(event));
  }

  /**
   * Appends the copies of events that arrived together in one write (one statement
   * instead of one each: the access records of a busy minute come in bursts). All or
   * nothing: when one of them is already in the trail the write fails with
   * DuplicateEventIdError, and the bus then hands them to `record` one by one.
   */
  async recordAll(events: SourceEvent[]): Promise<void> {
    await this.start();
    if (events.length === 0) return;
    await this.lane.run(() => this.appendAll(events));
  }

  /**
   * A page of the trail. R74: with `offices`, only those offices' records (see officeOf);
   * the page may then hold fewer than `limit`, and `next` still reads on after it.
   */
  async list(query: TrailQuery & { offices?: readonly string[]; home?: string }): Promise<AuditEventsPage> {
    const { records, next } = await this.query(query);
    const { offices, home } = query;
    const shown =
      offices && home && !offices.includes('*')
        ? records.filter((r) => this.officesOf(r, home).some((office) => offices.includes(office)))
        : records;
    return { events: shown.map(toView), next };
  }

  /**
   * R74: the offices a record belongs to: a reservation's by its office, a seeker's by the
   * office of their requests, an office's terms by the office, a member of staff's access
   * by the offices they work for (their own auditors see what they did, whatever they
   * touched); what concerns no office (anonymous and national access, the registry) by the
   * home office, the one the deployment was configured with.
   */
  private officesOf(record: RecordedEvent, home: string): string[] {
    const inner = (record.data as { data?: { reservationId?: unknown; principal?: unknown } })?.data;
    const reservationId = inner && typeof inner === 'object' ? inner.reservationId : undefined;
    if (typeof reservationId === 'string') return [this.usageTally.officeOf(reservationId) ?? home];
    const seekerId = subjectOf(record.data as AuditRecordData);
    if (seekerId) return [this.usageTally.officeOfSeeker(seekerId) ?? home];
    // A staff account's change (identity's StaffAccountChangedV1): the offices it works
    // for, before and after (R72).
    const named =
      inner && typeof inner === 'object'
        ? (inner as Unchecked<Pick<StaffAccountChangedV1, 'offices' | 'previousOffices'>>)
        : {};
    const accountOffices = [named.offices, named.previousOffices].flatMap((list) => (Array.isArray(list) ? list : []));
    if (accountOffices.length > 0) {
      const codes = accountOffices.filter((o): o is string => typeof o === 'string' && /^\d{5}$/.test(o));
      return codes.length > 0 && !accountOffices.includes('*') ? [...new Set(codes)] : [...new Set([...codes, home])];
    }
    // An access record (identity's AccessRecordedV1): a member of staff's offices.
    const principal =
      inner && typeof inner === 'object'
        ? (inner.principal as Unchecked<Pick<Extract<AccessPrincipal, { kind: 'staff' }>, 'offices'>>)
        : undefined;
    const staffOffices = principal && typeof principal === 'object' ? principal.offices : undefined;
    if (
      Array.isArray(staffOffices) &&
      staffOffices.length > 0 &&
      staffOffices.every((o) => typeof o === 'string' && /^\d{5}$/.test(o))
    )
      return staffOffices as string[];
    const stream = (record.data as { stream?: unknown })?.stream;
    const terms = typeof stream === 'string' ? /^terms-(\d{5})$/.exec(stream)?.[1] : undefined;
    return [terms ?? home];
  }

  /** R52: the records of a disclosure's scope that carry device data, with their stored data (sealed values included). */
  async withDeviceData(query: {
    after?: number;
    limit: number;
    sinceMs: number;
    untilMs: number;
    seekerId?: string;
    /**
     * R74: only this office's records: a reservation's by its office, a seeker's access by
     * the office of their requests; staff and anonymous access only in the home office's
     * (the office the deployment was configured with) and in a national disclosure.
     */
    office?: { code: string; home: string };
  }): Promise<{ records: RecordedEvent[]; next: string | null }> {
    const { records, next } = await this.query({ ...query, subject: query.seekerId, deviceOnly: true });
    // The index matches a seeker by a 32-bit key; the record itself decides.
    const exact = query.seekerId
      ? records.filter((r) => subjectOf(r.data as AuditRecordData) === query.seekerId)
      : records;
    const office = query.office;
    if (!office || office.code === '*') return { records: exact, next };
    return { records: exact.filter((r) => this.officesOf(r, office.home).includes(office.code)), next };
  }

  /** R74: the offices' month; reservations of a history without offices count as `home`'s. */
  async usage(month: string, offices?: readonly string[], home?: string): Promise<UsageReport> {
    await this.catchUp();
    return this.usageTally.report(month, offices, home);
  }

  /**
   * R53: recomputes the chain from the stored records (never from memory, which a change
   * in the database would not touch). Stops to answer in time on a long trail and says
   * where to go on.
   */
  async verify(after?: number): Promise<IntegrityReport> {
    await this.catchUp();
    const { position: knownHead, hash: knownHeadHash } = this.head;
    let verifier: ChainVerifier;
    let fromRevision = 0;
    if (after === undefined) {
      verifier = new ChainVerifier(undefined, { position: knownHead, hash: knownHeadHash });
    } else {
      const [anchor] = await this.store.readStream(TRAIL_STREAM, { fromRevision: after, limit: 1 });
      if (!anchor || anchor.revision !== after)
        throw new DomainError('AUDIT_POSITION_NOT_FOUND', `the audit trail has no record at position ${after}`, {
          from: String(after),
        });
      verifier = new ChainVerifier(
        { position: after, hash: String((anchor.data as Partial<AuditRecordData>)?.hash ?? '') },
        { position: knownHead, hash: knownHeadHash },
      );
      fromRevision = after + 1;
    }
    const deadline = Date.now() + this.integrityBudgetMs;
    let next: number | undefined;
    for (;;) {
      const page = await this.store.readStream(TRAIL_STREAM, { fromRevision, limit: this.pageSize });
      for (const recorded of page) verifier.add(recorded.revision, recorded.data);
      if (page.length < this.pageSize) {
        verifier.expectHead(knownHead, knownHeadHash);
        break;
      }
      fromRevision = page[page.length - 1].revision + 1;
      if (Date.now() >= deadline) {
        next = fromRevision - 1;
        break;
      }
    }
    const first = verifier.firstBad;
    return {
      ok: verifier.ok,
      checked: verifier.checked,
      ...(first
        ? { firstBadPosition: String(first.position), problem: first.problem, badPositions: verifier.findings.length }
        : {}),
      lastHash: verifier.lastHash,
      ...(next !== undefined ? { next: String(next) } : {}),
    };
  }

  /** Reads what other writers (or this one before a restart) stored since. */
  catchUp(): Promise<void> {
    return this.start().then(() => this.lane.run(() => this.catchUpNow()));
  }

  /** `next`: the last position of the page when a further record matches, else null. */
  private async query(
    query: TrailQuery & Pick<IndexQuery, 'subject' | 'deviceOnly'>,
  ): Promise<{ records: RecordedEvent[]; next: string | null }> {
    await this.catchUp();
    const answer = this.index.find(query);
    const found = await this.fetch(answer.positions);
    const records = answer.positions.map((p) => found.get(p)).filter((r): r is RecordedEvent => r !== undefined);
    return { records, next: answer.more ? String(answer.positions[answer.positions.length - 1]) : null };
  }

  /** Reads the given positions, neighbours in one read, far-apart ones on their own. */
  private async fetch(positions: number[]): Promise<Map<number, RecordedEvent>> {
    const found = new Map<number, RecordedEvent>();
    for (let i = 0; i < positions.length;) {
      const start = positions[i];
      let j = i;
      while (
        j + 1 < positions.length &&
        positions[j + 1] - positions[j] <= READ_GAP &&
        positions[j + 1] - start < READ_WINDOW
      )
        j++;
      const page = await this.store.readStream(TRAIL_STREAM, { fromRevision: start, limit: positions[j] - start + 1 });
      for (const recorded of page) found.set(recorded.revision, recorded);
      i = j + 1;
    }
    return found;
  }

  private async catchUpNow(): Promise<void> {
    for (;;) {
      const page = await this.store.readStream(TRAIL_STREAM, {
        fromRevision: this.head.position + 1,
        limit: this.pageSize,
      });
      for (const recorded of page) this.take(recorded.revision, recorded.data);
      if (page.length < this.pageSize) return;
    }
  }

  /** Folds one stored record into the head, the index and the usage tally. */
  private take(position: number, data: unknown): void {
    // A position the store skips (a record removed behind our back) still takes its place
    // in the index, so positions stay positions; the integrity check names it.
    while (this.index.size < position)
      this.index.add({ position: this.index.size, category: 'other', atMs: Number.NaN, hasDevice: false });
    const record = (data && typeof data === 'object' ? data : {}) as Partial<AuditRecordData>;
    const at = typeof record.at === 'string' ? record.at : '';
    const stream = typeof record.stream === 'string' ? record.stream : '';
    const context = typeof record.context === 'string' ? record.context : '';
    const type = typeof record.type === 'string' ? record.type : '';
    this.index.add({
      position,
      category: isAuditCategory(record.category) ? record.category : 'other',
      atMs: Date.parse(at),
      subject: subjectOf({ context, stream, type, data: record.data }),
      hasDevice: deviceDataOf(record.data) !== undefined,
    });
    this.usageTally.apply({ context, type, at, data: record.data });
    this.head = { position, hash: typeof record.hash === 'string' ? record.hash : '' };
  }

  /**
   * Appends the copies of the events in one write, in their order, each linked to the one
   * before it. All or nothing: if one of them is in the trail already (a replica or an
   * earlier delivery recorded it), the whole write is refused and the caller records them
   * one by one (`record`), which skips what is there.
   */
  private async appendAll(events: SourceEvent[]): Promise<void> {
    const contents = events.map((event) => auditedEventOf(event));
    for (let attempt = 1; ; attempt++) {
      const expected = this.head.position;
      let prevHash = this.head.hash;
      const records = contents.map((content, i) => {
        const record = linkRecord(content, expected + 1 + i, prevHash);
        prevHash = record.hash;
        return record;
      });
      try {
        const result = await this.store.append(
          TRAIL_STREAM,
          records.map((record, i) => ({
            eventId: trailEventId(events[i].eventId),
            type: TRAIL_RECORD,
            data: record,
            metadata: {
              correlationId: String(events[i].metadata.correlationId ?? events[i].eventId),
              causationId: events[i].eventId,
              actor: 'system:audit',
              schemaVersion: 1,
            },
          })),
          expected < 0 ? 'no_stream' : expected,
        );
        // A retry of an append that committed answers with the original revision: nothing new.
        if (result.nextExpectedRevision === expected + records.length)
          records.forEach((record, i) => this.take(expected + 1 + i, record));
        else await this.catchUpNow();
        return;
      } catch (error) {
        // Another replica recorded this very event first, linked at another place of the
        // chain (so with other content under the same id): it is in the trail already.
        if (
          error instanceof DuplicateEventIdError &&
          events.length === 1 &&
          error.eventId === trailEventId(events[0].eventId)
        ) {
          await this.catchUpNow();
          return;
        }
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        // Another replica appended: read what it wrote and link after it.
        await this.catchUpNow();
      }
    }
  }

  private append(event: SourceEvent): Promise<void> {
    return this.appendAll([event]);
  }

  /** The copies kept, unchained, before the trail existed, moved into it in the order they were stored. */
  private async importLegacy(): Promise<void> {
    let after: bigint | undefined;
    let moved = 0;
    for (;;) {
      const page = await this.store.readAll({ after, limit: this.pageSize });
      for (const recorded of page) {
        if (recorded.type === LEGACY_AUDITED && isLegacyStream(recorded.streamId)) {
          await this.append(sourceOfLegacy(recorded));
          moved++;
        }
      }
      if (page.length < this.pageSize) break;
      after = page[page.length - 1].position;
    }
    if (moved > 0) this.logger.info({ moved }, 'moved audited events kept before the hash chain into the audit trail');
  }
}

/** A published payload's fields as they may arrive from the store: each still to be checked. */
type Unchecked<T> = { [K in keyof T]?: unknown };
