// R61: the SMTP server that receives replies to offer e-mails, inside the
// notification service, so it runs wherever that service runs (its own process or
// `npm start`). It listens on INBOUND_SMTP_PORT (off when unset; `npm start` defaults
// to 2525; 0 takes any free port) at INBOUND_SMTP_HOST. No authentication: only the
// per-offer addresses this system handed out are accepted (anything else is refused
// at RCPT TO with 550), messages are limited to 1 MB, and whatever arrives is read
// as data, never trusted.
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { LOGGER, RUNTIME, type Logger, type ServiceRuntime } from '@soudan/platform';
import { InboundReplyHandler, InboundTemporaryFailure } from './inbound-reply.handler';
import { INBOUND_REPLY_HANDLER } from './tokens';

/** Largest message taken: a reply is a line of text and the quoted offer. */
export const INBOUND_MAX_BYTES = 1024 * 1024;
const MAX_RECIPIENTS = 5;
const MAX_CLIENTS = 50;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

@Injectable()
export class InboundMailServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: SMTPServer;
  private readonly work = new Set<Promise<unknown>>();
  /** The port it listens on (also when configured as 0), once started. */
  port?: number;

  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(INBOUND_REPLY_HANDLER) private readonly handler: InboundReplyHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { inboundSmtpPort: port, inboundSmtpHost: host, inboundSmtpPortDefaulted: defaulted } = this.runtime.config;
    if (port === undefined) {
      this.logger.info(
        'inbound mail is off: replies to offers are not received by e-mail (set INBOUND_SMTP_PORT, R61)',
      );
      return;
    }
    const server = this.create();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (defaulted) {
        // The default of `npm start` is taken (another copy running?): the rest of the system still works.
        this.logger.error(
          { host, port, reason },
          `inbound mail is off: cannot listen on ${host}:${port}; set INBOUND_SMTP_PORT to a free port (or "off")`,
        );
        return;
      }
      throw new Error(`INBOUND_SMTP_PORT: cannot listen on ${host}:${port} (${reason})`, { cause: error });
    }
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    this.logger.info(
      { host, port: this.port },
      `inbound mail: replies to offers are received on ${host}:${this.port} (R61)`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // A message being handled finishes before the clients it needs are closed.
    await Promise.allSettled([...this.work]);
  }

  private create(): SMTPServer {
    const server = new SMTPServer({
      name: this.handlerDomain(),
      banner: 'soudan: replies to offers only',
      size: INBOUND_MAX_BYTES,
      rejectOversized: true,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      maxRecipients: MAX_RECIPIENTS,
      maxClients: MAX_CLIENTS,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.handler.reservationOf(address.address) !== undefined) return callback();
        callback(smtpError(550, '5.1.1 No such mailbox: only replies to an offer e-mail are accepted here'));
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    // A client that misbehaves (resets, garbage, timeouts) costs a log line, never the process.
    server.on('error', (error: Error) => this.logger.warn({ err: error }, 'inbound mail connection error'));
    return server;
  }

  private handlerDomain(): string {
    return /@([^>\s]+)>?\s*$/.exec(this.runtime.config.mailFrom)?.[1] ?? 'localhost';
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      // Read to the end whatever its size (the protocol needs it), but keep no more than the limit.
      if (kept + chunk.length <= INBOUND_MAX_BYTES) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    stream.on('error', (error) => callback(error));
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
      const envelope = {
        mailFrom: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
        recipients: session.envelope.rcptTo.map((r) => r.address),
      };
      const work = this.handler.receive(Buffer.concat(chunks), envelope).then(
        () => callback(null, 'OK: reply received'),
        (error: unknown) => {
          if (!(error instanceof InboundTemporaryFailure))
            this.logger.error({ err: error }, 'inbound reply failed unexpectedly; asking the sender to retry');
          else this.logger.warn({ err: error }, 'inbound reply could not be handled now; asking the sender to retry');
          callback(smtpError(451, '4.3.0 Temporary failure, please try again later'));
        },
      );
      this.work.add(work);
      void work.finally(() => this.work.delete(work));
    });
  }
}
