// R62 in the distributed topology: the notification service on a real nats-server
// (JetStream events, request-reply) and PostgreSQL, mailing a real SMTP server. An
// undeliverable staff mail and a poison message published by another process both
// reach the staff through `notification.alerts`, asked over NATS as the gateway does.
import { Controller, Module } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openEventStore, type EventStore } from '@soudan/event-store';
import {
  createRpcClient,
  encodePrincipalKeys,
  RpcHandler,
  JetStreamEventBus,
  type EventEnvelope,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { NotificationPatterns, type NotificationAlerts } from '@soudan/notification-contracts';
import {
  createLogger,
  embeddedPrincipalKeys,
  NAMERIKAWA,
  readConfig,
  RuntimeModule,
  startServiceHost,
  type ServiceHost,
  type ServiceRuntime,
} from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { systemClock } from '@soudan/time';
import { notificationService } from './notification.service';
import { STAFF_MAIL_DURABLE } from './staff-mail.consumer';

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const STAFF = 'desk@namerikawa.example';

/** Scheduling, as far as these mails need it: every reservation is Namerikawa's (R71). */
@Controller()
class StubScheduling {
  @RpcHandler(SchedulingApi.officeForMail)
  office() {
    return { ...NAMERIKAWA, staffEmail: STAFF };
  }
}
@Module({})
class StubSchedulingModule {}

describe('notification alerts over NATS and JetStream (R62)', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let sink: SmtpSink;
  let store: EventStore;
  let bus: JetStreamEventBus;
  let publisher: JetStreamEventBus;
  let rpc: RpcClient;
  let scheduling: ServiceHost;
  let host: ServiceHost;
  let dataDir: string;

  beforeAll(async () => {
    [nats, pg, sink] = await Promise.all([startNatsServer(), startPostgres(), startSmtpSink()]);
    db = await createTestDatabase(pg, 'soudan_staff_alerts');
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-staff-alerts-nats-'));
    const mode: MessagingMode = { kind: 'nats', url: nats.url };
    store = await openEventStore(db.url, { schema: 'notification' });
    bus = await JetStreamEventBus.connect({ url: nats.url, logger: quiet, backoffMs: [50, 100, 200] });
    // Another service's connection: what it publishes is what the notification service consumes.
    publisher = await JetStreamEventBus.connect({ url: nats.url, logger: quiet });
    // Asks as the gateway would (issue 9: signed principals), for whoever the request names.
    rpc = await createRpcClient(mode, {
      timeoutMs: 5000,
      principal: signAsRequestsSay(embeddedPrincipalKeys().privateKey),
    });
    const config = readConfig('distributed', {
      NATS_URL: nats.url,
      EVENTSTORE_URL: db.url,
      SMTP_URL: sink.url,
      DATA_DIR: dataDir,
      MAIL_FROM: 'ハローワーク滑川 <online-soudan@namerikawa.hellowork.example>',
      PSEUDONYM_KEY: 'a'.repeat(64),
      ENCRYPTION_KEY: 'b'.repeat(64),
      PRINCIPAL_PUBLIC_KEY: encodePrincipalKeys(embeddedPrincipalKeys()).publicKey,
    });
    const office = { ...NAMERIKAWA, staffEmail: STAFF };
    scheduling = await startServiceHost(
      {
        context: 'scheduling',
        module: (rt) => ({
          module: StubSchedulingModule,
          imports: [RuntimeModule.forRoot(rt)],
          controllers: [StubScheduling],
        }),
      },
      { context: 'scheduling', mode, logger: quiet, config, office } as unknown as ServiceRuntime,
    );
    host = await startServiceHost(notificationService, {
      context: 'notification',
      config,
      office,
      mode,
      store,
      bus,
      rpc,
      clock: systemClock,
      logger: quiet,
    });
    await host.startRelay();
  });

  afterAll(async () => {
    await host?.close();
    await scheduling?.close();
    await bus?.close();
    await publisher?.close();
    await rpc?.close();
    await store?.close();
    await sink?.close();
    await db?.drop();
    await pg?.stop();
    await nats?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const alerts = () => rpc.request<NotificationAlerts>(NotificationPatterns.alerts, {});

  it('R62: a staff mail the server refuses (550) is in notification.alerts, raised once', async () => {
    sink.refuse(STAFF, { code: 550, message: '5.1.1 Mailbox does not exist' });
    const now = new Date().toISOString();
    const review: EventEnvelope = {
      eventId: 'review-nats-1:NoShowReviewRequested',
      context: 'eligibility',
      type: 'NoShowReviewRequested',
      streamId: 'seeker-skr_nats',
      revision: 3,
      position: '41',
      recordedAt: now,
      data: {
        seekerId: 'skr_nats',
        reviewId: 'review-nats-1',
        reason: 'no_shows',
        noShows: 2,
        since: now,
        threshold: 2,
        windowDays: 180,
        reservationId: 'r-nats-ns',
        requestedAt: now,
      },
      metadata: { correlationId: 'c-nats-1', schemaVersion: 1 },
    };
    await publisher.publish([review]);
    const listed = await eventually(
      async () => (await alerts()).undeliverableMail.find((a) => a.reservationId === 'r-nats-ns'),
      { what: 'the undeliverable staff mail in the alerts', timeoutMs: 15_000 },
    );
    expect(listed).toMatchObject({
      template: 'staff-no-show-review',
      recipient: 'staff',
      permanent: true,
      responseCode: 550,
      attempts: 1,
      sourceEventId: review.eventId,
    });
    expect(listed.reason).toBe('550 <…>: 5.1.1 Mailbox does not exist');

    // Refused once and raised once: no retries of a refusal, no mail about the staff mail.
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.refusals.filter((r) => r.address === STAFF)).toHaveLength(1);
    expect((await alerts()).undeliverableMail.filter((a) => a.reservationId === 'r-nats-ns')).toHaveLength(1);
  });

  it('R62: a poison message on the bus is a dead-letter alert (consumer, event type, reason), without its body', async () => {
    // Not an event: no metadata. The staff mail consumer moves it to DEAD_LETTERS at once.
    const poison = {
      eventId: 'poison-nats-1',
      context: 'eligibility',
      type: 'NoShowReviewRequested',
      data: { email: 'someone@example.jp' },
    } as unknown as EventEnvelope;
    await publisher.publish([poison]);
    const letter = await eventually(
      async () => (await alerts()).deadLetters.find((l) => l.eventId === 'poison-nats-1'),
      { what: 'the dead letter in the alerts', timeoutMs: 15_000 },
    );
    expect(letter).toMatchObject({
      consumer: STAFF_MAIL_DURABLE,
      subject: 'events.eligibility.NoShowReviewRequested',
      context: 'eligibility',
      eventType: 'NoShowReviewRequested',
    });
    expect(letter.reason).toContain('PoisonMessageError');
    expect(JSON.stringify(letter)).not.toContain('someone@example.jp');

    await expect(
      rpc.request(NotificationPatterns.resolveAlert, { alertId: letter.id, actor: 'staff:sato' }),
    ).resolves.toMatchObject({ kind: 'dead-letter' });
    expect((await alerts()).deadLetters.find((l) => l.id === letter.id)).toBeUndefined();
  });
});
