// R62 across replicas: two notification processes handed the same owed mail at the
// same moment (a redelivery after the ack wait reaching the second replica while the
// first is still talking to a slow mail server) send it once. Before the claim, both
// looked at the ledger, found nothing, and both sent: two copies at the server.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { PostgresEventStore } from '@soudan/event-store';
import {
  createTestDatabase,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { DeliveryLedger, MAIL_CLAIM_LEASE_MS } from './delivery-ledger';
import { SMTP_TIMEOUTS, SmtpMailer } from './mailer';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** One replica's attempt, as its own process; resolves with its outcome or error code. */
function replicaSends(env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--no-warnings=ExperimentalWarning',
        '--import',
        './tools/register.mjs',
        'libs/notification/infra/src/testing/send-mail-once.ts',
      ],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        done((JSON.parse(line) as { outcome: string }).outcome);
      } catch {
        fail(new Error(`replica exited ${code}: ${out}\n${err}`));
      }
    });
  });
}

describe('one owed mail, two notification replicas (R62)', () => {
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let smtp: SmtpSink;

  beforeAll(async () => {
    [pg, smtp] = await Promise.all([startPostgres(), startSmtpSink()]);
    db = await createTestDatabase(pg, 'soudan_claim');
  });

  afterAll(async () => {
    await smtp?.close();
    await db?.drop();
    await pg?.stop();
  });

  it('R62: two processes sending the same mail while the server is slow: one copy arrives, the other waits, a retry finds it settled', async () => {
    // The server holds each message 2.5 s before answering: long enough for the second
    // replica to look at the ledger while the first is still sending.
    smtp.setMode({ kind: 'stall', ms: 2500 });
    const eventId = `r-${randomUUID()}:ReservationOffered`;
    const env = { STORE_URL: db.url, SMTP_URL: smtp.url, EVENT_ID: eventId };
    const first = replicaSends(env);
    await new Promise((r) => setTimeout(r, 400));
    const outcomes = await Promise.all([first, replicaSends(env)]);
    smtp.setMode({ kind: 'accept' });
    const copies = smtp.messages.filter((m) => m.messageId?.startsWith(`<claim-${eventId}@`));
    expect(copies).toHaveLength(1);
    expect(outcomes.sort()).toEqual(['MAIL_IN_PROGRESS', 'sent']);
    // The bus retries the waiting one: it finds the mail settled and sends nothing.
    expect(await replicaSends(env)).toBe('settled');
    expect(smtp.messages.filter((m) => m.messageId?.startsWith(`<claim-${eventId}@`))).toHaveLength(1);
  }, 60_000);

  it('R62: a claim keeps other replicas off for its lease, lapses after it (a replica that died holding it), and a release frees it at once', async () => {
    const store = await PostgresEventStore.connect({ url: db.url, schema: 'notification' });
    try {
      const clock = new ManualClock(new Date('2026-12-07T01:00:00Z'));
      const ledger = new DeliveryLedger(store, clock);
      const stream = `notification-r-${randomUUID()}:ReservationConfirmed`;
      expect(await ledger.claim(stream, 'a')).toBe(true);
      expect(await ledger.claim(stream, 'b')).toBe(false);
      expect(await ledger.claim(stream, 'a')).toBe(true);
      clock.advance(MAIL_CLAIM_LEASE_MS - 1);
      expect(await ledger.claim(stream, 'b')).toBe(false);
      clock.advance(2);
      expect(await ledger.claim(stream, 'b')).toBe(true);
      expect(await ledger.claim(stream, 'a')).toBe(false);
      await ledger.release(stream, 'a'); // not a's any more: changes nothing
      expect(await ledger.claim(stream, 'c')).toBe(false);
      await ledger.release(stream, 'b');
      expect(await ledger.claim(stream, 'c')).toBe(true);
      // Two replicas claiming at the same instant: exactly one gets it.
      const other = `notification-r-${randomUUID()}:ReservationConfirmed`;
      const both = await Promise.all([ledger.claim(other, 'x'), ledger.claim(other, 'y')]);
      expect(both.filter(Boolean)).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('R62: the sole sender of the embedded form takes over at once a claim made before it started (a process killed mid-send), not one made since', async () => {
    const store = await PostgresEventStore.connect({ url: db.url, schema: 'notification' });
    try {
      const clock = new ManualClock(new Date('2026-12-07T01:00:00Z'));
      const stream = `notification-r-${randomUUID()}:ReservationConfirmed`;
      expect(await new DeliveryLedger(store, clock).claim(stream, 'killed')).toBe(true);
      clock.advance(5_000);
      const restarted = new DeliveryLedger(store, clock, { soleSenderSince: clock.now() });
      expect(await new DeliveryLedger(store, clock).claim(stream, 'other-replica')).toBe(false);
      expect(await restarted.claim(stream, 'after-restart')).toBe(true);
      // Its own later claims hold as in any form: a second sender in this process would wait.
      expect(await restarted.claim(stream, 'second-in-process')).toBe(false);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("R62: a mail server that stalls gives up inside the claim's lease, as a retry (not a second copy after the lease lapsed)", async () => {
    // nodemailer's defaults waited 10 minutes on a silent server: past the 2-minute
    // lease, so a second replica could claim and send while the first still waited.
    for (const wait of Object.values(SMTP_TIMEOUTS)) expect(wait).toBeLessThanOrEqual(MAIL_CLAIM_LEASE_MS / 2);
    smtp.setMode({ kind: 'stall' });
    const mailer = new SmtpMailer(smtp.url, { socketTimeout: 1500 });
    const started = Date.now();
    try {
      await expect(
        mailer.send({
          id: `stall-${randomUUID()}`,
          from: 'soudan@example.jp',
          to: 'taro@example.jp',
          subject: 's',
          text: 't',
        }),
      ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      smtp.setMode({ kind: 'accept' });
      await mailer.close();
    }
  }, 30_000);
});
