// `notification.sign-in-link.send` over a real nats-server to a real SMTP server: the
// Japanese mail with the link and its expiry, sent at once; header injection refused.
import { MailOffices } from './mail-offices';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createRpcClient, RpcError, type MessagingMode, type RpcClient } from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import { NotificationPatterns, type SendSignInLinkRequest } from '@soudan/notification-contracts';
import {
  createLogger,
  NAMERIKAWA,
  embeddedPrincipalKeys,
  readConfig,
  RuntimeModule,
  startServiceHost,
  type ServiceHost,
  type ServiceRuntime,
} from '@soudan/platform';
import { eventually, startNatsServer, startSmtpSink, type SmtpSink, type TestNatsServer } from '@soudan/testing';
import { systemClock } from '@soudan/time';
import { SmtpMailer } from './mailer';
import { SignInLinkRpcController } from './sign-in-link.rpc-controller';
import { MAILER } from './tokens';

const LINK = 'https://soudan.example.jp/auth/seeker#token=q1Zx9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-';

describe('notification.sign-in-link.send', () => {
  let nats: TestNatsServer;
  let smtp: SmtpSink;
  let host: ServiceHost;
  let rpc: RpcClient;

  beforeAll(async () => {
    [nats, smtp] = await Promise.all([startNatsServer(), startSmtpSink()]);
    const mode: MessagingMode = { kind: 'nats', url: nats.url };
    const config = readConfig('embedded', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-sign-in-mail-')),
      PSEUDONYM_KEY: 'a'.repeat(64),
      ENCRYPTION_KEY: 'b'.repeat(64),
      SMTP_URL: smtp.url,
    });
    const logger = createLogger({
      name: 'test',
      level: 'error',
      destination: new Writable({ write: (_c, _e, done) => done() }),
    });
    // Asks as the gateway would (issue 9: signed principals), for whoever the request names.
    rpc = await createRpcClient(mode, {
      timeoutMs: 5000,
      principal: signAsRequestsSay(embeddedPrincipalKeys().privateKey),
    });
    const runtime: ServiceRuntime = {
      context: 'notification',
      config,
      office: NAMERIKAWA,
      mode,
      rpc,
      clock: systemClock,
      logger,
    };
    @Module({})
    class SignInMailModule {}
    host = await startServiceHost(
      {
        context: 'notification',
        module: (rt) => ({
          module: SignInMailModule,
          imports: [RuntimeModule.forRoot(rt)],
          controllers: [SignInLinkRpcController],
          providers: [
            { provide: MAILER, useFactory: () => new SmtpMailer(smtp.url) },
            { provide: MailOffices, useFactory: () => new MailOffices(rt.rpc!, rt.office, rt.logger) },
          ],
        }),
      },
      runtime,
    );
    // The service's subscription reaches the nats-server a moment after the host started
    // (a fresh CI machine once asked first and met no responder): ask, with a request it
    // refuses, until it answers. No mail goes out for it.
    await eventually(
      async () => {
        const answer = await rpc.request(NotificationPatterns.sendSignInLink, {}).then(
          () => 'answered',
          (error: unknown) => (error as RpcError).code,
        );
        return answer === 'UPSTREAM_UNAVAILABLE' ? undefined : answer;
      },
      { what: 'an answer from notification.sign-in-link.send' },
    );
  });

  afterAll(async () => {
    await host?.close();
    await rpc?.close();
    await smtp?.close();
    await nats?.stop();
  });

  const send = (request: Partial<SendSignInLinkRequest>) =>
    rpc.request(NotificationPatterns.sendSignInLink, {
      email: 'taro@example.jp',
      language: 'ja',
      link: LINK,
      expiresAt: '2026-12-01T01:15:00.000Z',
      ...request,
    });

  it('sends the Japanese plain-text mail with the link and its expiry in Japan time, before answering', async () => {
    await expect(send({ name: '滑川 太郎' })).resolves.toEqual({ sent: true });
    const mail = smtp.messages.find((m) => m.text?.includes(LINK));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('【ハローワーク滑川】オンライン職業相談 ログイン用リンクのお知らせ');
    expect(mail!.text).toContain('滑川 太郎 様');
    expect(mail!.text).toContain('■ 有効期限: 2026年12月1日 10:15（15分間・1回限り有効）');
    expect(mail!.html).toBe(false);
    expect(JSON.stringify(mail!.to)).toContain('taro@example.jp');
  });

  it('writes English when the seeker chose it', async () => {
    await send({ email: 'en@example.jp', language: 'en' });
    const mail = await smtp.waitFor((m) => JSON.stringify(m.to).includes('en@example.jp'));
    expect(mail.subject).toContain('Your sign-in link');
    expect(mail.text).toContain('until 1 Dec 2026, 10:15 (JST)');
  });

  it.each([
    ['email with CR/LF', { email: 'taro@example.jp\r\nBcc: victim@example.jp' }, 'email'],
    ['email with LF', { email: 'taro@example.jp\nSubject: x' }, 'email'],
    ['two addresses', { email: 'a@example.jp, b@example.jp' }, 'email'],
    ['name with CR/LF', { name: '太郎\r\nBcc: victim@example.jp' }, 'name'],
    ['a link that is not http(s)', { link: 'javascript:alert(1)' }, 'link'],
    ['a link with a line break', { link: `${LINK}\r\nX: y` }, 'link'],
  ])('refuses %s with VALIDATION_FAILED and sends nothing', async (_name, request, field) => {
    const before = smtp.messages.length;
    const error = await send(request as Partial<SendSignInLinkRequest>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: { fields: { [field]: expect.any(Array) } },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length).toBe(before);
  });
});
