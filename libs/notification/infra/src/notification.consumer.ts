// The seeker e-mails of R60 and the terms-change notice of R31, driven by scheduling's
// events. Each mail is sent once per (event, seeker) even when the event arrives twice
// (R62): the delivery ledger records it after the mail server took it, and a mail the
// server did not take is not recorded, so the bus retries it; one it refused for good,
// or still deferred on the last retry, is recorded as undeliverable for staff instead.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import {
  EligibilityApi,
  seekerLanguageOf,
  type ContactRecord,
  type GetContactResult,
} from '@soudan/eligibility-contracts';
import {
  eventSubject,
  type DeliveryAttempt,
  type EventEnvelope,
  type RpcClient,
  requestTyped,
} from '@soudan/messaging';
import {
  isOutdated,
  isSeekerEventType,
  mentionsTerms,
  SEEKER_TEMPLATES,
  seekerMail,
  termsChanged,
  termsChangeRecipients,
  type MailContext,
  type MeetingApp,
  type OpenReservation,
  type SeekerEvent,
  type SeekerMail,
  type TemplateName,
  type TermsSnapshot,
} from '@soudan/notification-domain';
import {
  CLOCK,
  durableConsumerProvider,
  EVENT_STORE,
  LOGGER,
  meetingAppOf as officeMeetingApp,
  OFFICE,
  RPC_CLIENT,
  RUNTIME,
  type Logger,
  type OfficeSettings,
  type ServiceRuntime,
} from '@soudan/platform';
import {
  SCHEDULING_CONTEXT,
  SchedulingEventTypes,
  SchedulingApi,
  type TermsChangedV1,
} from '@soudan/scheduling-contracts';
import type { Clock } from '@soudan/time';
import { DeliveryLedger, notificationStream } from './delivery-ledger';
import { MailDispatcher } from './mail-dispatch';
import { MailOffices } from './mail-offices';
import { mailDomainOf, SMTP_POOL_SIZE, type Mailer } from './mailer';
import { replyTagger } from './reply-address';
import { MAILER } from './tokens';

export const NOTIFICATION_DURABLE = 'notification';

export const NOTIFIED_EVENT_TYPES: readonly string[] = [
  ...Object.keys(SEEKER_TEMPLATES),
  SchedulingEventTypes.TermsChanged,
];

const TERMS_CHANGED_TEMPLATE: TemplateName = 'terms-changed';

// The bus retries these for as long as it takes (messaging README); anything else
// counts towards its delivery limit.
const UNAVAILABLE = new Set(['STORE_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'MAIL_IN_PROGRESS']);
const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;
const isUnavailable = (error: unknown) => UNAVAILABLE.has(codeOf(error) as string);

/** Art. 4 names Tele office; an office may name another app and its terms in OFFICE_CONFIG (`meetingApp`). */
export type OfficeWithMeetingApp = OfficeSettings & { meetingApp?: Partial<MeetingApp> };

export function meetingAppOf(office: OfficeWithMeetingApp): MeetingApp {
  return officeMeetingApp(office);
}

/**
 * The Message-ID's local part and the outbox file name: stable per mail, so a mail
 * sent again after a crash is recognisably the same one. Characters a Message-ID
 * cannot hold are replaced, with a hash when that could make two ids meet.
 */
export function mailIdFor(template: string, sourceEventId: string, seekerId?: string): string {
  const raw = [template, sourceEventId, seekerId].filter((p) => p !== undefined).join('-');
  const safe = raw.replace(/[^A-Za-z0-9._-]/g, '-');
  if (safe === raw.replace(/:/g, '-')) return safe;
  return `${safe}-${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`;
}

interface Delivery {
  source: EventEnvelope;
  attempt: DeliveryAttempt;
  streamId: string;
  mailId: string;
  template: TemplateName;
  seekerId: string;
  reservationIds: string[];
  outdated: boolean;
  /** R71: the office the mail speaks for (name, phone, sender). */
  office: OfficeSettings;
  render(contact: ContactRecord): Promise<SeekerMail>;
}

@Injectable()
export class NotificationConsumer {
  private readonly ledger: DeliveryLedger;
  private readonly dispatcher: MailDispatcher;
  private readonly context: MailContext;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MailOffices) private readonly offices: MailOffices,
  ) {
    // The embedded form has one sender: a claim older than this process is a dead one's.
    this.ledger = new DeliveryLedger(store, clock, {
      soleSenderSince: runtime.mode.kind === 'in-process' ? clock.now() : undefined,
    });
    this.dispatcher = new MailDispatcher(mailer, this.ledger, logger);
    this.context = {
      office,
      meetingApp: meetingAppOf(office),
      mailDomain: mailDomainOf(runtime.config.mailFrom),
      replyTag: replyTagger(runtime.config.pseudonymKey),
    };
  }

  /** R71: the mail context of an office (its name, phone, hours and meeting app). */
  private contextOf(office: OfficeSettings): MailContext {
    return office === this.office ? this.context : { ...this.context, office, meetingApp: meetingAppOf(office) };
  }

  /** Before the first delivery: says what the office settings leave to defaults. */
  checkSettings(): void {
    if (!(this.office as OfficeWithMeetingApp).meetingApp?.termsUrl) {
      this.logger.warn(
        { termsUrl: this.context.meetingApp.termsUrl },
        "OFFICE_CONFIG names no meetingApp.termsUrl; offers link the meeting host's /terms (R32)",
      );
    }
  }

  async handleEvent(event: EventEnvelope, attempt: DeliveryAttempt): Promise<void> {
    if (event.type === SchedulingEventTypes.TermsChanged) return this.announceTermsChange(event, attempt);
    // A type no mail is written for yet (say, a subject added before its template): acked, nothing sent.
    if (!isSeekerEventType(event.type)) return;
    const seekerEvent = { type: event.type, data: event.data } as SeekerEvent;
    const { seekerId, reservationId } = seekerEvent.data;
    const office = await this.offices.ofReservation(reservationId, event.metadata.correlationId);
    const context = this.contextOf(office);
    await this.deliverOnce({
      source: event,
      attempt,
      streamId: notificationStream(event.eventId),
      mailId: mailIdFor(SEEKER_TEMPLATES[seekerEvent.type], event.eventId),
      template: SEEKER_TEMPLATES[seekerEvent.type],
      seekerId,
      reservationIds: [reservationId],
      outdated: isOutdated(seekerEvent, this.clock.now().toISOString(), office.hours.slotMinutes),
      office,
      render: async (contact) => {
        const terms = mentionsTerms(seekerEvent.type) ? await this.currentTerms(event, office.code) : undefined;
        return seekerMail(seekerEvent, contact, context, terms);
      },
    });
  }

  /**
   * R31: one mail per seeker with an open reservation. A failure for one seeker does
   * not hold back the others; the event is retried afterwards for those it failed,
   * and the ledger skips everyone already done.
   */
  private async announceTermsChange(event: EventEnvelope, attempt: DeliveryAttempt): Promise<void> {
    const data = event.data as TermsChangedV1;
    // R73: the terms of one office (stream `terms-{office}`) concern that office's seekers only.
    const officeCode = event.streamId.startsWith('terms-') ? event.streamId.slice('terms-'.length) : this.office.code;
    const office = await this.offices.ofCode(officeCode, event.metadata.correlationId);
    const context = this.contextOf(office);
    const recipients = await this.ledger.recipients(event, TERMS_CHANGED_TEMPLATE, async () =>
      termsChangeRecipients(
        (await this.openReservations(event)).filter((r) => (r.officeCode ?? this.office.code) === officeCode),
      ),
    );
    const failed: string[] = [];
    let lastError: unknown;
    for (const recipient of recipients) {
      try {
        await this.deliverOnce({
          source: event,
          attempt,
          streamId: notificationStream(event.eventId, recipient.seekerId),
          mailId: mailIdFor(TERMS_CHANGED_TEMPLATE, event.eventId, recipient.seekerId),
          template: TERMS_CHANGED_TEMPLATE,
          seekerId: recipient.seekerId,
          reservationIds: recipient.reservationIds,
          outdated: false,
          office,
          render: async (contact) => termsChanged(data, contact, context),
        });
      } catch (error) {
        // The next recipient would meet the same outage; the retry resumes here.
        if (isUnavailable(error)) throw error;
        this.logger.error(
          { err: error, eventId: event.eventId, seekerId: recipient.seekerId },
          'terms-change notice failed for one seeker; continuing with the others',
        );
        failed.push(recipient.seekerId);
        lastError = error;
      }
    }
    if (failed.length > 0) {
      throw new Error(
        `terms-change notice ${event.eventId} failed for ${failed.length} of ${recipients.length} seekers; will retry them`,
        { cause: lastError },
      );
    }
  }

  private async deliverOnce(delivery: Delivery): Promise<void> {
    const { source, streamId, template, seekerId, reservationIds } = delivery;
    if (await this.ledger.settled(streamId)) return;
    if (delivery.outdated) {
      await this.ledger.recordSkipped(streamId, source, { template, seekerId, reservationIds, reason: 'outdated' });
      this.logger.info({ eventId: source.eventId, template }, 'notification outdated; not sent');
      return;
    }
    const contact = await this.contactOf(seekerId, source);
    if (contact.kind !== 'found') {
      const reason = contact.kind === 'erased' ? 'seeker-erased' : 'seeker-unknown';
      await this.ledger.recordSkipped(streamId, source, { template, seekerId, reservationIds, reason });
      this.logger.info({ eventId: source.eventId, template, reason }, 'no contact for the seeker; no mail');
      return;
    }
    const mail = await delivery.render(contact.record);
    // R62: sent, or refused and raised to staff as undeliverable; anything else is retried by the bus.
    await this.dispatcher.send({
      source,
      attempt: delivery.attempt,
      streamId,
      mail: {
        id: delivery.mailId,
        from: delivery.office.senderAddress ?? this.runtime.config.mailFrom,
        to: contact.record.email,
        subject: mail.subject,
        text: mail.text,
        replyTo: mail.replyTo,
        attachments: mail.attachments,
        headers: { 'X-Soudan-Reservation': reservationIds.join(', '), 'X-Soudan-Template': template },
      },
      about: {
        template,
        recipient: 'seeker',
        seekerId,
        ...(reservationIds.length === 1 && template !== TERMS_CHANGED_TEMPLATE
          ? { reservationId: reservationIds[0] }
          : { reservationIds }),
      },
    });
  }

  /** R54: contact data comes from eligibility's erasable store, never from the event. */
  private async contactOf(
    seekerId: string,
    source: EventEnvelope,
  ): Promise<{ kind: 'erased' } | { kind: 'unknown' } | { kind: 'found'; record: ContactRecord }> {
    let result: GetContactResult;
    try {
      result = await requestTyped(
        this.rpc,
        EligibilityApi.getContact,
        { seekerId },
        { correlationId: source.metadata.correlationId },
      );
    } catch (error) {
      // Nobody to write to, now or later: recorded as skipped, like an erased seeker.
      if (codeOf(error) === 'SEEKER_NOT_FOUND') return { kind: 'unknown' };
      throw error;
    }
    if (result.erased) return { kind: 'erased' };
    return {
      kind: 'found',
      record: { name: result.name, email: result.email, language: seekerLanguageOf(result.language) },
    };
  }

  private async openReservations(source: EventEnvelope): Promise<OpenReservation[]> {
    return requestTyped(this.rpc, SchedulingApi.openReservations, {}, { correlationId: source.metadata.correlationId });
  }

  /**
   * The terms as scheduling has them now, for the attachment and the note of an
   * announced change. Only an outage is worth waiting for; otherwise the mail goes
   * out with the link alone rather than not at all.
   */
  private async currentTerms(source: EventEnvelope, officeCode: string): Promise<TermsSnapshot | undefined> {
    try {
      const terms = await requestTyped(
        this.rpc,
        SchedulingApi.currentTerms,
        { officeCode },
        { correlationId: source.metadata.correlationId },
      );
      return {
        version: terms.version,
        body: terms.body,
        upcoming: Array.isArray(terms.upcoming) ? terms.upcoming : [],
      };
    } catch (error) {
      if (isUnavailable(error)) throw error;
      this.logger.warn(
        { err: error, eventId: source.eventId },
        'could not read the current terms; the mail links them only',
      );
      return undefined;
    }
  }
}

/**
 * Mails in hand at once, one per connection of the mail server pool. A mail mostly waits
 * (the contact from eligibility, the claim, the mail server); one at a time, the mails fell
 * behind a burst of requests (bench/RESULTS.md, fix 11). Each seeker's mails still go one
 * at a time: embedded, in the order of their events; on NATS each event type comes on its
 * own subject, so the order between types was never kept, and is not now.
 */
export const MAIL_LANES = SMTP_POOL_SIZE;

/** One seeker's mails one at a time: the lane is the seeker's (the event's stream for the terms-change notice). */
export const mailLaneKey = (event: EventEnvelope): string => {
  const seekerId = (event.data as { seekerId?: unknown } | null)?.seekerId;
  return typeof seekerId === 'string' ? seekerId : event.streamId;
};

export const notificationConsumer = durableConsumerProvider({
  durable: NOTIFICATION_DURABLE,
  subjects: NOTIFIED_EVENT_TYPES.map((type) => eventSubject(SCHEDULING_CONTEXT, type)),
  lanes: { count: MAIL_LANES, keyOf: mailLaneKey },
  handler: NotificationConsumer,
  beforeStart: (consumer) => consumer.checkSettings(),
  handle: (consumer) => (event, attempt) => consumer.handleEvent(event, attempt),
});
