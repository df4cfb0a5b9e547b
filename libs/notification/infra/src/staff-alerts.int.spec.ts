// R60/R62 with the notification service as it runs embedded: its Nest module, consumers
// and relay on the in-process bus, a real event store (PGlite) and a real SMTP server
// that refuses some recipients. Eligibility and scheduling are small handlers on the hub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ParsedMail } from 'mailparser';
import { PgliteEventStore, type EventStore } from '@soudan/event-store';
import { EligibilityPatterns, type GetContactResult } from '@soudan/eligibility-contracts';
import {
  createRpcClient,
  InProcessEventBus,
  InProcessHub,
  RpcError,
  type EventEnvelope,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import {
  NotificationEventTypes,
  NotificationPatterns,
  type MailUndeliverableV1,
  type NotificationAlerts,
  type ResolveAlertResult,
} from '@soudan/notification-contracts';
import {
  createLogger,
  embeddedPrincipalKeys,
  NAMERIKAWA,
  readConfig,
  startServiceHost,
  type ServiceHost,
} from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { eventually, startSmtpSink, type SmtpSink } from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { notificationStream, staffNotificationStream } from './delivery-ledger';
import { notificationService } from './notification.service';

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const header = (mail: ParsedMail, name: string) => mail.headers.get(name) as string | undefined;
const recipient = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : undefined);
const STAFF = 'soudan-staff@namerikawa.example';

describe('notification: staff mails and alerts on the embedded bus (R60, R62)', () => {
  let store: EventStore;
  let sink: SmtpSink;
  let bus: InProcessEventBus;
  let rpc: RpcClient;
  let host: ServiceHost;
  let dataDir: string;
  const hub = new InProcessHub();
  const mode: MessagingMode = { kind: 'in-process', hub };
  const clock = new ManualClock('2026-12-01T00:00:00.000Z');
  const contacts = new Map<string, GetContactResult>();

  beforeAll(async () => {
    store = await PgliteEventStore.open();
    sink = await startSmtpSink();
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-staff-alerts-'));
    hub.register(EligibilityPatterns.getContact, (request, respond) => {
      const contact = contacts.get((request.data as { seekerId: string }).seekerId);
      if (!contact)
        respond({ err: { code: 'SEEKER_NOT_FOUND', message: 'no such seeker', status: 404 }, isDisposed: true });
      else respond({ response: contact, isDisposed: true });
    });
    hub.register(SchedulingPatterns.officeForMail, (_request, respond) =>
      respond({
        response: { ...NAMERIKAWA, staffEmail: STAFF, publicBaseUrl: 'https://soudan.example.jp' },
        isDisposed: true,
      }),
    );
    hub.register(SchedulingPatterns.currentTerms, (_request, respond) =>
      respond({ response: { version: '2023-04-01', body: '# 利用規約', upcoming: [] }, isDisposed: true }),
    );
    // Backoff long enough to change the sink's mind between two attempts, short enough for a test.
    bus = new InProcessEventBus({ backoffMs: [100, 200, 300], duplicateWindowMs: 0 });
    // Asks as the gateway would (issue 9: signed principals), for whoever the request names.
    rpc = await createRpcClient(mode, {
      timeoutMs: 5000,
      principal: signAsRequestsSay(embeddedPrincipalKeys().privateKey),
    });
    const config = readConfig('embedded', {
      SMTP_URL: sink.url,
      DATA_DIR: dataDir,
      MAIL_FROM: 'ハローワーク滑川 <online-soudan@namerikawa.hellowork.example>',
      PSEUDONYM_KEY: 'a'.repeat(64),
      ENCRYPTION_KEY: 'b'.repeat(64),
    });
    const office = { ...NAMERIKAWA, staffEmail: STAFF, publicBaseUrl: 'https://soudan.example.jp' };
    host = await startServiceHost(notificationService, {
      context: 'notification',
      config,
      office,
      mode,
      store,
      bus,
      rpc,
      clock,
      logger: quiet,
    });
    // Its own relay too: undeliverable mail reaches the staff mail consumer as an event.
    await host.startRelay();
  });

  afterAll(async () => {
    await host?.close();
    await bus?.close();
    await rpc?.close();
    await sink?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let sequence = 0;
  const envelope = (type: string, data: Record<string, unknown>, context = 'scheduling'): EventEnvelope => ({
    eventId: `${String(data.reservationId ?? data.reviewId)}:${type}`,
    context,
    type,
    streamId: `reservation-${String(data.reservationId)}`,
    revision: 0,
    position: String(++sequence),
    recordedAt: clock.now().toISOString(),
    data,
    metadata: { correlationId: `c-${sequence}`, schemaVersion: 1 },
  });
  const offer = (reservationId: string, seekerId: string) =>
    envelope('ReservationOffered', {
      reservationId,
      seekerId,
      slots: [{ start: '2026-12-09T01:00:00.000Z', deadline: '2026-12-08T14:59:59.999Z' }],
      termsVersion: '2023-04-01',
      offeredBy: 'staff:sato',
      offeredAt: clock.now().toISOString(),
    });
  const staffMails = (template: string) =>
    sink.messages.filter((m) => recipient(m) === STAFF && header(m, 'x-soudan-template') === template);
  const alerts = () => rpc.request<NotificationAlerts>(NotificationPatterns.alerts, {});
  const resolve = (alertId: string, note?: string) =>
    rpc.request<ResolveAlertResult>(NotificationPatterns.resolveAlert, { alertId, actor: 'staff:sato', note });

  it('R62: a recipient refused with 550 is raised to staff at once: recorded, listed, e-mailed once, not dead-lettered', async () => {
    contacts.set('seeker-bad', { erased: false, name: '不達 太郎', email: 'nobody@example.jp', language: 'ja' });
    sink.refuse('nobody@example.jp', { code: 550 });
    const event = offer('r62-550', 'seeker-bad');
    await bus.publish([event]);

    expect(sink.refusals.filter((r) => r.address === 'nobody@example.jp')).toHaveLength(1);
    const [record] = await store.readStream(notificationStream(event.eventId));
    expect(record.type).toBe(NotificationEventTypes.MailUndeliverable);
    expect(record.data).toEqual({
      template: 'reservation-offered',
      recipient: 'seeker',
      seekerId: 'seeker-bad',
      reservationId: 'r62-550',
      sourceEventId: event.eventId,
      permanent: true,
      responseCode: 550,
      reason: expect.stringMatching(/^550 <…>: 5\.1\.1 Recipient address rejected: User unknown$/),
      attempts: 1,
      failedAt: '2026-12-01T00:00:00.000Z',
    } satisfies MailUndeliverableV1);
    expect(JSON.stringify(record.data)).not.toContain('nobody@example.jp');
    expect(await bus.deadLetters()).toEqual([]);

    // R60: one Japanese mail to the office's staff address, with no seeker address in it.
    const staffMail = await sink.waitFor(
      (m) => recipient(m) === STAFF && header(m, 'x-soudan-reservation') === 'r62-550',
      10_000,
    );
    expect(staffMail.subject).toBe(
      '【オンライン職業相談・職員用】求職者へのメールを配信できませんでした（受付番号 r62-550）',
    );
    expect(staffMail.text).toContain('■ メール: 日時のご案内（利用規約添付）');
    expect(staffMail.text).toContain('■ メールサーバーの応答: 550 <…>: 5.1.1 Recipient address rejected: User unknown');
    expect(staffMail.text).not.toContain('nobody@example.jp');

    const listed = await eventually(
      async () => (await alerts()).undeliverableMail.find((a) => a.reservationId === 'r62-550'),
      { what: 'the undeliverable mail in notification.alerts' },
    );
    expect(listed).toMatchObject({
      template: 'reservation-offered',
      recipient: 'seeker',
      permanent: true,
      responseCode: 550,
      attempts: 1,
    });
    expect(listed.id).toMatch(/^mail-[0-9a-f]{24}$/);

    // Delivered again: nothing sent, nothing raised, nobody e-mailed twice.
    await bus.publish([event]);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.refusals.filter((r) => r.address === 'nobody@example.jp')).toHaveLength(1);
    expect(await store.readStream(notificationStream(event.eventId))).toHaveLength(1);
    expect(
      sink.messages.filter((m) => recipient(m) === STAFF && header(m, 'x-soudan-reservation') === 'r62-550'),
    ).toHaveLength(1);
    expect((await alerts()).undeliverableMail.filter((a) => a.reservationId === 'r62-550')).toHaveLength(1);
  });

  it('R62: a recipient deferred with 450 is retried with backoff and raised after the last retry', async () => {
    contacts.set('seeker-busy', { erased: false, name: '保留 花子', email: 'busy@example.jp', language: 'ja' });
    sink.refuse('busy@example.jp', { code: 450 });
    const event = offer('r62-450', 'seeker-busy');
    const started = Date.now();
    await bus.publish([event]);
    // Five deliveries (the bus's limit), 100 + 200 + 300 + 300 ms apart.
    expect(sink.refusals.filter((r) => r.address === 'busy@example.jp')).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const [record] = await store.readStream(notificationStream(event.eventId));
    expect(record.data).toMatchObject({ permanent: false, responseCode: 450, attempts: 5 });
    expect(await bus.deadLetters()).toEqual([]);
    await sink.waitFor((m) => recipient(m) === STAFF && header(m, 'x-soudan-reservation') === 'r62-450', 10_000);
    expect((await sink.waitFor((m) => header(m, 'x-soudan-reservation') === 'r62-450', 1)).text).toContain(
      '保留し続けたため（5回試行）',
    );
  });

  it('R62: a deferral that clears before the last retry ends in one mail and no alert', async () => {
    contacts.set('seeker-later', { erased: false, name: '後で 届く', email: 'later@example.jp', language: 'ja' });
    sink.refuse('later@example.jp', { code: 451 });
    const event = offer('r62-451', 'seeker-later');
    const published = bus.publish([event]);
    await eventually(
      () => (sink.refusals.filter((r) => r.address === 'later@example.jp').length >= 2 ? true : undefined),
      { what: 'two deferred attempts', intervalMs: 20 },
    );
    sink.refuse('later@example.jp', undefined);
    await published;
    expect(sink.messages.filter((m) => recipient(m) === 'later@example.jp')).toHaveLength(1);
    expect((await store.readStream(notificationStream(event.eventId))).map((r) => r.type)).toEqual([
      NotificationEventTypes.NotificationSent,
    ]);
    expect((await alerts()).undeliverableMail.filter((a) => a.reservationId === 'r62-451')).toEqual([]);
  });

  it("R60: e-mails staff about an overdue request once, beside the seeker's own mail", async () => {
    contacts.set('seeker-wait', { erased: false, name: '待機 一郎', email: 'wait@example.jp', language: 'ja' });
    const event = envelope('AnswerOverdue', {
      reservationId: 'r60-ovd',
      seekerId: 'seeker-wait',
      answerDueBy: '2026-11-30T14:59:59.999Z',
      flaggedAt: '2026-11-30T15:00:00.000Z',
    });
    await bus.publish([event]);
    await bus.publish([event]);
    const toStaff = staffMails('staff-overdue-request').filter((m) => header(m, 'x-soudan-reservation') === 'r60-ovd');
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0].subject).toBe(
      '【オンライン職業相談・職員用】回答期限を過ぎたお申込みがあります（受付番号 r60-ovd）',
    );
    expect(toStaff[0].text).toContain('■ 回答期限: 2026年11月30日(月) 23:59');
    expect(toStaff[0].text).not.toMatch(/待機|wait@example\.jp|seeker-wait/);
    expect(
      sink.messages.filter(
        (m) => recipient(m) === 'wait@example.jp' && header(m, 'x-soudan-template') === 'answer-overdue',
      ),
    ).toHaveLength(1);
    const [sent] = await store.readStream(staffNotificationStream(event.eventId));
    expect(sent).toMatchObject({
      type: NotificationEventTypes.NotificationSent,
      data: { template: 'staff-overdue-request', recipient: 'staff', reservationId: 'r60-ovd' },
    });
  });

  it('R60: e-mails staff when eligibility asks for a no-show review (R19)', async () => {
    const event = envelope(
      'NoShowReviewRequested',
      {
        seekerId: 'seeker-ns',
        reviewId: 'review-r60',
        reason: 'no_shows',
        noShows: 2,
        since: '2026-10-01T01:00:00.000Z',
        threshold: 2,
        windowDays: 180,
        reservationId: 'r60-ns',
        requestedAt: '2026-11-30T01:10:00.000Z',
      },
      'eligibility',
    );
    await bus.publish([event]);
    await bus.publish([event]);
    const toStaff = staffMails('staff-no-show-review');
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0].text).toContain('180日以内に2回ありました');
    expect(toStaff[0].text).toContain('■ 確認番号: review-r60');
  });

  it('R60: news older than a week is not mailed to staff (a consumer catching up would flood the mailbox)', async () => {
    const event = envelope('AnswerOverdue', {
      reservationId: 'r60-old',
      seekerId: 'seeker-nobody',
      answerDueBy: '2026-11-01T14:59:59.999Z',
      flaggedAt: '2026-11-01T15:00:00.000Z',
    });
    await bus.publish([event]);
    expect(staffMails('staff-overdue-request').filter((m) => header(m, 'x-soudan-reservation') === 'r60-old')).toEqual(
      [],
    );
  });

  it('R62: a staff mail that cannot be delivered is listed for staff, but no mail about it is attempted', async () => {
    sink.refuse(STAFF, { code: 550 });
    try {
      const event = envelope('AnswerOverdue', {
        reservationId: 'r62-staff',
        seekerId: 'seeker-nobody',
        answerDueBy: '2026-11-30T14:59:59.999Z',
        flaggedAt: '2026-11-30T15:00:00.000Z',
      });
      await bus.publish([event]);
      const [record] = await store.readStream(staffNotificationStream(event.eventId));
      expect(record.data).toMatchObject({ template: 'staff-overdue-request', recipient: 'staff', permanent: true });
      const listed = await eventually(
        async () => (await alerts()).undeliverableMail.find((a) => a.reservationId === 'r62-staff'),
        { what: 'the staff mail in the alerts' },
      );
      expect(listed.recipient).toBe('staff');
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.refusals.filter((r) => r.address === STAFF)).toHaveLength(1);
    } finally {
      sink.refuse(STAFF, undefined);
    }
  });

  it('R62: a message a consumer gave up on is a dead-letter alert without its body; a supervisor resolves it once', async () => {
    contacts.set('seeker-poison', { erased: false, name: '毒 太郎', email: 'poison@example.jp', language: 'ja' });
    // An offer without slots: the template cannot be written, every attempt fails the same way.
    const poison = envelope('ReservationOffered', {
      reservationId: 'r62-poison',
      seekerId: 'seeker-poison',
      termsVersion: '2023-04-01',
      offeredBy: 'staff:sato',
      offeredAt: clock.now().toISOString(),
    });
    await bus.publish([poison]);
    const letter = (await alerts()).deadLetters.find((l) => l.eventId === poison.eventId);
    expect(letter).toMatchObject({
      consumer: 'notification',
      subject: 'events.scheduling.ReservationOffered',
      context: 'scheduling',
      eventType: 'ReservationOffered',
      deliveries: 5,
    });
    expect(JSON.stringify(letter)).not.toMatch(/seeker-poison|poison@example\.jp|payload/);

    const resolved = await resolve(letter!.id, '開発担当に連絡済み');
    expect(resolved).toMatchObject({ alertId: letter!.id, kind: 'dead-letter', resolvedBy: 'staff:sato' });
    expect((await alerts()).deadLetters.find((l) => l.id === letter!.id)).toBeUndefined();
    await expect(resolve(letter!.id)).rejects.toMatchObject({ code: 'ALERT_ALREADY_RESOLVED', status: 409 });
    const [recorded] = await store.readStream(`notification-alert-${letter!.id}`);
    expect(recorded.data).toMatchObject({ kind: 'dead-letter', resolvedBy: 'staff:sato', note: '開発担当に連絡済み' });
  });

  it('R62: an undeliverable mail leaves the alerts once resolved; an unknown alert is ALERT_NOT_FOUND', async () => {
    const mail = (await alerts()).undeliverableMail.find((a) => a.reservationId === 'r62-550');
    expect(mail).toBeDefined();
    await expect(resolve(mail!.id)).resolves.toMatchObject({ kind: 'undeliverable-mail' });
    expect((await alerts()).undeliverableMail.find((a) => a.id === mail!.id)).toBeUndefined();
    for (const id of ['mail-000000000000000000000000', 'dl-000000000000000000000000', 'nonsense']) {
      const error = await resolve(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'ALERT_NOT_FOUND', status: 404 });
    }
  });
});
