// `notification.sign-in-link.send`: the gateway asks for the sign-in mail directly,
// never through an event, because the link carries a secret (notification-contracts).
// Sent at once; the answer says it was handed to the mail server (or written to the
// outbox). Nothing is stored: the token must not outlive the mail.
import { randomUUID } from 'node:crypto';
import { RpcHandler } from '@soudan/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { seekerLanguageOf } from '@soudan/eligibility-contracts';
import { NotificationApi, type SendSignInLinkRequest } from '@soudan/notification-contracts';
import { AppError, LOGGER, RUNTIME, type Logger, type ServiceRuntime } from '@soudan/platform';
import type { Mailer } from './mailer';
import { MailOffices } from './mail-offices';
import { signInLinkMail } from './sign-in-link.mail';
import { MAILER } from './tokens';

/** A line of a mail header: no CR, LF or other control characters, whatever the caller checked. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const ONE_LINE = /^[^\r\n\u0000-\u001f\u007f]*$/;
const EMAIL =
  /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', 400, message, { fields: { [field]: [message] } });
}

export function checkSignInLinkRequest(request: unknown): SendSignInLinkRequest {
  const r = (request ?? {}) as Partial<SendSignInLinkRequest>;
  if (typeof r.email !== 'string' || r.email.length > 254 || !ONE_LINE.test(r.email) || !EMAIL.test(r.email))
    throw invalid('email', 'email must be one address on one line');
  if (
    r.name !== undefined &&
    r.name !== null &&
    (typeof r.name !== 'string' || r.name.length > 100 || !ONE_LINE.test(r.name))
  )
    throw invalid('name', 'name must be a single line');
  if (typeof r.link !== 'string' || r.link.length > 2048 || !ONE_LINE.test(r.link) || !/^https?:\/\/\S+$/.test(r.link))
    throw invalid('link', 'link must be an http(s) URL');
  if (typeof r.expiresAt !== 'string' || Number.isNaN(Date.parse(r.expiresAt)))
    throw invalid('expiresAt', 'expiresAt must be an ISO instant');
  const language = seekerLanguageOf(r.language);
  if (r.officeCode !== undefined && r.officeCode !== '' && !/^\d{5}$/.test(r.officeCode))
    throw invalid('officeCode', 'officeCode must be a five-digit office code');
  return {
    email: r.email,
    name: r.name ?? undefined,
    language,
    link: r.link,
    expiresAt: r.expiresAt,
    ...(r.officeCode ? { officeCode: r.officeCode } : {}),
  };
}

@Controller()
export class SignInLinkRpcController {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MailOffices) private readonly offices: MailOffices,
  ) {}

  @RpcHandler(NotificationApi.sendSignInLink)
  async send(@Payload() payload: unknown): Promise<{ sent: true }> {
    const request = checkSignInLinkRequest(payload);
    // R71: in the name of the seeker's office.
    const office = await this.offices.ofCode(request.officeCode, `sign-in-${randomUUID()}`);
    const content = signInLinkMail(request, office);
    await this.mailer.send({
      id: `sign-in-${randomUUID()}`,
      from: office.senderAddress ?? this.runtime.config.mailFrom,
      to: request.email,
      subject: content.subject,
      text: content.text,
      headers: { 'X-Soudan-Template': 'sign-in-link' },
    });
    this.logger.info({ template: 'sign-in-link' }, 'sign-in link sent');
    return { sent: true };
  }
}
