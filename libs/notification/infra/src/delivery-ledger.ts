// The record of what notification owes and did, in its own event store (R62). A mail
// is owed once per (source event, recipient); the stream named after that pair is
// created with 'no_stream' when the mail went out or was skipped, so a redelivery, a
// second replica or a retry after a crash finds it and sends nothing again.
// Before the mail goes to the server, the replica claims it for a lease (a stream of its
// own, `mailclaim-…`, written with an expected revision): a redelivery that reaches
// another replica while the first is still sending (stopped, slow, or past its ack
// wait) finds the claim and waits instead of sending a second copy.
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '@soudan/event-store';
import type { EventEnvelope } from '@soudan/messaging';
import {
  NotificationEventTypes,
  type MailUndeliverableV1,
  type NotificationRecipientsListedV1,
  type NotificationSentV1,
  type NotificationSkippedV1,
} from '@soudan/notification-contracts';
import type { Clock } from '@soudan/time';

/** `notification-<eventId>`, or `notification-<eventId>:to-<seekerId>` for an event with many recipients. */
export const notificationStream = (sourceEventId: string, seekerId?: string) =>
  seekerId === undefined ? `notification-${sourceEventId}` : `notification-${sourceEventId}:to-${seekerId}`;

/** R60: the office's staff mail about an event, beside the seeker's mail about the same event. */
export const staffNotificationStream = (sourceEventId: string) => `notification-${sourceEventId}:to-staff`;

/** How long a claim keeps other replicas from sending the same mail (a replica that died holding it delays the mail this long). */
export const MAIL_CLAIM_LEASE_MS = 120_000;

/** Not under `notification-`: claims are the replicas' coordination, not published and not audited. */
export const mailClaimStream = (streamId: string) => `mailclaim-${streamId}`;

export const MAIL_CLAIMED = 'MailClaimed';

interface MailClaimedV1 {
  owner: string;
  claimedAt: string;
  /** The lease ends here; a release sets it to the moment of the release. */
  until: string;
}

/** Another replica is sending this mail now: retried later, like an unavailable dependency (it is no failure of the event). */
export class MailInProgressError extends Error {
  readonly code = 'MAIL_IN_PROGRESS';
  constructor(readonly streamId: string) {
    super(`mail ${streamId} is being sent by another replica; will look again`);
    this.name = 'MailInProgressError';
  }
}

export interface Recipient {
  seekerId: string;
  reservationIds: string[];
}

export interface DeliveryLedgerOptions {
  /**
   * This process is the only one sending the deployment's mail (the embedded form), and
   * started at this instant: a claim made before it was made by a process that is gone
   * (a kill -9 in the middle of a send), so it need not wait out the lease.
   */
  soleSenderSince?: Date;
}

export class DeliveryLedger {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly options: DeliveryLedgerOptions = {},
  ) {}

  /** Whether the mail of this stream was sent or skipped already. */
  async settled(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId, { limit: 1 })).length > 0;
  }

  /**
   * Claims the mail of this stream for `owner` until the lease ends: true when the
   * claim is theirs (new, taken over after a lapsed lease, or theirs already), false
   * while someone else's lease runs or another replica claimed it at the same moment.
   */
  async claim(streamId: string, owner: string, leaseMs = MAIL_CLAIM_LEASE_MS): Promise<boolean> {
    const claims = mailClaimStream(streamId);
    // Nearly every mail is claimed once: the first claim is an append that expects no
    // stream, without a read before it (one statement, not two).
    if (await this.appendClaim(claims, streamId, owner, leaseMs, 'no_stream')) return true;
    const last = (await this.store.readStream(claims)).at(-1);
    if (!last) return false;
    const held = last.data as MailClaimedV1;
    const orphaned =
      this.options.soleSenderSince !== undefined && Date.parse(held.claimedAt) < this.options.soleSenderSince.getTime();
    if (held.owner !== owner && Date.parse(held.until) > this.clock.now().getTime() && !orphaned) return false;
    return this.appendClaim(claims, streamId, owner, leaseMs, last.revision);
  }

  /** True when this claim was appended; false when someone else's came first. */
  private async appendClaim(
    claims: string,
    streamId: string,
    owner: string,
    leaseMs: number,
    expected: ExpectedRevision,
  ): Promise<boolean> {
    const now = this.clock.now();
    const claimed: MailClaimedV1 = {
      owner,
      claimedAt: now.toISOString(),
      until: new Date(now.getTime() + leaseMs).toISOString(),
    };
    try {
      await this.store.append(
        claims,
        [
          {
            eventId: randomUUID(),
            type: MAIL_CLAIMED,
            data: claimed,
            metadata: { correlationId: streamId, actor: 'system:notification', schemaVersion: 1 },
          },
        ],
        expected,
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return false;
      throw error;
    }
  }

  /** Ends `owner`'s lease now (the mail was not sent: a retry, here or on another replica, may claim it at once). */
  async release(streamId: string, owner: string): Promise<void> {
    const claims = mailClaimStream(streamId);
    const last = (await this.store.readStream(claims)).at(-1);
    if (!last || (last.data as MailClaimedV1).owner !== owner) return;
    const now = this.now();
    const released: MailClaimedV1 = { owner, claimedAt: (last.data as MailClaimedV1).claimedAt, until: now };
    await this.store
      .append(
        claims,
        [
          {
            eventId: randomUUID(),
            type: MAIL_CLAIMED,
            data: released,
            metadata: { correlationId: streamId, actor: 'system:notification', schemaVersion: 1 },
          },
        ],
        last.revision,
      )
      .catch(() => undefined);
  }

  async recordSent(
    streamId: string,
    source: EventEnvelope,
    data: Omit<NotificationSentV1, 'sentAt' | 'sourceEventId'>,
  ): Promise<void> {
    const sent: NotificationSentV1 = { ...data, sourceEventId: source.eventId, sentAt: this.now() };
    await this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:mail`,
        NotificationEventTypes.NotificationSent,
        sent,
        source,
      ),
    );
  }

  async recordSkipped(
    streamId: string,
    source: EventEnvelope,
    data: Omit<NotificationSkippedV1, 'skippedAt' | 'sourceEventId'>,
  ): Promise<void> {
    const skipped: NotificationSkippedV1 = { ...data, sourceEventId: source.eventId, skippedAt: this.now() };
    await this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:skipped`,
        NotificationEventTypes.NotificationSkipped,
        skipped,
        source,
      ),
    );
  }

  /**
   * R62: the mail of this stream could not be delivered. Settles the stream like a sent
   * mail, so a redelivery neither sends it nor raises it again; false when it was
   * settled already (another replica got there first).
   */
  async recordUndeliverable(
    streamId: string,
    source: EventEnvelope,
    data: Omit<MailUndeliverableV1, 'failedAt' | 'sourceEventId'>,
  ): Promise<boolean> {
    const undeliverable: MailUndeliverableV1 = { ...data, sourceEventId: source.eventId, failedAt: this.now() };
    return this.createOnce(
      streamId,
      this.event(
        `${streamId.slice('notification-'.length)}:undeliverable`,
        NotificationEventTypes.MailUndeliverable,
        undeliverable,
        source,
      ),
    );
  }

  /**
   * The recipients of an event with many, fixed by the first attempt: a retry after a
   * crash walks the same list, so nobody listed is skipped because their reservation
   * closed in the meantime, and the per-recipient streams say who was done.
   */
  async recipients(source: EventEnvelope, template: string, list: () => Promise<Recipient[]>): Promise<Recipient[]> {
    const streamId = notificationStream(source.eventId);
    const recorded = await this.listed(streamId);
    if (recorded) return recorded;
    const listedNow: NotificationRecipientsListedV1 = {
      template,
      sourceEventId: source.eventId,
      recipients: await list(),
      listedAt: this.now(),
    };
    const created = await this.createOnce(
      streamId,
      this.event(`${source.eventId}:recipients`, NotificationEventTypes.RecipientsListed, listedNow, source),
    );
    // Another replica listed them first: its list is the one the streams follow.
    return created ? listedNow.recipients : ((await this.listed(streamId)) ?? listedNow.recipients);
  }

  private async listed(streamId: string): Promise<Recipient[] | undefined> {
    const [first] = await this.store.readStream(streamId, { limit: 1 });
    if (!first) return undefined;
    return (first.data as NotificationRecipientsListedV1).recipients;
  }

  /** False when the stream already existed: the same work was recorded by someone else. */
  private async createOnce(streamId: string, event: NewEvent): Promise<boolean> {
    try {
      await this.store.append(streamId, [event], 'no_stream');
      return true;
    } catch (error) {
      // The same record with another timestamp is a duplicate id rather than a conflict.
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return false;
      throw error;
    }
  }

  private event(eventId: string, type: string, data: unknown, source: EventEnvelope): NewEvent {
    return {
      eventId,
      type,
      data,
      metadata: {
        correlationId: source.metadata.correlationId,
        causationId: source.eventId,
        actor: 'system:notification',
        schemaVersion: 1,
      },
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
