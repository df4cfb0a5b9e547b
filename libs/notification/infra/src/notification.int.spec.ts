// The notification service as it runs (its Nest module, consumer and SMTP mailer) on
// the in-process bus, with a real event store (PGlite) and a real SMTP server. The
// other services are small handlers on the hub answering eligibility.contact.get,
// scheduling.reservations.open and scheduling.terms.current.
//
// The store handed to the service forgets what its inbox is told: a redelivery then
// reaches the handler, as after a crash between the mail and the inbox entry, so what
// these tests show of R62 is the notification ledger's doing.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
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
  type EventEnvelope,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { NotificationEventTypes } from '@soudan/notification-contracts';
import { createLogger, NAMERIKAWA, readConfig, startServiceHost, type ServiceHost } from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { eventually, freePort, startSmtpSink, type SmtpSink } from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { notificationStream } from './delivery-ledger';
import { notificationService } from './notification.service';

/** A TCP relay to the SMTP sink that can be switched off: "the mail server is down". */
class SwitchableRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly targetPort: number) {}

  async up(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

type Contact = GetContactResult;

/** R71: a second office, with its own sender. */
const IIDABASHI = {
  ...NAMERIKAWA,
  code: '13010',
  name: 'ハローワーク飯田橋',
  phone: '03-3812-8609',
  hours: { open: '09:00', close: '17:00', slotMinutes: 30 },
  senderAddress: 'online-soudan@iidabashi.hellowork.example',
  publicBaseUrl: 'https://soudan.example.jp',
};

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const header = (mail: ParsedMail, name: string) => mail.headers.get(name) as string | undefined;
const recipient = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : undefined);

describe('notification: seeker e-mails from scheduling events (R60, R31, R62)', () => {
  let store: EventStore;
  let sink: SmtpSink;
  let relay: SwitchableRelay;
  let bus: InProcessEventBus;
  let rpc: RpcClient;
  let host: ServiceHost;
  let dataDir: string;
  const hub = new InProcessHub();
  /** R71: reservations of another office than the one the service runs with. */
  const officeOfReservation = new Map<string, typeof IIDABASHI>();
  const mailOffice = {
    ...NAMERIKAWA,
    publicBaseUrl: 'https://soudan.example.jp',
    meetingApp: { name: 'Tele office', termsUrl: 'https://teleoffice.example/terms' },
  };
  const mode: MessagingMode = { kind: 'in-process', hub };
  const clock = new ManualClock('2026-12-01T00:00:00.000Z');

  // What the other services answer; each test sets its own seekers and reservations.
  const contacts = new Map<string, Contact>();
  const contactAsked: string[] = [];
  let contactFailures = new Map<string, number>();
  let whenAsked: (seekerId: string) => void = () => undefined;
  let openReservations: Array<{
    reservationId: string;
    seekerId: string;
    status: string;
    slot: string | null;
    officeCode?: string;
  }> = [];

  beforeAll(async () => {
    store = await PgliteEventStore.open();
    sink = await startSmtpSink();
    relay = new SwitchableRelay(sink.port);
    await relay.up();
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-notification-'));

    hub.register(EligibilityPatterns.getContact, (request, respond) => {
      const { seekerId } = request.data as { seekerId: string };
      contactAsked.push(seekerId);
      whenAsked(seekerId);
      const failures = contactFailures.get(seekerId) ?? 0;
      if (failures > 0) {
        contactFailures.set(seekerId, failures - 1);
        respond({
          err: { code: 'UPSTREAM_TIMEOUT', message: 'eligibility did not answer in time', status: 503 },
          isDisposed: true,
        });
        return;
      }
      const contact = contacts.get(seekerId);
      if (!contact)
        respond({ err: { code: 'SEEKER_NOT_FOUND', message: 'no such seeker', status: 404 }, isDisposed: true });
      else respond({ response: contact, isDisposed: true });
    });
    // R71: every reservation of these tests is Namerikawa's (the office the service runs with).
    hub.register(SchedulingPatterns.officeForMail, (request, respond) => {
      const { reservationId, code } = request.data as { reservationId?: string; code?: string };
      const office =
        (reservationId && officeOfReservation.get(reservationId)) || (code === IIDABASHI.code && IIDABASHI);
      respond({ response: office || mailOffice, isDisposed: true });
    });
    hub.register(SchedulingPatterns.openReservations, (_request, respond) =>
      respond({ response: JSON.parse(JSON.stringify(openReservations)), isDisposed: true }),
    );
    hub.register(SchedulingPatterns.currentTerms, (_request, respond) =>
      respond({
        response: {
          version: '2023-04-01',
          effectiveFrom: '2023-03-31T15:00:00.000Z',
          body: '# オンライン職業相談等利用規約',
          changeSummary: '制定',
          upcoming: [],
        },
        isDisposed: true,
      }),
    );

    bus = new InProcessEventBus({ backoffMs: [50, 100, 200], duplicateWindowMs: 0 });
    rpc = await createRpcClient(mode, { timeoutMs: 2000 });
    const forgetfulStore: EventStore = {
      append: (...args) => store.append(...args),
      readStream: (...args) => store.readStream(...args),
      readAll: (...args) => store.readAll(...args),
      subscribe: (...args) => store.subscribe(...args),
      checkpoints: store.checkpoints,
      inbox: { has: async () => false, add: async () => undefined },
      snapshots: store.snapshots,
      ping: () => store.ping(),
      close: async () => undefined,
    };
    const config = readConfig('embedded', {
      SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
      DATA_DIR: dataDir,
      MAIL_FROM: 'ハローワーク滑川 <online-soudan@namerikawa.hellowork.example>',
    });
    const office = mailOffice;
    host = await startServiceHost(notificationService, {
      context: 'notification',
      config,
      office,
      mode,
      store: forgetfulStore,
      bus,
      rpc,
      clock,
      logger: quiet,
    });
  });

  afterAll(async () => {
    await host?.close();
    await bus?.close();
    await rpc?.close();
    await relay?.down();
    await sink?.close();
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let sequence = 0;
  const envelope = (
    type: string,
    data: Record<string, unknown>,
    eventId = `${String(data.reservationId ?? 'x')}:${type}`,
  ): EventEnvelope => ({
    eventId,
    context: 'scheduling',
    type,
    streamId: `reservation-${String(data.reservationId ?? 'terms')}`,
    revision: 0,
    position: String(++sequence),
    recordedAt: clock.now().toISOString(),
    data,
    metadata: { correlationId: `c-${sequence}`, schemaVersion: 1 },
  });
  // The seeker's mails: the staff mail about the same event (R60, staff-mail.consumer.ts) has its own tests.
  const mailsFor = (reservationId: string) =>
    sink.messages.filter(
      (m) =>
        !(header(m, 'x-soudan-template') ?? '').startsWith('staff-') &&
        (header(m, 'x-soudan-reservation') ?? '').split(', ').includes(reservationId),
    );
  const ledger = (streamId: string) => store.readStream(streamId);

  const slot = '2026-12-09T01:00:00.000Z';
  const meetingUrl = 'https://soudan.example.jp/join/tok-1';
  const eventsFor = (r: string, seekerId: string): Array<[string, Record<string, unknown>, string]> => [
    [
      'ReservationRequested',
      { reservationId: `${r}-req`, seekerId, desiredSlots: [slot], language: 'ja' },
      'request-received',
    ],
    [
      'ReservationOffered',
      {
        reservationId: `${r}-off`,
        seekerId,
        slots: [{ start: slot, deadline: '2026-12-08T14:59:59.999Z' }],
        termsVersion: '2023-04-01',
        offeredBy: 'staff:sato',
        offeredAt: clock.now().toISOString(),
      },
      'reservation-offered',
    ],
    [
      'ReservationConfirmed',
      {
        reservationId: `${r}-con`,
        seekerId,
        slot,
        end: '2026-12-09T01:30:00.000Z',
        termsVersion: '2023-04-01',
        channel: 'web',
        consentAt: clock.now().toISOString(),
        meetingUrl,
        joinToken: 'tok-1',
        roomUrl: 'https://meet.example/room/1',
      },
      'reservation-confirmed',
    ],
    [
      'ReminderDue',
      { reservationId: `${r}-rem`, seekerId, slot, meetingUrl, at: clock.now().toISOString() },
      'reminder',
    ],
    [
      'ReservationCancelled',
      {
        reservationId: `${r}-can`,
        seekerId,
        slot,
        by: 'staff:sato',
        channel: 'phone',
        cancelledAt: clock.now().toISOString(),
      },
      'reservation-cancelled',
    ],
    [
      'ReservationLapsed',
      { reservationId: `${r}-lap`, seekerId, lapsedAt: clock.now().toISOString() },
      'reservation-lapsed',
    ],
    [
      'ReservationRejected',
      { reservationId: `${r}-rej`, seekerId, reason: 'x', by: 'staff:sato', rejectedAt: clock.now().toISOString() },
      'reservation-rejected',
    ],
    [
      'AnswerOverdue',
      {
        reservationId: `${r}-ovd`,
        seekerId,
        answerDueBy: clock.now().toISOString(),
        flaggedAt: clock.now().toISOString(),
      },
      'answer-overdue',
    ],
    [
      'SessionNoShow',
      { reservationId: `${r}-nos`, seekerId, slot, recordedAt: clock.now().toISOString() },
      'session-no-show',
    ],
  ];

  it('R60: each scheduling event sends one mail with its template to the seeker, recorded as sent', async () => {
    contacts.set('seeker-ja', { erased: false, name: '滑川 太郎', email: 'taro@example.jp', language: 'ja' });
    const events = eventsFor('r60', 'seeker-ja');
    await bus.publish(events.map(([type, data]) => envelope(type, data)));
    for (const [type, data, template] of events) {
      const mails = mailsFor(data.reservationId as string);
      expect({ type, count: mails.length }).toEqual({ type, count: 1 });
      const [mail] = mails;
      expect(header(mail, 'x-soudan-template')).toBe(template);
      expect(recipient(mail)).toBe('taro@example.jp');
      expect(mail.subject).toMatch(/^【ハローワーク滑川】/);
      const [recorded] = await ledger(notificationStream(`${data.reservationId as string}:${type}`));
      expect(recorded.type).toBe(NotificationEventTypes.NotificationSent);
      expect(recorded.data).toMatchObject({ template, seekerId: 'seeker-ja', reservationId: data.reservationId });
    }
  });

  it('R13/R60: the offer has its per-offer Reply-To and the terms attached; the confirmation an iCalendar file', async () => {
    const [offer] = mailsFor('r60-off');
    expect(offer.replyTo?.text).toMatch(/^offer-r60-off-[0-9a-f]{20}@namerikawa\.hellowork\.example$/);
    expect(offer.text).toContain('回答期限: 2026年12月8日(火) 23:59');
    expect(offer.text).toContain('Tele office 利用規約: https://teleoffice.example/terms');
    expect(offer.attachments.map((a) => a.filename)).toEqual(['terms-2023-04-01.txt']);
    const [confirmation] = mailsFor('r60-con');
    const ics = confirmation.attachments.find((a) => a.contentType === 'text/calendar');
    expect(ics?.filename).toBe('online-soudan.ics');
    const content = ics?.content.toString('utf8') ?? '';
    expect(content).toContain('UID:reservation-r60-con@namerikawa.hellowork.example');
    expect(content).toContain('DTSTART;TZID=Asia/Tokyo:20261209T100000');
    expect(confirmation.text).toContain('■ 参加用URL: https://soudan.example.jp/join/tok-1');
  });

  it("R71: a reservation of another office is mailed in that office's name, phone, hours and sender", async () => {
    contacts.set('seeker-13010', { erased: false, name: '飯田 花子', email: 'hanako@example.jp', language: 'ja' });
    const [request, offer] = eventsFor('r71', 'seeker-13010');
    officeOfReservation.set('r71-req', IIDABASHI);
    officeOfReservation.set('r71-off', IIDABASHI);
    await bus.publish([envelope(request[0], request[1]), envelope(offer[0], offer[1])]);
    const [received] = mailsFor('r71-req');
    expect(received.subject).toMatch(/^【ハローワーク飯田橋】/);
    expect(received.text).toContain('TEL 03-3812-8609（相談時間 09:00〜17:00');
    expect(received.text).not.toContain('滑川');
    expect(received.from?.text).toBe(IIDABASHI.senderAddress);
    const [offered] = mailsFor('r71-off');
    expect(offered.subject).toMatch(/^【ハローワーク飯田橋】/);
    expect(offered.text).not.toContain('滑川');
  });

  it('R60: English for a seeker who chose it', async () => {
    contacts.set('seeker-en', { erased: false, name: 'Taro Namerikawa', email: 'taro.en@example.jp', language: 'en' });
    const [, offer] = eventsFor('r60en', 'seeker-en');
    await bus.publish([envelope(offer[0], offer[1])]);
    const [mail] = mailsFor('r60en-off');
    expect(mail.subject).toBe('[ハローワーク滑川] Online consultation: please choose a slot');
    expect(mail.text).toContain('Dear Taro Namerikawa,');
  });

  it('R62: the same event delivered twice sends one mail', async () => {
    contacts.set('seeker-twice', { erased: false, name: '二重 配信', email: 'twice@example.jp', language: 'ja' });
    const [, , confirmed] = eventsFor('r62', 'seeker-twice');
    const event = envelope(confirmed[0], confirmed[1]);
    await bus.publish([event]);
    await bus.publish([event]);
    await bus.publish([{ ...event, position: '999' }]);
    expect(mailsFor('r62-con')).toHaveLength(1);
    expect(await ledger(notificationStream(event.eventId))).toHaveLength(1);
  });

  it('R31: a terms change with three open reservations of two seekers sends two mails, and none more when delivered again', async () => {
    contacts.set('seeker-t1', { erased: false, name: '規約 一郎', email: 't1@example.jp', language: 'ja' });
    contacts.set('seeker-t2', { erased: false, name: 'Terms Two', email: 't2@example.jp', language: 'en' });
    openReservations = [
      { reservationId: 'rt-1', seekerId: 'seeker-t1', status: 'confirmed', slot },
      { reservationId: 'rt-2', seekerId: 'seeker-t2', status: 'requested', slot: null },
      { reservationId: 'rt-3', seekerId: 'seeker-t1', status: 'offered', slot: null },
    ];
    const change = envelope(
      'TermsChanged',
      {
        version: '2027-01-01',
        previousVersion: '2023-04-01',
        effectiveFrom: '2026-12-31T15:00:00.000Z',
        changeSummary: '第4条を変更',
        announcedAt: clock.now().toISOString(),
      },
      'terms-16070-2027-01-01:TermsChanged',
    );
    await bus.publish([change]);
    await bus.publish([change]);
    const mails = sink.messages.filter((m) => header(m, 'x-soudan-template') === 'terms-changed');
    expect(mails.map(recipient).sort()).toEqual(['t1@example.jp', 't2@example.jp']);
    const [first, second] = ['t1@example.jp', 't2@example.jp'].map((to) => mails.find((m) => recipient(m) === to));
    expect(first && header(first, 'x-soudan-reservation')).toBe('rt-1, rt-3');
    expect(first?.text).toContain('■ 効力発生日: 2027年1月1日(金)');
    expect(second?.text).toContain('Effective from: Fri 1 Jan 2027');
    expect(contactAsked.filter((s) => s === 'seeker-t1')).toHaveLength(1);
    const [listed] = await ledger(notificationStream(change.eventId));
    expect(listed.type).toBe(NotificationEventTypes.RecipientsListed);
  });

  it("R73: an office's new terms are announced to that office's seekers only, in its name", async () => {
    contacts.set('seeker-o1', { erased: false, name: '滑川 一', email: 'o1@example.jp', language: 'ja' });
    contacts.set('seeker-o2', { erased: false, name: '飯田 二', email: 'o2@example.jp', language: 'ja' });
    openReservations = [
      { reservationId: 'ro-1', seekerId: 'seeker-o1', status: 'confirmed', slot, officeCode: '16070' },
      { reservationId: 'ro-2', seekerId: 'seeker-o2', status: 'requested', slot: null, officeCode: '13010' },
    ];
    const change = {
      ...envelope(
        'TermsChanged',
        {
          version: '2027-02-01',
          previousVersion: '2023-04-01',
          effectiveFrom: '2027-01-31T15:00:00.000Z',
          changeSummary: '第5条を変更',
          announcedAt: clock.now().toISOString(),
        },
        'terms-13010-2027-02-01:TermsChanged',
      ),
      streamId: 'terms-13010',
    };
    await bus.publish([change]);
    const mails = sink.messages.filter(
      (m) => header(m, 'x-soudan-template') === 'terms-changed' && m.text?.includes('第5条を変更'),
    );
    expect(mails.map(recipient)).toEqual(['o2@example.jp']);
    expect(mails[0].subject).toMatch(/^【ハローワーク飯田橋】/);
  });

  it('R31/R62: a terms change that fails midway mails nobody twice and skips nobody, even if reservations closed meanwhile', async () => {
    for (const id of ['a', 'b', 'c'])
      contacts.set(`seeker-m${id}`, { erased: false, name: `途中 ${id}`, email: `m${id}@example.jp`, language: 'ja' });
    openReservations = ['a', 'b', 'c'].map((id) => ({
      reservationId: `rm-${id}`,
      seekerId: `seeker-m${id}`,
      status: 'confirmed',
      slot,
    }));
    // b's contact cannot be read at first: a's mail is out, b's and c's are not. Meanwhile
    // c's reservation ends; c was listed when the change was announced and is still owed the notice.
    contactFailures = new Map([['seeker-mb', 2]]);
    whenAsked = (seekerId) => {
      if (seekerId === 'seeker-mb') openReservations = openReservations.filter((r) => r.seekerId !== 'seeker-mc');
    };
    const change = envelope(
      'TermsChanged',
      {
        version: '2027-04-01',
        previousVersion: '2027-01-01',
        effectiveFrom: '2027-03-31T15:00:00.000Z',
        changeSummary: '第7条を変更',
        announcedAt: clock.now().toISOString(),
      },
      'terms-16070-2027-04-01:TermsChanged',
    );
    await bus.publish([change]);
    whenAsked = () => undefined;
    const to = sink.messages.filter((m) => header(m, 'x-soudan-template') === 'terms-changed').map(recipient);
    expect(to.filter((t) => t?.startsWith('m')).sort()).toEqual(['ma@example.jp', 'mb@example.jp', 'mc@example.jp']);
    expect(contactAsked.filter((s) => s === 'seeker-ma')).toHaveLength(1);
    expect(contactAsked.filter((s) => s === 'seeker-mb')).toHaveLength(3);
  });

  it('R54: an erased seeker gets no mail, and the skip is recorded so a redelivery asks nobody again', async () => {
    contacts.set('seeker-gone', { erased: true });
    const [, offer] = eventsFor('r54', 'seeker-gone');
    const event = envelope(offer[0], offer[1]);
    await bus.publish([event]);
    await bus.publish([event]);
    expect(mailsFor('r54-off')).toHaveLength(0);
    const records = await ledger(notificationStream(event.eventId));
    expect(records.map((r) => [r.type, (r.data as { reason: string }).reason])).toEqual([
      [NotificationEventTypes.NotificationSkipped, 'seeker-erased'],
    ]);
    expect(contactAsked.filter((s) => s === 'seeker-gone')).toHaveLength(1);
  });

  it('R60: a seeker eligibility does not know gets no mail, recorded as skipped, not dead-lettered', async () => {
    const [, , , , cancelled] = eventsFor('r54unknown', 'seeker-nobody');
    const event = envelope(cancelled[0], cancelled[1]);
    await bus.publish([event]);
    expect(mailsFor('r54unknown-can')).toHaveLength(0);
    const records = await ledger(notificationStream(event.eventId));
    expect(records.map((r) => (r.data as { reason: string }).reason)).toEqual(['seeker-unknown']);
    expect(await bus.deadLetters()).toEqual([]);
  });

  it('R60: a reminder for a session that is already over is skipped and recorded, not sent', async () => {
    contacts.set('seeker-late', { erased: false, name: '遅延 次郎', email: 'late@example.jp', language: 'ja' });
    const event = envelope('ReminderDue', {
      reservationId: 'r60late',
      seekerId: 'seeker-late',
      slot: '2026-11-20T01:00:00.000Z',
      meetingUrl,
      at: '2026-11-19T01:00:00.000Z',
    });
    await bus.publish([event]);
    expect(mailsFor('r60late')).toHaveLength(0);
    const records = await ledger(notificationStream(event.eventId));
    expect(records.map((r) => [r.type, (r.data as { reason: string }).reason])).toEqual([
      [NotificationEventTypes.NotificationSkipped, 'outdated'],
    ]);
    expect(contactAsked).not.toContain('seeker-late');
  });

  it('R62: with the mail server down the mail is retried, not recorded as sent, and sent once after it is back', async () => {
    contacts.set('seeker-smtp', { erased: false, name: '再送 花子', email: 'hanako@example.jp', language: 'ja' });
    const [, , , reminder] = eventsFor('r62smtp', 'seeker-smtp');
    const event = envelope(reminder[0], reminder[1]);
    await relay.down();
    const published = bus.publish([event]);
    await eventually(() => (contactAsked.filter((s) => s === 'seeker-smtp').length >= 3 ? true : undefined), {
      what: 'three failed attempts',
    });
    expect(await ledger(notificationStream(event.eventId))).toHaveLength(0);
    expect(mailsFor('r62smtp-rem')).toHaveLength(0);
    await relay.up();
    await published;
    expect(mailsFor('r62smtp-rem')).toHaveLength(1);
    expect((await ledger(notificationStream(event.eventId))).map((r) => r.type)).toEqual([
      NotificationEventTypes.NotificationSent,
    ]);
    expect(await bus.deadLetters()).toEqual([]);
  });
});
