// An SMTP sink for the bench that stays light under load: it reads only each message's
// headers (which template, which reservation) and the time it arrived; a sign-in mail is
// kept whole, because the bench signs its seekers in with the link inside it. The test
// harness's sink parses every message with mailparser, which at hundreds of mails a
// second would take the CPU the servers are measured with.
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@soudan/testing';

export interface BenchSink {
  url: string;
  /** Arrival time (performance.now()) of the first request-received mail of each reservation. */
  requestReceived: Map<string, number>;
  /** Mails by template. */
  counts: Map<string, number>;
  /** The token of the newest sign-in mail to `email`, waiting for it up to `timeoutMs`. */
  signInToken(email: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

const header = (head: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1].trim();

export async function startBenchSink(): Promise<BenchSink> {
  const port = await freePort();
  const requestReceived = new Map<string, number>();
  const counts = new Map<string, number>();
  const signIns = new Map<string, string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Hundreds of mails a second come over a handful of pooled connections.
    maxClients: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const at = performance.now();
        const raw = Buffer.concat(chunks);
        const end = raw.indexOf('\r\n\r\n');
        const head = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
        const template = header(head, 'x-soudan-template') ?? 'unknown';
        counts.set(template, (counts.get(template) ?? 0) + 1);
        const reservation = header(head, 'x-soudan-reservation');
        if (template === 'request-received' && reservation && !requestReceived.has(reservation))
          requestReceived.set(reservation, at);
        if (template === 'sign-in-link') {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          void simpleParser(raw).then((mail) => {
            const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
            if (token) for (const address of to) signIns.set(address, token);
          });
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    requestReceived,
    counts,
    signInToken: async (email, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const token = signIns.get(email.toLowerCase());
        if (token) {
          signIns.delete(email.toLowerCase());
          return token;
        }
        if (Date.now() > deadline) throw new Error(`no sign-in mail for ${email} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
