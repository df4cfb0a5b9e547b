// The notification service's inbound SMTP server (R61) as it runs, with a real event
// store (PGlite), real SMTP both ways (nodemailer in, an SMTP sink out) and scheduling
// and eligibility as small handlers on the in-process hub. What the embedded-system
// test cannot easily stage: scheduling down (451, then the retry confirms), a consent
// that races a web consent, auto-replies, and a restart that still knows what it handled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { PgliteEventStore, type EventStore } from '@soudan/event-store';
import { EligibilityPatterns } from '@soudan/eligibility-contracts';
import {
  createRpcClient,
  InProcessEventBus,
  InProcessHub,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { NotificationEventTypes, NotificationPatterns, type UnreadableReplyView } from '@soudan/notification-contracts';
import { offerReplyAddress } from '@soudan/notification-domain';
import {
  createLogger,
  NAMERIKAWA,
  embeddedPrincipalKeys,
  readConfig,
  startServiceHost,
  type ServiceHost,
  type SoudanConfig,
} from '@soudan/platform';
import { SchedulingPatterns, type OfferForReply } from '@soudan/scheduling-contracts';
import { eventually, freePort, startSmtpSink, type SmtpSink } from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { INBOUND_STREAM_PREFIX } from './inbound-reply.log';
import { notificationService } from './notification.service';
import { replyTagger } from './reply-address';

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const header = (mail: ParsedMail, name: string) => mail.headers.get(name) as string | undefined;
const DOMAIN = 'namerikawa.hellowork.example';
const PSEUDONYM_KEY = 'a'.repeat(64);

describe('notification: e-mail replies to offers over SMTP (R13, R61, R62)', () => {
  let store: EventStore;
  let sink: SmtpSink;
  let bus: InProcessEventBus;
  let rpc: RpcClient;
  let host: ServiceHost;
  let config: SoudanConfig;
  let dataDir: string;
  let inboundPort: number;
  const hub = new InProcessHub();
  const mode: MessagingMode = { kind: 'in-process', hub };
  const clock = new ManualClock('2026-12-01T00:00:00.000Z');
  const tag = replyTagger(Buffer.from(PSEUDONYM_KEY, 'hex'));
  const office = { ...NAMERIKAWA, publicBaseUrl: 'https://soudan.example.jp' };

  // What scheduling knows and does; each test sets its reservations.
  const offers = new Map<string, OfferForReply>();
  const consents: Array<{
    reservationId: string;
    slot: string;
    termsVersion: string;
    channel: string;
    seekerId: string;
  }> = [];
  let consentAnswer: (reservationId: string) => { code: string; status: number } | undefined = () => undefined;

  const slotA = '2026-12-09T01:00:00.000Z';
  const slotB = '2026-12-10T05:30:00.000Z';
  const offer = (reservationId: string, seekerId: string): OfferForReply => ({
    reservationId,
    seekerId,
    status: 'offered',
    offered: [
      { start: slotA, deadline: '2026-12-08T14:59:59.999Z' },
      { start: slotB, deadline: '2026-12-09T14:59:59.999Z' },
    ],
    termsVersion: '2023-04-01',
    slot: null,
  });

  const start = async () => {
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
  };

  beforeAll(async () => {
    store = await PgliteEventStore.open();
    sink = await startSmtpSink();
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-inbound-'));
    inboundPort = await freePort();
    hub.register(EligibilityPatterns.getContact, (request, respond) => {
      const { seekerId } = request.data as { seekerId: string };
      const email = `${seekerId}@example.jp`;
      respond({ response: { erased: false, name: '滑川 太郎', email, language: 'ja' }, isDisposed: true });
    });
    hub.register(SchedulingPatterns.officeForMail, (_request, respond) =>
      respond({ response: office, isDisposed: true }),
    );
    hub.register(SchedulingPatterns.offerForReply, (request, respond) => {
      const found = offers.get((request.data as { reservationId: string }).reservationId);
      if (!found)
        respond({
          err: { code: 'RESERVATION_NOT_FOUND', message: 'no such reservation', status: 404 },
          isDisposed: true,
        });
      else respond({ response: JSON.parse(JSON.stringify(found)), isDisposed: true });
    });
    hub.register(SchedulingPatterns.consent, (request, respond) => {
      const p = request.data as (typeof consents)[number];
      const refusal = consentAnswer(p.reservationId);
      if (refusal) return respond({ err: { ...refusal, message: refusal.code }, isDisposed: true });
      consents.push({
        reservationId: p.reservationId,
        slot: p.slot,
        termsVersion: p.termsVersion,
        channel: p.channel,
        seekerId: p.seekerId,
      });
      const current = offers.get(p.reservationId)!;
      offers.set(p.reservationId, { ...current, status: 'confirmed', slot: p.slot });
      respond({ response: { status: 'confirmed' }, isDisposed: true });
    });
    bus = new InProcessEventBus({ backoffMs: [50], duplicateWindowMs: 0 });
    // Asks as the gateway would (issue 9: signed principals), for whoever the request names.
    rpc = await createRpcClient(mode, {
      timeoutMs: 2000,
      principal: signAsRequestsSay(embeddedPrincipalKeys().privateKey),
    });
    config = readConfig('embedded', {
      SMTP_URL: sink.url,
      DATA_DIR: dataDir,
      MAIL_FROM: `ハローワーク滑川 <online-soudan@${DOMAIN}>`,
      PSEUDONYM_KEY,
      ENCRYPTION_KEY: 'b'.repeat(64),
      INBOUND_SMTP_PORT: String(inboundPort),
    });
    await start();
  });

  afterAll(async () => {
    await host?.close();
    await bus?.close();
    await rpc?.close();
    await sink?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (options: {
    from: string;
    to: string;
    text: string;
    messageId: string;
    headers?: Record<string, string>;
    envelope?: { from: string; to: string };
  }) =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true })
      .sendMail({ subject: 'Re: ご案内', ...options });
  const addressOf = (reservationId: string) => offerReplyAddress(reservationId, DOMAIN, tag);
  const recorded = async (type: string) =>
    (await store.readAll({ limit: 1000 })).filter(
      (e) => e.streamId.startsWith(INBOUND_STREAM_PREFIX) && e.type === type,
    );
  /**
   * The records of one reservation, once reads of "all" show at least one (another test
   * file's open transaction on the shared server can hold a fresh commit back a moment).
   */
  const recordedFor = (type: string, reservationId: string) =>
    eventually(
      async () => {
        const found = (await recorded(type)).filter(
          (e) => (e.data as { reservationId: string }).reservationId === reservationId,
        );
        return found.length > 0 ? found : undefined;
      },
      { what: `${type} of ${reservationId}` },
    );
  const answersFor = (reservationId: string) =>
    sink.messages.filter((m) => header(m, 'x-soudan-reservation') === reservationId);

  it('R61: an address made with another key is refused at RCPT TO (550)', async () => {
    offers.set('r-key', offer('r-key', 's-key'));
    const otherKey = replyTagger(Buffer.from('c'.repeat(64), 'hex'));
    await expect(
      send({
        from: 's-key@example.jp',
        to: offerReplyAddress('r-key', DOMAIN, otherKey),
        text: '1',
        messageId: '<key@example.jp>',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(consents).toEqual([]);
  });

  it("R61/R62: scheduling down answers 451 and records nothing; the retry of the same message confirms, with channel email and the offer's terms", async () => {
    offers.set('r-retry', offer('r-retry', 's-retry'));
    consentAnswer = (id) => (id === 'r-retry' ? { code: 'UPSTREAM_TIMEOUT', status: 503 } : undefined);
    const message = {
      from: 's-retry@example.jp',
      to: addressOf('r-retry'),
      text: '2',
      messageId: '<retry@example.jp>',
    };
    await expect(send(message)).rejects.toMatchObject({ responseCode: 451 });
    expect(await recorded(NotificationEventTypes.InboundReplyConfirmed)).toEqual([]);
    consentAnswer = () => undefined;
    await send(message);
    expect(consents).toContainEqual({
      reservationId: 'r-retry',
      slot: slotB,
      termsVersion: '2023-04-01',
      channel: 'email',
      seekerId: 's-retry',
    });
    const [confirmed] = await recordedFor(NotificationEventTypes.InboundReplyConfirmed, 'r-retry');
    expect(confirmed.data).toEqual({
      messageId: '<retry@example.jp>',
      receivedAt: clock.now().toISOString(),
      reservationId: 'r-retry',
      slot: slotB,
    });
    expect(answersFor('r-retry')).toEqual([]);
  });

  it('R50/R61: a reply whose Message-ID holds a NUL and whose subject an unpaired surrogate is recorded for staff, once', async () => {
    offers.set('r-hostile', offer('r-hostile', 's-hostile'));
    const raw = Buffer.concat([
      Buffer.from(`From: s-hostile@example.jp\r\nTo: ${addressOf('r-hostile')}\r\nMessage-ID: <evil`),
      Buffer.from([0]),
      Buffer.from('@example.jp>\r\nSubject: =?UTF-16BE?B?2AAAQQ==?= ご案内\r\n\r\nよろしくお願いします\r\n'),
    ]);
    const deliver = () =>
      nodemailer
        .createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 's-hostile@example.jp', to: [addressOf('r-hostile')] }, raw });
    // Accepted (250), not 451 for ever: the sending server would retry it for days.
    await deliver();
    await deliver();
    const unreadable = await recordedFor(NotificationEventTypes.InboundReplyUnreadable, 'r-hostile');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0].data).toMatchObject({
      messageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      reason: 'no-choice',
      subject: '\ufffdA ご案内',
    });
  });

  it('R13: a reply that loses the race to a web consent for another slot is refused as already booked', async () => {
    offers.set('r-race', offer('r-race', 's-race'));
    consentAnswer = (id) => {
      if (id !== 'r-race') return undefined;
      offers.set('r-race', { ...offers.get('r-race')!, status: 'confirmed', slot: slotA });
      return { code: 'INVALID_STATE', status: 409 };
    };
    await send({ from: 's-race@example.jp', to: addressOf('r-race'), text: '2', messageId: '<race@example.jp>' });
    consentAnswer = () => undefined;
    const [answer] = await eventually(async () => (answersFor('r-race').length ? answersFor('r-race') : undefined));
    expect(header(answer, 'x-soudan-template')).toBe('reply-refused');
    expect(answer.text).toContain('すでに 2026年12月9日(水) 10:00〜10:30 でご予約が確定しています');
    expect(answer.replyTo?.text).toBe(addressOf('r-race'));
    const refused = (await recordedFor(NotificationEventTypes.InboundReplyRefused, 'r-race'))[0];
    expect(refused?.data).toMatchObject({ reason: 'already-confirmed', code: 'INVALID_STATE', slot: slotB });
  });

  it('R61: an out-of-office answer or a bounce never confirms and is not answered; it waits for staff', async () => {
    offers.set('r-auto', offer('r-auto', 's-auto'));
    await send({
      from: 's-auto@example.jp',
      to: addressOf('r-auto'),
      text: '1',
      messageId: '<ooo@example.jp>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({
      from: 'MAILER-DAEMON@example.jp',
      to: addressOf('r-auto'),
      text: '1',
      messageId: '<bounce@example.jp>',
      envelope: { from: '', to: addressOf('r-auto') },
    });
    const queue = await rpc.request<UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, {});
    expect(queue.filter((r) => r.reservationId === 'r-auto').map((r) => r.reason)).toEqual([
      'auto-reply',
      'auto-reply',
    ]);
    expect(consents.filter((c) => c.reservationId === 'r-auto')).toEqual([]);
    expect(answersFor('r-auto')).toEqual([]);
  });

  it('R61: a later reply that confirms takes the earlier unreadable one out of the staff queue', async () => {
    offers.set('r-fixed', offer('r-fixed', 's-fixed'));
    await send({
      from: 's-fixed@example.jp',
      to: addressOf('r-fixed'),
      text: 'よろしくお願いします',
      messageId: '<fixed-1@example.jp>',
    });
    expect(
      (await rpc.request<UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, {})).some(
        (r) => r.reservationId === 'r-fixed',
      ),
    ).toBe(true);
    clock.advance(60_000);
    await send({
      from: 's-fixed@example.jp',
      to: addressOf('r-fixed'),
      text: '1番',
      messageId: '<fixed-2@example.jp>',
    });
    expect(
      (await rpc.request<UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, {})).some(
        (r) => r.reservationId === 'r-fixed',
      ),
    ).toBe(false);
  });

  it('R62: after a restart the same Message-ID is still recognised and the staff queue is rebuilt from the store', async () => {
    offers.set('r-restart', offer('r-restart', 's-restart'));
    await send({
      from: 's-restart@example.jp',
      to: addressOf('r-restart'),
      text: '？',
      messageId: '<restart@example.jp>',
    });
    await host.close();
    await start();
    const queue = await eventually(async () => {
      const rows = await rpc.request<UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, {});
      return rows.some((r) => r.reservationId === 'r-restart') ? rows : undefined;
    });
    expect(queue.filter((r) => r.reservationId === 'r-restart')).toHaveLength(1);
    await send({
      from: 's-restart@example.jp',
      to: addressOf('r-restart'),
      text: '1',
      messageId: '<restart@example.jp>',
    });
    expect(consents.filter((c) => c.reservationId === 'r-restart')).toEqual([]);
    expect(answersFor('r-restart')).toHaveLength(1);
  });
});
