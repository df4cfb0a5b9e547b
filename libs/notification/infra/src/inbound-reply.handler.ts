// R13/R61: a reply to an offer e-mail, as the inbound SMTP server received it. The
// per-offer address names the reservation; scheduling says what was offered; the
// first line of the reply chooses the slot; the seeker's consent goes to scheduling
// by request-reply (channel `email`). What came of it is recorded once per message
// (R62):
// - confirmed: nothing more here; the confirmation mail follows from ReservationConfirmed;
// - refused (late, slot no longer held, already booked or closed): the seeker is told why;
// - unreadable (no slot named, a stranger's address, an auto-reply): it waits in the
//   staff queue, and the seeker is told the office will be in touch.
// A failure worth retrying (a service or the mail server unreachable) is thrown as
// InboundTemporaryFailure: the SMTP server answers 451 and the sender's server tries again.
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import {
  EligibilityApi,
  seekerLanguageOf,
  type ContactRecord,
  type GetContactResult,
} from '@soudan/eligibility-contracts';
import { isUnstorableText, storableText, truncateText } from '@soudan/event-store';
import { type RpcClient, requestTyped } from '@soudan/messaging';
import {
  NotificationEventTypes,
  type RefusedReplyReason,
  type UnreadableReplyReason,
} from '@soudan/notification-contracts';
import {
  offerReplyAddress,
  readReplyChoice,
  replyRefused,
  replyUnreadable,
  reservationOfReplyAddress,
  type MailContext,
  type SeekerMail,
} from '@soudan/notification-domain';
import { meetingAppOf, type Logger, type OfficeSettings } from '@soudan/platform';
import { SchedulingApi, type OfferForReply, type ReservationStatus } from '@soudan/scheduling-contracts';
import type { Clock } from '@soudan/time';
import { inboundReplyId, type InboundReplyLog } from './inbound-reply.log';
import { MailRejectedError, type Mailer } from './mailer';

/** The sender's server should try again later (SMTP 451). */
export class InboundTemporaryFailure extends Error {
  readonly responseCode = 451;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InboundTemporaryFailure';
  }
}

export interface InboundEnvelope {
  /** MAIL FROM; '' for the null sender of bounces and auto-replies. */
  mailFrom: string | undefined;
  /** RCPT TO, as accepted. */
  recipients: string[];
}

export type InboundResult = 'confirmed' | 'refused' | 'unreadable' | 'duplicate';

const UNAVAILABLE = new Set(['STORE_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);
const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};
const BOOKED: readonly ReservationStatus[] = ['confirmed', 'invited', 'in_session', 'completed'];
/** One "could not read" answer per offer in this time: a second unreadable reply soon after only goes to staff. */
const ANSWER_AGAIN_AFTER_MS = 60 * 60_000;

// R50: what a mail says is stored for staff; text no store can keep (an unpaired
// surrogate decoded from a hostile charset) is replaced, and the cut never splits a pair.
const oneLine = (value: string, max: number) =>
  truncateText(
    storableText(value)
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim(),
    max,
  );

/** The Message-ID as sent when it looks like one; otherwise a digest of the message, so a copy is still recognised. */
export function messageIdOf(parsed: ParsedMail | undefined, raw: Buffer): string {
  const given = parsed?.messageId?.trim();
  // Printable characters only: a NUL would make every record of this reply unstorable (R50).
  if (given && /^<[^<>\s\p{Cc}]{1,250}>$/u.test(given) && !isUnstorableText(given)) return given;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

function headerText(parsed: ParsedMail, name: string): string | undefined {
  const value = parsed.headers.get(name) as unknown;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  const inner = (value as { value?: unknown }).value;
  return typeof inner === 'string' ? inner : String(value);
}

/** RFC 3834 and the usual signs of an out-of-office answer or a bounce: such mail never consents to anything. */
export function isAutomatic(parsed: ParsedMail, envelope: InboundEnvelope): boolean {
  if (envelope.mailFrom === '') return true;
  const autoSubmitted = headerText(parsed, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  const precedence = headerText(parsed, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  if (parsed.headers.has('x-autoreply') || parsed.headers.has('x-autorespond')) return true;
  const contentType = headerText(parsed, 'content-type')?.toLowerCase();
  return contentType?.startsWith('multipart/report') ?? false;
}

export interface InboundReplySettings {
  mailFrom: string;
  context: MailContext;
  /** R71: the office of a reservation, whose name and phone an answer gives; the configured office when absent. */
  officeOf?: (reservationId: string, correlationId: string) => Promise<OfficeSettings>;
}

export class InboundReplyHandler {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly log: InboundReplyLog,
    private readonly rpc: RpcClient,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: InboundReplySettings,
  ) {}

  /** R71: the mail context in the name of the reservation's office. */
  private async contextOf(reservationId: string, correlationId: string): Promise<MailContext> {
    const { context, officeOf } = this.settings;
    if (!officeOf) return context;
    const office = await officeOf(reservationId, correlationId);
    return office === context.office ? context : { ...context, office, meetingApp: meetingAppOf(office) };
  }

  /** RCPT TO: the reservation of a per-offer address this system handed out, else undefined (550). */
  reservationOf(address: string): string | undefined {
    return reservationOfReplyAddress(address, this.settings.context.mailDomain, this.settings.context.replyTag);
  }

  /** One message as received (at most the size limit); one result per offer it was sent to. */
  async receive(raw: Buffer, envelope: InboundEnvelope): Promise<InboundResult[]> {
    const receivedAt = this.clock.now().toISOString();
    let parsed: ParsedMail | undefined;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipHtmlToText: false });
    } catch (error) {
      this.logger.warn({ err: error }, 'inbound mail could not be parsed; treated as unreadable');
    }
    const messageId = messageIdOf(parsed, raw);
    const reservations = [
      ...new Set(envelope.recipients.map((r) => this.reservationOf(r)).filter((r): r is string => r !== undefined)),
    ];
    const results: InboundResult[] = [];
    for (const reservationId of reservations)
      results.push(await this.handleOne(parsed, envelope, messageId, reservationId, receivedAt));
    return results;
  }

  private async handleOne(
    parsed: ParsedMail | undefined,
    envelope: InboundEnvelope,
    messageId: string,
    reservationId: string,
    receivedAt: string,
  ): Promise<InboundResult> {
    const id = inboundReplyId(messageId, reservationId);
    const correlationId = `inbound-${id}`;
    const log = this.logger.child({ inboundReply: id, reservationId });
    if (this.inFlight.has(id) || (await this.guard(() => this.log.handled(id)))) {
      log.info('the same reply was delivered again; handled once (R62)');
      return 'duplicate';
    }
    this.inFlight.add(id);
    try {
      const subject = parsed?.subject ? oneLine(parsed.subject, 200) : undefined;
      let awaitingChoice = true;
      let number: string | undefined = undefined;
      const unreadable = async (reason: UnreadableReplyReason, contact?: ContactRecord): Promise<InboundResult> => {
        const since = new Date(Date.parse(receivedAt) - ANSWER_AGAIN_AFTER_MS).toISOString();
        const answer =
          contact !== undefined && reason !== 'auto-reply' && !this.log.answeredSince(reservationId, since);
        if (answer) {
          const context = await this.contextOf(reservationId, correlationId);
          await this.send(
            id,
            contact,
            replyUnreadable({ reservationId, number, reason, awaitingChoice }, contact, context),
            reservationId,
            messageId,
            context.office.senderAddress,
          );
        }
        await this.record(
          id,
          {
            type: NotificationEventTypes.InboundReplyUnreadable,
            data: { messageId, receivedAt, reservationId, reason, ...(subject ? { subject } : {}), answered: answer },
          },
          correlationId,
        );
        log.info({ reason, answered: answer }, 'unreadable reply to an offer; in the staff queue (R61)');
        return 'unreadable';
      };

      const offer = await this.offerOf(reservationId, correlationId);
      if (!offer) return await unreadable('unknown-reservation');
      awaitingChoice = offer.status === 'offered';
      number = offer.number;
      const contact = await this.contactOf(offer.seekerId, correlationId);
      if (!parsed) return await unreadable('no-choice', contact);
      if (isAutomatic(parsed, envelope)) return await unreadable('auto-reply', contact);
      const from = parsed.from?.value.find((a) => a.address)?.address;
      if (!contact || !from || from.trim().toLowerCase() !== contact.email.trim().toLowerCase())
        return await unreadable('unknown-sender', contact);
      const choice = readReplyChoice(parsed.text, offer.offered);
      if (choice.kind === 'unreadable') return await unreadable(choice.reason, contact);

      const outcome = await this.consent(offer, choice.slot, correlationId);
      if (outcome.kind === 'confirmed') {
        await this.record(
          id,
          {
            type: NotificationEventTypes.InboundReplyConfirmed,
            data: { messageId, receivedAt, reservationId, slot: choice.slot },
          },
          correlationId,
        );
        log.info({ slot: choice.slot }, 'reply to an offer confirmed the slot it chose (R13, R61)');
        return 'confirmed';
      }
      const now = this.clock.now().toISOString();
      const chosen = offer.offered.find((s) => s.start === choice.slot);
      const stillOpen =
        outcome.offer.status === 'offered'
          ? outcome.offer.offered.filter((s) => s.start !== choice.slot && s.deadline >= now).map((s) => s.start)
          : [];
      const context = await this.contextOf(reservationId, correlationId);
      const mail = replyRefused(
        {
          reservationId,
          number: offer.number,
          reason: outcome.reason,
          slot: choice.slot,
          deadline: chosen?.deadline,
          bookedSlot: outcome.offer.slot ?? undefined,
          stillOpen,
        },
        contact,
        context,
      );
      await this.send(id, contact, mail, reservationId, messageId, context.office.senderAddress);
      await this.record(
        id,
        {
          type: NotificationEventTypes.InboundReplyRefused,
          data: {
            messageId,
            receivedAt,
            reservationId,
            slot: choice.slot,
            reason: outcome.reason,
            ...(outcome.code ? { code: outcome.code } : {}),
          },
        },
        correlationId,
      );
      log.info(
        { reason: outcome.reason, code: outcome.code },
        'reply to an offer refused; the seeker was told why (R13)',
      );
      return 'refused';
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Scheduling's view of the offer; undefined when it does not know the reservation. */
  private async offerOf(reservationId: string, correlationId: string): Promise<OfferForReply | undefined> {
    try {
      return await requestTyped(this.rpc, SchedulingApi.offerForReply, { reservationId }, { correlationId });
    } catch (error) {
      if (codeOf(error) === 'RESERVATION_NOT_FOUND') return undefined;
      throw this.temporary(error, 'scheduling could not say what was offered');
    }
  }

  /** R54: the registered address comes from eligibility's erasable store. Undefined when erased or unknown. */
  private async contactOf(seekerId: string, correlationId: string): Promise<ContactRecord | undefined> {
    let result: GetContactResult;
    try {
      result = await requestTyped(this.rpc, EligibilityApi.getContact, { seekerId }, { correlationId });
    } catch (error) {
      if (codeOf(error) === 'SEEKER_NOT_FOUND') return undefined;
      throw this.temporary(error, 'eligibility could not give the contact');
    }
    if (result.erased) return undefined;
    return { name: result.name, email: result.email, language: seekerLanguageOf(result.language) };
  }

  private async consent(
    offer: OfferForReply,
    slot: string,
    correlationId: string,
  ): Promise<
    { kind: 'confirmed' } | { kind: 'refused'; reason: RefusedReplyReason; code?: string; offer: OfferForReply }
  > {
    if (offer.status !== 'offered') return this.settled(offer, slot);
    try {
      await requestTyped(
        this.rpc,
        SchedulingApi.consent,
        {
          reservationId: offer.reservationId,
          slot,
          // An offer always names its terms; without one scheduling refuses the consent as to unknown terms.
          termsVersion: offer.termsVersion ?? '',
          channel: 'email',
          actor: `seeker:${offer.seekerId}`,
          seekerId: offer.seekerId,
        },
        { correlationId },
      );
      return { kind: 'confirmed' };
    } catch (error) {
      const code = codeOf(error);
      switch (code) {
        case 'CONFIRMATION_DEADLINE_PASSED':
          return { kind: 'refused', reason: 'deadline-passed', code, offer };
        case 'SLOT_NOT_HELD':
        case 'SLOT_FULL':
        case 'SLOT_NOT_OFFERED':
          return { kind: 'refused', reason: 'slot-not-held', code, offer };
        case 'INVALID_STATE':
        case 'ALREADY_CANCELLED': {
          // Something happened to the reservation in between (a lapse, a web consent, a cancellation).
          const now = await this.offerOf(offer.reservationId, correlationId);
          return now ? this.settled(now, slot, code) : { kind: 'refused', reason: 'closed', code, offer };
        }
        default:
          throw this.temporary(error, 'scheduling did not take the consent');
      }
    }
  }

  /** A reply to an offer that is no longer open: the same slot already booked is this reply's own consent, retried. */
  private settled(
    offer: OfferForReply,
    slot: string,
    code?: string,
  ): { kind: 'confirmed' } | { kind: 'refused'; reason: RefusedReplyReason; code?: string; offer: OfferForReply } {
    if (BOOKED.includes(offer.status))
      return offer.slot === slot
        ? { kind: 'confirmed' }
        : { kind: 'refused', reason: 'already-confirmed', code, offer };
    if (offer.status === 'lapsed') return { kind: 'refused', reason: 'lapsed', code, offer };
    return { kind: 'refused', reason: 'closed', code, offer };
  }

  private async send(
    id: string,
    contact: ContactRecord,
    mail: SeekerMail,
    reservationId: string,
    messageId: string,
    sender?: string,
  ): Promise<void> {
    const { context, mailFrom } = this.settings;
    const threading: Record<string, string> = messageId.startsWith('<')
      ? { 'In-Reply-To': messageId, References: messageId }
      : {};
    try {
      await this.mailer.send({
        id: `${mail.template}-${id}`,
        from: sender ?? mailFrom,
        to: contact.email,
        // A reply to this answer is read like a reply to the offer.
        replyTo: offerReplyAddress(reservationId, context.mailDomain, context.replyTag),
        subject: mail.subject,
        text: mail.text,
        // RFC 3834: an automatic answer, which out-of-office responders must not answer.
        headers: {
          'X-Soudan-Reservation': reservationId,
          'X-Soudan-Template': mail.template,
          'Auto-Submitted': 'auto-replied',
          ...threading,
        },
      });
    } catch (error) {
      // The mail server refuses this message for good: the outcome stands, staff see the record.
      if (error instanceof MailRejectedError) {
        this.logger.error(
          { err: error, inboundReply: id, template: mail.template },
          'the answer to a reply was refused by the mail server',
        );
        return;
      }
      throw this.temporary(error, 'the answer to the reply could not be sent');
    }
  }

  private async record(
    id: string,
    outcome: Parameters<InboundReplyLog['record']>[1],
    correlationId: string,
  ): Promise<void> {
    await this.guard(() => this.log.record(id, outcome, correlationId));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.temporary(error, 'the notification store is unavailable');
    }
  }

  /**
   * Everything that stops a reply from being handled is worth another try by the
   * sender's server (451): a consent must not be lost to an outage. An outage is
   * expected; anything else is logged as an error too.
   */
  private temporary(error: unknown, what: string): InboundTemporaryFailure {
    if (error instanceof InboundTemporaryFailure) return error;
    if (!UNAVAILABLE.has(codeOf(error) ?? ''))
      this.logger.error({ err: error }, `${what}: unexpected failure; the sender's server will retry`);
    return new InboundTemporaryFailure(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
