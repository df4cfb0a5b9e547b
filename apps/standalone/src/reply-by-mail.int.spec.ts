// R13/R61: consent by replying to the offer e-mail, on the whole system in one process.
// Real SMTP (nodemailer) to the inbound port of the notification service: a reply
// naming a slot confirms it, a late one is refused with a Japanese mail, one that
// names nothing (or comes from another address) lands in the staff queue, a made-up
// recipient is refused at RCPT TO, and the same Message-ID twice is handled once.
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { NotificationPatterns, type UnreadableReplyView } from '@soudan/notification-contracts';
import { createLogger, embeddedPrincipalKeys, readConfig } from '@soudan/platform';
import { SchedulingPatterns, type OfferForReply } from '@soudan/scheduling-contracts';
import { eventually, freePort } from '@soudan/testing';
import { BusinessCalendar, jstDateOf, ManualClock } from '@soudan/time';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

/** Asks the services as the gateway would for whoever the request names (the embedded pair's key). */
const asGateway = (system: EmbeddedSystem) => system.rpc.signing(signAsRequestsSay(embeddedPrincipalKeys().privateKey));

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const SUPERVISOR_PASSWORD = 'Hayatsuki-river-42!';
const calendar = new BusinessCalendar();
const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

function slotOn(lead: number, hhmm: string): string {
  const date = calendar.addBusinessDays(jstDateOf(new Date()), lead);
  return `${date}T${hhmm}:00+09:00`;
}

describe('R13/R61: consent by replying to the offer e-mail (embedded system, real SMTP)', () => {
  let system: EmbeddedSystem;
  let dataDir: string;
  let base: string;
  let smtpPort: number;
  const clock = new ManualClock(new Date());

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const outbox = async (): Promise<ParsedMail[]> => {
    const dir = join(dataDir, 'outbox');
    if (!existsSync(dir)) return [];
    return Promise.all(
      readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => simpleParser(readFileSync(join(dir, f)))),
    );
  };
  const header = (mail: ParsedMail, name: string) => mail.headers.get(name) as string | undefined;
  const mailsOf = async (reservationId: string, template: string) =>
    (await outbox()).filter(
      (m) => header(m, 'x-soudan-reservation') === reservationId && header(m, 'x-soudan-template') === template,
    );
  const waitForMail = (reservationId: string, template: string) =>
    eventually(async () => (await mailsOf(reservationId, template))[0], {
      timeoutMs: 20_000,
      what: `${template} mail for ${reservationId}`,
    });

  const staffToken = async (username: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/staff/session', undefined, { username, password });
    expect(r.status).toBe(201);
    return r.body.accessToken as string;
  };

  const seekerToken = async (admin: string, jobSeekerNumber: string, email: string) => {
    const added = await call('POST', '/api/v1/staff/seekers', admin, {
      jobSeekerNumber,
      name: '滑川 花子',
      email,
      officeCode: '16070',
      status: 'registered',
    });
    expect([200, 201]).toContain(added.status);
    expect((await call('POST', '/api/v1/auth/seeker/link', undefined, { jobSeekerNumber, email })).status).toBe(202);
    const token = await eventually(
      async () => {
        for (const mail of await outbox()) {
          const match = /token=([A-Za-z0-9_.~-]+)/.exec(mail.text ?? '');
          if (JSON.stringify(mail.to ?? '').includes(email) && match) return match[1];
        }
        return undefined;
      },
      { timeoutMs: 20_000, what: `sign-in mail to ${email}` },
    );
    const session = await call('POST', '/api/v1/auth/seeker/session', undefined, { token });
    expect(session.status).toBe(201);
    return session.body.accessToken as string;
  };

  /** A seeker's request, offered by a supervisor; resolves with the offer mail's Reply-To. */
  const offered = async (jobSeekerNumber: string, email: string, slots: string[]) => {
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    const seeker = await seekerToken(admin, jobSeekerNumber, email);
    const created = await call('POST', '/api/v1/reservations', seeker, {
      name: '滑川 花子',
      email,
      desiredSlots: slots,
      topic: '面接の練習をしたい',
      onlineReason: '子育て中のため',
      ...readySeeker(),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const offer = await call(
      'POST',
      `/api/v1/staff/reservations/${id}/offer`,
      await staffToken('sato', SUPERVISOR_PASSWORD),
      { slots },
    );
    expect(offer.status).toBe(200);
    const mail = await waitForMail(id, 'reservation-offered');
    const replyTo = mail.replyTo?.value[0]?.address as string;
    return { id, seeker, replyTo, subject: mail.subject ?? '' };
  };

  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  const reply = (options: { from: string; to: string; text: string; messageId: string; subject?: string }) =>
    transport().sendMail({
      ...options,
      subject: options.subject ?? 'Re: オンライン職業相談 ご予約いただける日時のご案内（要返信）',
    });
  const offerOf = (reservationId: string) =>
    asGateway(system).request<OfferForReply>(SchedulingPatterns.offerForReply, { reservationId });
  const unreadable = () => asGateway(system).request<UnreadableReplyView[]>(NotificationPatterns.unreadableReplies, {});

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-reply-by-mail-'));
    smtpPort = await freePort();
    const config = readConfig('embedded', {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      RPC_TIMEOUT_MS: '5000',
      INBOUND_SMTP_PORT: String(smtpPort),
    });
    system = await startEmbeddedSystem(config, quiet, clock);
    base = system.url;
    const admin = await staffToken('admin', ADMIN_PASSWORD);
    expect(
      (
        await call('POST', '/api/v1/staff/users', admin, {
          username: 'sato',
          password: SUPERVISOR_PASSWORD,
          roles: ['supervisor'],
        })
      ).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await system?.close();
  });

  it('R13/R61: a reply with the slot number confirms that slot; the confirmation mail follows; the same Message-ID again changes nothing (R62)', async () => {
    const slots = [slotOn(3, '10:00'), slotOn(3, '10:30')];
    const { id, seeker, replyTo } = await offered('16070-10000001', 'hanako@example.jp', slots);
    expect(replyTo).toMatch(new RegExp(`^offer-${id}-[0-9a-f]{20}@namerikawa\\.hellowork\\.example$`));

    const message = {
      from: '滑川 花子 <Hanako@Example.jp>',
      to: replyTo,
      text: '２番でお願いします。\n\n> 1. ...\n> 2. ...',
      messageId: '<reply-1@example.jp>',
    };
    const sent = await reply(message);
    expect(sent.accepted).toEqual([replyTo]);

    const confirmed = await eventually(
      async () => {
        const view = await call('GET', `/api/v1/reservations/${id}`, seeker);
        return ['confirmed', 'invited'].includes(view.body.status) ? view.body : undefined;
      },
      { timeoutMs: 20_000, what: 'the reservation confirmed by e-mail' },
    );
    expect(confirmed.slot).toBe(new Date(slots[1]).toISOString());
    const confirmation = await waitForMail(id, 'reservation-confirmed');
    expect(confirmation.text).toContain('/join/');

    // The same message delivered again, and a different body under the same Message-ID: handled once.
    await reply(message);
    await reply({ ...message, text: '1' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailsOf(id, 'reply-refused')).toEqual([]);
    expect(await mailsOf(id, 'reservation-confirmed')).toHaveLength(1);
    expect((await offerOf(id)).slot).toBe(new Date(slots[1]).toISOString());
  });

  it('R61: an unreadable reply and one from another address go to the staff queue; the seeker is told, nothing is booked; a duplicate is queued once', async () => {
    const { id, replyTo, subject } = await offered('16070-10000002', 'jiro@example.jp', [slotOn(3, '11:00')]);
    await reply({
      from: 'jiro@example.jp',
      to: replyTo,
      text: 'ありがとうございます。どちらでも大丈夫です。',
      messageId: '<unreadable-1@example.jp>',
      subject: `Re: ${subject}`,
    });
    const answer = await waitForMail(id, 'reply-unreadable');
    expect(answer.subject).toBe('【ハローワーク滑川】オンライン職業相談 ご返信の内容を確認できませんでした');
    expect(answer.text).toContain('担当者から改めてご連絡いたします');
    // R17: the number a person can read out on the phone, not the id.
    const number = (await offerOf(id)).number!;
    expect(number).toMatch(/^[34789ACEFHJKMNPRTWXY]{3}-[34789ACEFHJKMNPRTWXY]{3}$/);
    expect(answer.text).toContain(`受付番号: ${number}`);
    expect(answer.text).not.toContain(id);
    expect(JSON.stringify(answer.to)).toContain('jiro@example.jp');
    expect(header(answer, 'auto-submitted')).toBe('auto-replied');

    const queued = await eventually(async () => (await unreadable()).find((r) => r.reservationId === id), {
      what: 'the unreadable reply in the staff queue',
    });
    expect(queued).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      receivedAt: expect.any(String),
      reservationId: id,
      reason: 'no-choice',
      subject: `Re: ${subject}`,
    });

    // The same message again: still one entry, one answer.
    await reply({
      from: 'jiro@example.jp',
      to: replyTo,
      text: 'ありがとうございます。どちらでも大丈夫です。',
      messageId: '<unreadable-1@example.jp>',
    });
    // Someone else, naming a valid slot: not consent.
    await reply({ from: 'someone-else@example.org', to: replyTo, text: '1', messageId: '<stranger-1@example.org>' });
    const both = await eventually(async () => {
      const rows = (await unreadable()).filter((r) => r.reservationId === id);
      return rows.length >= 2 ? rows : undefined;
    });
    expect(both.map((r) => r.reason).sort()).toEqual(['no-choice', 'unknown-sender']);
    expect((await offerOf(id)).status).toBe('offered');
    // One "could not read" answer per offer within the hour: the stranger's reply only reaches staff.
    expect(await mailsOf(id, 'reply-unreadable')).toHaveLength(1);
    // The queue names no address and holds no body.
    expect(JSON.stringify(await unreadable())).not.toMatch(/@example|ありがとう/);

    // Staff dealt with it: it leaves the queue.
    const resolved = await asGateway(system).request(NotificationPatterns.resolveUnreadableReply, {
      id: queued.id,
      actor: 'staff:sato',
    });
    expect(resolved).toEqual({ id: queued.id, resolved: true });
    expect((await unreadable()).map((r) => r.id)).not.toContain(queued.id);
  });

  it('R61: only per-offer addresses this system handed out are accepted (550 at RCPT TO); oversized mail and garbage are refused without harm', async () => {
    const { id, replyTo } = await offered('16070-10000003', 'saburo@example.jp', [slotOn(3, '13:30')]);
    const domain = replyTo.split('@')[1];
    for (const to of [
      `offer-${id}@${domain}`,
      `offer-${id}-00000000000000000000@${domain}`,
      replyTo.replace(`@${domain}`, '@example.com'),
      `postmaster@${domain}`,
    ]) {
      await expect(
        reply({ from: 'saburo@example.jp', to, text: '1', messageId: `<wrong-${to}>` }),
      ).rejects.toMatchObject({ responseCode: 550 });
    }
    await expect(
      reply({
        from: 'saburo@example.jp',
        to: replyTo,
        text: `1\n${'x'.repeat(1_200_000)}`,
        messageId: '<too-big@example.jp>',
      }),
    ).rejects.toMatchObject({ responseCode: 552 });

    // Garbage on the wire: answered with errors, the server lives on.
    const answers = await new Promise<string>((resolve) => {
      const socket = connect(smtpPort, '127.0.0.1');
      let received = '';
      socket.on('data', (d) => {
        // After the greeting (a client talking first is cut off as an early talker).
        if (!received)
          socket.write('EHLO x\r\nMAIL FROM:<<<>>>\r\nRCPT TO:<a@b>\r\n\u0000\u00ff\u00fe garbage\r\nDATA\r\nQUIT\r\n');
        received += d.toString('latin1');
      });
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
    expect(answers).toMatch(/^220 /);
    expect(answers).toMatch(/\r\n5\d\d /);
    expect((await offerOf(id)).status).toBe('offered');

    // Still taking replies.
    await reply({ from: 'saburo@example.jp', to: replyTo, text: '1', messageId: '<after-garbage@example.jp>' });
    await eventually(async () => (['confirmed', 'invited'].includes((await offerOf(id)).status) ? true : undefined), {
      what: 'confirmation after garbage',
    });
  });

  it("R13: a reply after the slot's deadline is refused with a clear Japanese message; the other slot can still be chosen", async () => {
    const slots = [slotOn(3, '14:00'), slotOn(4, '14:00')];
    const { id, replyTo } = await offered('16070-10000004', 'shiro@example.jp', slots);
    const first = (await offerOf(id)).offered[0];
    // The first slot's deadline (23:59 JST the day before) has passed; the second's has not.
    clock.set(new Date(Date.parse(first.deadline) + 60_000));

    await reply({ from: 'shiro@example.jp', to: replyTo, text: '1', messageId: '<late-1@example.jp>' });
    const refusal = await waitForMail(id, 'reply-refused');
    expect(refusal.subject).toBe('【ハローワーク滑川】オンライン職業相談 ご返信をお受けできませんでした');
    expect(refusal.text).toContain('このご返信ではご予約を確定できませんでした');
    expect(refusal.text).toMatch(/回答期限（.+23:59）を過ぎているため、ご予約をお受けできません。/);
    expect(refusal.text).toContain('■ まだお選びいただける日時');
    expect(refusal.text).toContain(`受付番号: ${(await offerOf(id)).number}`);
    expect(JSON.stringify(refusal.to)).toContain('shiro@example.jp');
    expect((await offerOf(id)).status).toBe('offered');
    expect(await unreadable()).not.toContainEqual(expect.objectContaining({ reservationId: id }));

    // The second slot is still open: a reply naming it confirms.
    await reply({ from: 'shiro@example.jp', to: replyTo, text: '2', messageId: '<late-2@example.jp>' });
    await eventually(async () => ((await offerOf(id)).slot === new Date(slots[1]).toISOString() ? true : undefined), {
      what: 'the second slot confirmed',
    });
  });
});
