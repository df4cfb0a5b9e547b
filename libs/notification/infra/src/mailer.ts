// Outgoing mail: SMTP when SMTP_URL is set, otherwise `.eml` files under
// DATA_DIR/outbox (the embedded default), both built by nodemailer.
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

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
    attachments: mail.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
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
    const info = (await this.transport.sendMail(messageFields(mail, mailDomainOf(mail.from)))) as unknown as { message: Buffer };
    // Write then rename, so a reader never sees half a message.
    const temporary = `${target}.tmp`;
    writeFileSync(temporary, info.message);
    renameSync(temporary, target);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(url: string) {
    this.transport = nodemailer.createTransport(url);
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

/**
 * The mail server refused this message for good (a 5xx answer to the recipient or the
 * content): retrying cannot help, so it counts towards the bus's delivery limit and
 * ends as a dead letter that staff see (R62: undeliverable mail).
 */
export class MailRejectedError extends Error {
  readonly code = 'MAIL_REJECTED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}

/**
 * The mail server cannot be reached or asks to try later (connection refused, timeout,
 * 4xx, bad credentials). Nothing is wrong with the message, so the code is one the bus
 * retries for as long as it takes instead of dead-lettering every mail of an outage.
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
  'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EPROXY',
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

/**
 * nodemailer's errors carry `code` (ECONNECTION, EENVELOPE, ...) and, for a server
 * answer, `responseCode`, `permanent` and `command`. A refusal of this recipient or
 * this content for good, or an address nodemailer itself cannot use, is the message's
 * fault; a refused sender (MAIL FROM) is the configuration's, and like everything
 * else about the server it is worth waiting for. Anything else (a bug) is left as it
 * is, so it ends as a dead letter rather than being retried for ever.
 */
export function classifySmtpError(error: unknown): unknown {
  const e = error as { code?: unknown; responseCode?: unknown; permanent?: unknown; command?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return error;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (code === undefined && responseCode === undefined) return error;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const permanent = typeof e.permanent === 'boolean' ? e.permanent : responseCode === undefined || (responseCode >= 500 && responseCode !== 503);
  if (code !== undefined && REFUSALS_OF_THE_MESSAGE.has(code) && e.command !== 'MAIL FROM' && permanent) {
    return new MailRejectedError(`the mail server refused the message: ${message}`, { cause: error });
  }
  if (responseCode !== undefined || (code !== undefined && SERVER_TROUBLE.has(code))) {
    return new MailServerUnavailableError(`the mail server is unavailable: ${message}`, { cause: error });
  }
  return error;
}

export function createMailer(options: { smtpUrl?: string; dataDir: string }): Mailer {
  return options.smtpUrl ? new SmtpMailer(options.smtpUrl) : new FileOutboxMailer(join(options.dataDir, 'outbox'));
}
