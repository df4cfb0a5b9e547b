// The staff alerts notification answers for (R62: "failures are retried with backoff and
// then raised to staff"): the mail it could not deliver, from its own history, and every
// message any consumer of any service gave up on, from the dead-letter stream the bus
// keeps (JetStream's DEAD_LETTERS, shared by all services; the embedded bus's store).
// A supervisor resolves an alert once; resolved alerts leave the list.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
  type StoreSubscription,
} from '@soudan/event-store';
import type { DeadLetter, EventBus } from '@soudan/messaging';
import {
  NotificationEventTypes,
  type DeadLetterAlert,
  type MailUndeliverableV1,
  type NotificationAlerts,
  type ResolveAlertRequest,
  type ResolveAlertResult,
  type StaffAlertKind,
  type StaffAlertResolvedV1,
  type UndeliverableMailAlert,
} from '@soudan/notification-contracts';
import { AppError, CLOCK, EVENT_BUS, EVENT_STORE, LOGGER, type Logger } from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { withoutAddresses } from './mailer';

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** `mail-…`, from the id of the MailUndeliverable record (stable, one per mail). */
export const undeliverableAlertId = (recordEventId: string) => `mail-${hash(recordEventId)}`;

/** `dl-…`, from what identifies a dead letter (the bus gives letters no id of their own). */
export const deadLetterAlertId = (letter: Pick<DeadLetter, 'consumer' | 'subject' | 'eventId' | 'at'>) =>
  `dl-${hash([letter.consumer, letter.subject, letter.eventId ?? '', letter.at].join('\n'))}`;

export const alertStream = (alertId: string) => `notification-alert-${alertId}`;

const ALERT_ID = /^(mail|dl)-[0-9a-f]{24}$/;

/** A dead letter as staff see it: where and why, never the message body (it may hold personal data). */
export function deadLetterAlert(letter: DeadLetter): DeadLetterAlert {
  const subject = /^events\.([^.]+)\.([^.]+)$/.exec(letter.subject);
  return {
    id: deadLetterAlertId(letter),
    consumer: letter.consumer,
    subject: letter.subject,
    ...(subject ? { context: subject[1], eventType: subject[2] } : {}),
    ...(letter.eventId ? { eventId: letter.eventId } : {}),
    deliveries: letter.deliveries,
    reason: withoutAddresses(letter.error),
    at: letter.at,
  };
}

function undeliverableAlert(event: RecordedEvent): UndeliverableMailAlert {
  const data = event.data as MailUndeliverableV1;
  return {
    id: undeliverableAlertId(event.eventId),
    template: data.template,
    recipient: data.recipient,
    ...(data.seekerId !== undefined ? { seekerId: data.seekerId } : {}),
    ...(data.reservationId !== undefined ? { reservationId: data.reservationId } : {}),
    ...(data.reservationIds !== undefined ? { reservationIds: data.reservationIds } : {}),
    sourceEventId: data.sourceEventId,
    permanent: data.permanent,
    ...(data.responseCode !== undefined ? { responseCode: data.responseCode } : {}),
    reason: data.reason,
    attempts: data.attempts,
    failedAt: data.failedAt,
  };
}

const WATCHED = new Set<string>([NotificationEventTypes.MailUndeliverable, NotificationEventTypes.StaffAlertResolved]);

/**
 * Undeliverable mail and resolutions, folded from notification's history at start and
 * followed from there. Everything else in the store (a record per mail) is read past.
 */
@Injectable()
export class StaffAlerts implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly undeliverable = new Map<string, UndeliverableMailAlert>();
  private readonly resolved = new Set<string>();
  private position: bigint | undefined;
  private subscription?: StoreSubscription;
  private running?: Promise<void>;
  private ready?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a long history must not hold up the start; the first query waits.
    this.start().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'staff alerts could not read the history yet; the next query tries again'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Reads the history, then follows it; after a failure (store down) the next call goes on from where it got. */
  start(): Promise<void> {
    this.ready ??= this.catchUp().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.ready?.catch(() => undefined);
    await this.subscription?.stop();
    await this.running;
  }

  async alerts(): Promise<NotificationAlerts> {
    await this.start();
    const undeliverableMail = [...this.undeliverable.values()]
      .filter((a) => !this.resolved.has(a.id))
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt));
    return { undeliverableMail, deadLetters: await this.openDeadLetters() };
  }

  async resolve(request: ResolveAlertRequest): Promise<ResolveAlertResult> {
    await this.start();
    const alertId = request.alertId;
    const kind = await this.kindOf(alertId);
    const alreadyResolved = () =>
      new AppError('ALERT_ALREADY_RESOLVED', 409, 'this alert has already been resolved', { alertId });
    if (this.resolved.has(alertId) || (await this.store.readStream(alertStream(alertId), { limit: 1 })).length > 0)
      throw alreadyResolved();
    const resolution: StaffAlertResolvedV1 = {
      alertId,
      kind,
      resolvedBy: request.actor,
      ...(request.note ? { note: request.note } : {}),
      resolvedAt: this.clock.now().toISOString(),
    };
    try {
      await this.store.append(
        alertStream(alertId),
        // A fresh id: a second resolution must meet 'no_stream', never pass as a retry of the first.
        [
          {
            eventId: `${alertId}:resolved:${randomUUID()}`,
            type: NotificationEventTypes.StaffAlertResolved,
            data: resolution,
            metadata: { correlationId: alertId, actor: request.actor, schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)
        throw alreadyResolved();
      throw error;
    }
    // Read-your-writes: the list leaves it out now, not when the subscription gets there.
    this.resolved.add(alertId);
    return { alertId, kind, resolvedBy: resolution.resolvedBy, resolvedAt: resolution.resolvedAt };
  }

  private async kindOf(alertId: string): Promise<StaffAlertKind> {
    const notFound = () => new AppError('ALERT_NOT_FOUND', 404, 'no such alert', { alertId });
    if (!ALERT_ID.test(alertId)) throw notFound();
    if (alertId.startsWith('mail-')) {
      if (!this.undeliverable.has(alertId)) throw notFound();
      return 'undeliverable-mail';
    }
    const letters = await this.bus.deadLetters();
    if (!letters.some((letter) => deadLetterAlertId(letter) === alertId)) throw notFound();
    return 'dead-letter';
  }

  private async openDeadLetters(): Promise<DeadLetterAlert[]> {
    let letters: DeadLetter[];
    try {
      letters = await this.bus.deadLetters();
    } catch (error) {
      // The undeliverable mail is still worth showing; the log says why the rest is missing.
      this.logger.warn({ err: error }, 'could not read the dead-letter stream for the staff alerts');
      return [];
    }
    return letters
      .map(deadLetterAlert)
      .filter((alert) => !this.resolved.has(alert.id))
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: 1000 });
      for (const event of page) this.apply(event);
      if (page.length < 1000) break;
    }
    if (this.stopped) return;
    this.subscription = this.store.subscribe({
      after: this.position,
      streamPrefixes: ['notification-'],
      eventTypes: [...WATCHED],
    });
    const subscription = this.subscription;
    this.running = (async () => {
      try {
        for await (const event of subscription) this.apply(event);
      } catch (error) {
        this.logger.error({ err: error }, 'staff alerts stopped following the history');
      }
    })();
  }

  private apply(event: RecordedEvent): void {
    this.position = event.position;
    if (!WATCHED.has(event.type) || !event.streamId.startsWith('notification-')) return;
    if (event.type === NotificationEventTypes.MailUndeliverable) {
      const alert = undeliverableAlert(event);
      this.undeliverable.set(alert.id, alert);
    } else {
      this.resolved.add((event.data as StaffAlertResolvedV1).alertId);
    }
  }
}
