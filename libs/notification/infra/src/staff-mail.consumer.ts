// R60 "to staff: overdue requests, undeliverable mail, no-show review": one Japanese
// mail to the office's staff address per event, recorded in the delivery ledger like
// the seeker mails so a redelivery sends nothing again (R62). Its own durable, so the
// seeker mail of the same event (AnswerOverdue) neither waits for it nor repeats it.
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import {
  ELIGIBILITY_CONTEXT,
  EligibilityEventTypes,
  type NoShowReviewRequestedV1,
} from '@soudan/eligibility-contracts';
import { eventSubject, type DeliveryAttempt, type EventEnvelope } from '@soudan/messaging';
import { NOTIFICATION_CONTEXT, NotificationEventTypes, type MailUndeliverableV1 } from '@soudan/notification-contracts';
import {
  staffNoShowReview,
  staffOverdueRequest,
  staffUndeliverableMail,
  type StaffMail,
} from '@soudan/notification-domain';
import {
  CLOCK,
  durableConsumerProvider,
  EVENT_STORE,
  LOGGER,
  OFFICE,
  RUNTIME,
  type Logger,
  type OfficeSettings,
  type ServiceRuntime,
} from '@soudan/platform';
import { SCHEDULING_CONTEXT, SchedulingEventTypes, type AnswerOverdueV1 } from '@soudan/scheduling-contracts';
import type { Clock } from '@soudan/time';
import { DeliveryLedger, staffNotificationStream } from './delivery-ledger';
import { MailDispatcher } from './mail-dispatch';
import type { Mailer } from './mailer';
import { MailOffices } from './mail-offices';
import { mailIdFor } from './notification.consumer';
import { MAILER } from './tokens';

export const STAFF_MAIL_DURABLE = 'notification-staff';

export const STAFF_MAIL_SUBJECTS: readonly string[] = [
  eventSubject(SCHEDULING_CONTEXT, SchedulingEventTypes.AnswerOverdue),
  eventSubject(ELIGIBILITY_CONTEXT, EligibilityEventTypes.NoShowReviewRequested),
  eventSubject(NOTIFICATION_CONTEXT, NotificationEventTypes.MailUndeliverable),
];

/**
 * News older than this is not mailed: a consumer catching up with the bus's history (a
 * new deployment, a long outage) would otherwise fill the mailbox with alerts the staff
 * screen shows anyway.
 */
export const STAFF_MAIL_MAX_AGE_MS = 7 * 24 * 3600_000;

/** R60: the staff address of the office settings, else the office's own address. */
export const staffAddressOf = (office: Pick<OfficeSettings, 'email' | 'staffEmail'>) =>
  office.staffEmail ?? office.email;

export interface StaffNotice {
  mail: StaffMail;
  /** When the news happened (the event's own time, from the domain clock). */
  at: string;
  reservationId?: string;
  reservationIds?: string[];
}

/** The staff mail an event calls for, if any. A staff mail that did not arrive calls for none (no mail about a mail about a mail). */
export function staffNoticeFor(
  event: Pick<EventEnvelope, 'context' | 'type' | 'data'>,
  office: OfficeSettings,
): StaffNotice | undefined {
  if (event.context === SCHEDULING_CONTEXT && event.type === SchedulingEventTypes.AnswerOverdue) {
    const data = event.data as AnswerOverdueV1;
    return { mail: staffOverdueRequest(data, office), at: data.flaggedAt, reservationId: data.reservationId };
  }
  if (event.context === ELIGIBILITY_CONTEXT && event.type === EligibilityEventTypes.NoShowReviewRequested) {
    const data = event.data as NoShowReviewRequestedV1;
    return { mail: staffNoShowReview(data, office), at: data.requestedAt, reservationId: data.reservationId };
  }
  if (event.context === NOTIFICATION_CONTEXT && event.type === NotificationEventTypes.MailUndeliverable) {
    const data = event.data as MailUndeliverableV1;
    if (data.recipient === 'staff') return undefined;
    return {
      mail: staffUndeliverableMail(data, office),
      at: data.failedAt,
      ...(data.reservationId !== undefined ? { reservationId: data.reservationId } : {}),
      ...(data.reservationIds !== undefined ? { reservationIds: data.reservationIds } : {}),
    };
  }
  return undefined;
}

@Injectable()
export class StaffMailConsumer {
  private readonly ledger: DeliveryLedger;
  private readonly dispatcher: MailDispatcher;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(MAILER) mailer: Mailer,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MailOffices) private readonly offices: MailOffices,
  ) {
    // The embedded form has one sender: a claim older than this process is a dead one's.
    this.ledger = new DeliveryLedger(store, clock, {
      soleSenderSince: runtime.mode.kind === 'in-process' ? clock.now() : undefined,
    });
    this.dispatcher = new MailDispatcher(mailer, this.ledger, logger);
  }

  /** Before the first delivery: says where staff mails go when the office names no staff address. */
  checkSettings(): void {
    if (!this.office.staffEmail)
      this.logger.info(
        { to: this.office.email },
        'OFFICE_CONFIG names no staffEmail; staff mails go to the office address (R60)',
      );
  }

  /** R71, R72: the office whose staff the news is for: that of the reservation it names, else the configured one. */
  private async officeOf(event: EventEnvelope): Promise<OfficeSettings> {
    const data = event.data as { reservationId?: unknown; reservationIds?: unknown };
    const reservationId =
      typeof data?.reservationId === 'string'
        ? data.reservationId
        : Array.isArray(data?.reservationIds) && typeof data.reservationIds[0] === 'string'
          ? data.reservationIds[0]
          : undefined;
    return reservationId === undefined
      ? this.office
      : this.offices.ofReservation(reservationId, event.metadata.correlationId);
  }

  async handleEvent(event: EventEnvelope, attempt: DeliveryAttempt): Promise<void> {
    if (!staffNoticeFor(event, this.office)) return;
    const office = await this.officeOf(event);
    const notice = staffNoticeFor(event, office);
    if (!notice) return;
    const streamId = staffNotificationStream(event.eventId);
    if (await this.ledger.settled(streamId)) return;
    const age = this.clock.now().getTime() - Date.parse(notice.at);
    if (age > STAFF_MAIL_MAX_AGE_MS) {
      this.logger.info(
        { eventId: event.eventId, template: notice.mail.template, at: notice.at },
        'staff notice too old to mail; the alerts show it',
      );
      return;
    }
    const { mail } = notice;
    const reservations = notice.reservationId !== undefined ? [notice.reservationId] : (notice.reservationIds ?? []);
    await this.dispatcher.send({
      source: event,
      attempt,
      streamId,
      mail: {
        id: mailIdFor(mail.template, event.eventId, 'staff'),
        from: office.senderAddress ?? this.runtime.config.mailFrom,
        to: staffAddressOf(office),
        subject: mail.subject,
        text: mail.text,
        headers: {
          'X-Soudan-Template': mail.template,
          ...(reservations.length > 0 ? { 'X-Soudan-Reservation': reservations.join(', ') } : {}),
        },
      },
      about: {
        template: mail.template,
        recipient: 'staff',
        ...(notice.reservationId !== undefined ? { reservationId: notice.reservationId } : {}),
        ...(notice.reservationIds !== undefined ? { reservationIds: notice.reservationIds } : {}),
      },
    });
  }
}

export const staffMailConsumer = durableConsumerProvider({
  durable: STAFF_MAIL_DURABLE,
  subjects: [...STAFF_MAIL_SUBJECTS],
  handler: StaffMailConsumer,
  beforeStart: (consumer) => consumer.checkSettings(),
  handle: (consumer) => (event, attempt) => consumer.handleEvent(event, attempt),
});
