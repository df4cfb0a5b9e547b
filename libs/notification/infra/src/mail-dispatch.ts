// One owed mail handed to the mail server, and what the ledger then records (R62):
// sent; undeliverable when the server refused it for good, or still deferred it on the
// last delivery the bus allows; nothing when it failed in a way worth retrying, so the
// bus delivers the event again after its backoff.
import type { DeliveryAttempt, EventEnvelope } from '@soudan/messaging';
import type { MailUndeliverableV1 } from '@soudan/notification-contracts';
import { inSpan, mails } from '@soudan/observability';
import type { Logger } from '@soudan/platform';
import { randomUUID } from 'node:crypto';
import { MailInProgressError, type DeliveryLedger } from './delivery-ledger';
import type { Mailer, OutgoingMail, SmtpAnswer } from './mailer';

export interface Dispatch {
  source: EventEnvelope;
  attempt: DeliveryAttempt;
  /** The ledger stream of this mail (`notification-…`). */
  streamId: string;
  mail: OutgoingMail;
  /** What the ledger says of the mail: never the address. */
  about: Pick<MailUndeliverableV1, 'template' | 'recipient' | 'seekerId' | 'reservationId' | 'reservationIds'>;
}

type Refusal = SmtpAnswer & { code: 'MAIL_REJECTED' | 'MAIL_DEFERRED' };

/** The mailer's MailRejectedError and MailDeferredError, or a mailer's own errors of the same shape. */
function refusalOf(error: unknown): Refusal | undefined {
  const e = error as Partial<Refusal> | null;
  if (typeof e !== 'object' || e === null) return undefined;
  if ((e.code === 'MAIL_REJECTED' || e.code === 'MAIL_DEFERRED') && typeof e.reason === 'string') return e as Refusal;
  return undefined;
}

export class MailDispatcher {
  constructor(
    private readonly mailer: Mailer,
    private readonly ledger: DeliveryLedger,
    private readonly logger: Logger,
  ) {}

  async send({ source, attempt, streamId, mail, about }: Dispatch): Promise<'sent' | 'undeliverable' | 'settled'> {
    // One replica at a time hands a mail to the server: the claim, then a look at the
    // ledger (the replica that held the claim before may have recorded it since). A claim
    // held by someone else is a mail being sent, unless the ledger says it went already
    // (a redelivery after the send: the sender's claim stays with a sent mail).
    const owner = randomUUID();
    if (!(await this.ledger.claim(streamId, owner))) {
      if (await this.ledger.settled(streamId)) return 'settled';
      throw new MailInProgressError(streamId);
    }
    let outcome: 'sent' | 'undeliverable' | 'settled' | undefined;
    try {
      if (await this.ledger.settled(streamId)) return (outcome = 'settled');
      return (outcome = await this.sendClaimed({ source, attempt, streamId, mail, about }));
    } finally {
      // Not sent (a deferral, an error): let the retry claim it at once. A crash leaves
      // the claim to lapse instead; a sent mail keeps it (the ledger says it is settled).
      if (outcome === undefined) await this.ledger.release(streamId, owner);
    }
  }

  private async sendClaimed({ source, attempt, streamId, mail, about }: Dispatch): Promise<'sent' | 'undeliverable'> {
    try {
      // The template only: never the address or the text.
      await inSpan(`mail ${about.template}`, { attributes: { 'soudan.mail.template': about.template } }, () =>
        this.mailer.send(mail),
      );
    } catch (error) {
      const refusal = refusalOf(error);
      // A deferral before the last attempt goes back to the bus, which retries it with backoff.
      if (!refusal || (refusal.code === 'MAIL_DEFERRED' && !attempt.last)) {
        mails.inc({ template: about.template, outcome: 'deferred' });
        throw error;
      }
      mails.inc({ template: about.template, outcome: 'failed' });
      const recorded = await this.ledger.recordUndeliverable(streamId, source, {
        ...about,
        permanent: refusal.code === 'MAIL_REJECTED',
        ...(refusal.responseCode !== undefined ? { responseCode: refusal.responseCode } : {}),
        reason: refusal.reason,
        attempts: attempt.number,
      });
      this.logger.warn(
        {
          eventId: source.eventId,
          template: about.template,
          recipient: about.recipient,
          responseCode: refusal.responseCode,
          attempts: attempt.number,
          recorded,
        },
        'mail undeliverable; raised to staff',
      );
      return 'undeliverable';
    }
    await this.ledger.recordSent(streamId, source, {
      template: about.template,
      ...(about.recipient === 'staff' ? { recipient: 'staff' as const } : {}),
      ...(about.seekerId !== undefined ? { seekerId: about.seekerId } : {}),
      ...(about.reservationId !== undefined ? { reservationId: about.reservationId } : {}),
      ...(about.reservationIds !== undefined ? { reservationIds: about.reservationIds } : {}),
    });
    mails.inc({ template: about.template, outcome: 'sent' });
    this.logger.info({ eventId: source.eventId, template: about.template }, 'notification sent');
    return 'sent';
  }
}
