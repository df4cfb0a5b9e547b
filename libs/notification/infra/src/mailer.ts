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
    messageId: `<${mail.id}@${domain}>`,
    textEncoding: 'base64' as const,
  };
}

const domainOf = (address: string) => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'soudan.local';
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
    const info = (await this.transport.sendMail(messageFields(mail, domainOf(mail.from)))) as unknown as { message: Buffer };
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
    await this.transport.sendMail(messageFields(mail, domainOf(mail.from)));
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

export function createMailer(options: { smtpUrl?: string; dataDir: string }): Mailer {
  return options.smtpUrl ? new SmtpMailer(options.smtpUrl) : new FileOutboxMailer(join(options.dataDir, 'outbox'));
}
