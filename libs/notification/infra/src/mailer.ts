// Outgoing mail: SMTP when SMTP_URL is set, otherwise `.eml` files under
// DATA_DIR/outbox (the embedded default), both built by nodemailer.
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { storableText, truncateText } from '@soudan/event-store';

export interface OutgoingMail {
  /** Stable id: the file name in the outbox and the Message-ID's local part. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

function messageFields(mail: OutgoingMail, domain: string) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    replyTo: mail.replyTo,
    headers: mail.headers,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    messageId: `<${mail.id}@${domain}>`,
    textEncoding: 'base64' as const,
  };
}

/** The domain of a sender such as `Name <local@domain>`: Message-IDs, reply addresses and calendar UIDs live under it. */
export const mailDomainOf = (address: string) => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'soudan.local';
const safeFileName = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

export class FileOutboxMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true });
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const target = join(this.directory, `${safeFileName(mail.id)}.eml`);
    if (existsSync(target)) return;
    const info = (await this.transport.sendMail(messageFields(mail, mailDomainOf(mail.from)))) as unknown as {
      message: Buffer;
    };
    // Write then rename, so a reader never sees half a message.
    const temporary = `${target}.tmp`;
    writeFileSync(temporary, info.message);
    renameSync(temporary, target);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * How long the mailer waits on the mail server. nodemailer's own defaults (2 min to
 * connect, 10 min of silence) outlast the claim a replica holds on a mail (2 min,
 * MAIL_CLAIM_LEASE_MS): a server that stalled past the lease let another replica send
 * the mail while the first was still waiting, and both copies arrived. Each wait here
 * ends well inside the lease; the mail is then retried (the server is unavailable).
 */
export interface SmtpTimeouts {
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

export const SMTP_TIMEOUTS: Readonly<SmtpTimeouts> = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 45_000,
};

/**
 * Connections the pool keeps to the mail server: one per mail lane (MAIL_LANES), so no
 * mail waits in nodemailer's own queue, which has no time limit, and every wait on the
 * server stays under the timeouts above.
 */
export const SMTP_POOL_SIZE = 8;

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(url: string, timeouts: Partial<SmtpTimeouts> = {}) {
    // Pooled: a connection per mail (connect, greeting, EHLO, QUIT around every message)
    // held mail to 7 a second on the bench machine, 3.5-7x fewer than over kept connections
    // (bench/RESULTS.md). The timeouts apply to pooled connections alike.
    this.transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: SMTP_POOL_SIZE,
      ...SMTP_TIMEOUTS,
      ...timeouts,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail(messageFields(mail, mailDomainOf(mail.from)));
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Every e-mail address in a text, with or without angle brackets. */
const ADDRESS = /<?[^\s<>@"'(),;:]+@[^\s<>@"'(),;:]+>?/g;

/**
 * A server answer or error message as staff may see it: one line, no e-mail address
 * (R54: the alert must not become a copy of the seeker's contact data), at most 300
 * characters.
 */
export function withoutAddresses(text: string): string {
  // A remote server's answer is stored in the alert (R62): only text a store can keep (R50).
  const line = storableText(text).replace(ADDRESS, '<…>').replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${truncateText(line, 299)}…` : line;
}

/** What the mail server said about this message (for the undeliverable-mail alert). */
export interface SmtpAnswer {
  responseCode?: number;
  /** The server's reply line, or the mailer's message when there was none, without addresses. */
  reason: string;
}

/**
 * The mail server refused this message for good (a 5xx answer to the recipient or the
 * content): retrying cannot help, so the consumer records it as undeliverable mail for
 * staff at once (R62) instead of retrying it into the dead-letter stream.
 */
export class MailRejectedError extends Error implements SmtpAnswer {
  readonly code = 'MAIL_REJECTED';
  readonly responseCode?: number;
  readonly reason: string;
  constructor(message: string, answer: SmtpAnswer, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailRejectedError';
    this.responseCode = answer.responseCode;
    this.reason = answer.reason;
  }
}

/**
 * The mail server answered this recipient or this content with "try again later" (a
 * 4xx other than 421): the server is there, this message is what it defers (mailbox
 * full, greylisting, a local problem with the address). Unlike an outage it counts
 * towards the bus's delivery limit, so it is retried with backoff and, if it is still
 * deferred on the last attempt, recorded as undeliverable mail for staff (R62).
 */
export class MailDeferredError extends Error implements SmtpAnswer {
  readonly code = 'MAIL_DEFERRED';
  readonly responseCode?: number;
  readonly reason: string;
  constructor(message: string, answer: SmtpAnswer, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailDeferredError';
    this.responseCode = answer.responseCode;
    this.reason = answer.reason;
  }
}

/**
 * The mail server cannot be reached or is not working (connection refused, timeout,
 * 421, a refused sender, bad credentials). Nothing is wrong with the message, so the
 * code is one the bus retries for as long as it takes instead of dead-lettering (or
 * raising as undeliverable) every mail of an outage.
 */
export class MailServerUnavailableError extends Error {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailServerUnavailableError';
  }
}

const REFUSALS_OF_THE_MESSAGE = new Set(['EENVELOPE', 'EMESSAGE']);
// The server, the network or the credentials: nodemailer's codes and the socket errors it passes on.
const SERVER_TROUBLE = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * nodemailer's errors carry `code` (ECONNECTION, EENVELOPE, ...) and, for a server
 * answer, `response`, `responseCode`, `permanent` and `command`. A refusal of this
 * recipient or this content for good, or an address nodemailer itself cannot use, is
 * the message's fault (rejected); a 4xx to the recipient or the content is the
 * message being deferred; a refused sender (MAIL FROM) is the configuration's, and
 * like everything else about the server it is worth waiting for. Anything else (a bug)
 * is left as it is, so it ends as a dead letter rather than being retried for ever.
 */
export function classifySmtpError(error: unknown): unknown {
  const e = error as {
    code?: unknown;
    response?: unknown;
    responseCode?: unknown;
    permanent?: unknown;
    command?: unknown;
    message?: unknown;
  } | null;
  if (typeof e !== 'object' || e === null) return error;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code === undefined && responseCode === undefined) return error;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const permanent =
    typeof e.permanent === 'boolean'
      ? e.permanent
      : responseCode === undefined || (responseCode >= 500 && responseCode !== 503);
  const answer: SmtpAnswer = {
    responseCode,
    reason: withoutAddresses(typeof e.response === 'string' && e.response ? e.response : message),
  };
  const aboutTheMessage = code !== undefined && REFUSALS_OF_THE_MESSAGE.has(code) && e.command !== 'MAIL FROM';
  if (aboutTheMessage && permanent) {
    return new MailRejectedError(`the mail server refused the message: ${answer.reason}`, answer, { cause: error });
  }
  if (
    aboutTheMessage &&
    responseCode !== undefined &&
    responseCode >= 400 &&
    responseCode < 500 &&
    responseCode !== 421
  ) {
    return new MailDeferredError(`the mail server deferred the message: ${answer.reason}`, answer, { cause: error });
  }
  if (responseCode !== undefined || (code !== undefined && SERVER_TROUBLE.has(code))) {
    return new MailServerUnavailableError(`the mail server is unavailable: ${message}`, { cause: error });
  }
  return error;
}

export function createMailer(options: { smtpUrl?: string; dataDir: string }): Mailer {
  return options.smtpUrl ? new SmtpMailer(options.smtpUrl) : new FileOutboxMailer(join(options.dataDir, 'outbox'));
}
