// A real SMTP server for tests: accepts every message and keeps it parsed, unless told
// to answer a recipient with an error (a 550 "no such user", a 450 "try later").
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port';

/** What the sink answers to `RCPT TO` for a refused recipient. */
export interface SmtpRefusal {
  /** 4xx (try again later) or 5xx (refused for good). */
  code: number;
  message?: string;
}

/**
 * How the sink answers every message (fault injection): `accept` (the default);
 * `refuse` answers each `RCPT TO` with `code` (4xx: try later); `stall` holds each
 * message's DATA without an answer until the mode changes or `ms` pass.
 */
export type SmtpSinkMode = { kind: 'accept' } | { kind: 'refuse'; code: number } | { kind: 'stall'; ms?: number };

/** One accepted message: when the sink answered 250, and who sent it (the name the client gave in EHLO). */
export interface SmtpDelivery {
  messageId: string | undefined;
  at: number;
  client: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Beside `messages`, in the same order: when each was accepted and from which client. */
  deliveries: SmtpDelivery[];
  /** Every refused `RCPT TO`, in order: the address (lower case) and the code answered. */
  refusals: Array<{ address: string; code: number }>;
  /** Resolves with the first message that matches, polling until the deadline. */
  waitFor(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** From now on, answers `RCPT TO:<address>` with this error; `undefined` accepts the address again. */
  refuse(address: string, refusal: SmtpRefusal | undefined): void;
  /** Sets how every message is answered from now on (`refuse` above still applies per address). */
  setMode(mode: SmtpSinkMode): void;
  /** Messages answered with an error or held by the mode, by kind. */
  modeCounts: { refused: number; stalled: number };
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const messages: ParsedMail[] = [];
  const deliveries: SmtpDelivery[] = [];
  const refusals: SmtpSink['refusals'] = [];
  const refused = new Map<string, SmtpRefusal>();
  let mode: SmtpSinkMode = { kind: 'accept' };
  const modeCounts = { refused: 0, stalled: 0 };
  /** Resolved when the mode changes: a stalled message is then answered by the new mode. */
  let modeChanged: () => void = () => undefined;
  let nextChange = new Promise<void>((resolve) => (modeChanged = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const target = address.address.toLowerCase();
      const refusal =
        refused.get(target) ??
        (mode.kind === 'refuse' ? { code: mode.code, message: 'Service busy (fault injection)' } : undefined);
      if (refusal && !refused.has(target)) modeCounts.refused += 1;
      if (!refusal) return callback();
      refusals.push({ address: target, code: refusal.code });
      const fallback =
        refusal.code >= 500
          ? '5.1.1 Recipient address rejected: User unknown'
          : '4.2.1 Mailbox temporarily unavailable, try again later';
      callback(
        Object.assign(new Error(`<${address.address}>: ${refusal.message ?? fallback}`), {
          responseCode: refusal.code,
        }),
      );
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (mode.kind === 'stall') {
            modeCounts.stalled += 1;
            const held = mode.ms;
            await Promise.race([nextChange, ...(held !== undefined ? [new Promise((r) => setTimeout(r, held))] : [])]);
            const now = mode as SmtpSinkMode;
            if (now.kind === 'refuse') {
              callback(Object.assign(new Error('4.3.2 Service busy (fault injection)'), { responseCode: now.code }));
              return;
            }
          }
          messages.push(mail);
          deliveries.push({ messageId: mail.messageId, at: Date.now(), client: session.hostNameAppearsAs ?? '' });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client killed mid-session (the fault runs kill -9 senders, and stop them all at the
  // end) resets its socket: that is the client's end, not the sink's, and must not become
  // an unhandled 'error' that fails the test run after its checks.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    deliveries,
    refusals,
    waitFor: async (match, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    refuse: (address, refusal) => {
      if (refusal) refused.set(address.toLowerCase(), refusal);
      else refused.delete(address.toLowerCase());
    },
    setMode: (next) => {
      mode = next;
      modeChanged();
      nextChange = new Promise<void>((resolve) => (modeChanged = resolve));
    },
    modeCounts,
    close: () => {
      mode = { kind: 'accept' };
      modeChanged();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
