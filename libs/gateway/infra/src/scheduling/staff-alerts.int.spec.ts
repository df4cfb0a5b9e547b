// GET /staff/alerts and POST /staff/alerts/{id}/resolution over a real nats-server and
// PostgreSQL: the gateway puts together what scheduling, eligibility and notification
// answer (stand-ins here; notification's own tests cover where its alerts come from),
// and a service that does not answer leaves its lists empty instead of failing the page.
import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  NotificationPatterns,
  type DeadLetterAlert,
  type NotificationAlerts,
  type ResolveAlertRequest,
  type UndeliverableMailAlert,
} from '@soudan/notification-contracts';
import {
  AppError,
  RuntimeModule,
  startServiceHost,
  type ServiceHost,
  type ServiceRuntime,
  embeddedPrincipalKeys,
} from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import {
  createTestDatabase,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import {
  backbone,
  call,
  quietLogger,
  startGateway,
  TEST_ADMIN_PASSWORD,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from '../auth/testing/harness';

const MAIL: UndeliverableMailAlert = {
  id: 'mail-0123456789abcdef01234567',
  template: 'reservation-offered',
  recipient: 'seeker',
  seekerId: 'skr_1',
  reservationId: 'r-1',
  sourceEventId: 'r-1:ReservationOffered',
  permanent: true,
  responseCode: 550,
  reason: '550 <…>: 5.1.1 Recipient address rejected: User unknown',
  attempts: 1,
  failedAt: '2026-12-01T02:00:00.000Z',
};
const LETTER: DeadLetterAlert = {
  id: 'dl-0123456789abcdef01234567',
  consumer: 'eligibility-no-shows',
  subject: 'events.scheduling.SessionNoShow',
  context: 'scheduling',
  eventType: 'SessionNoShow',
  eventId: 'r-2:SessionNoShow',
  deliveries: 5,
  reason: 'TypeError: cannot read properties of undefined',
  at: '2026-12-01T03:00:00.000Z',
};
const REPLY = {
  id: '7f3a9c2e5b8d4f10a6c3e9b2d5f8a1c4',
  receivedAt: '2026-12-01T04:00:00.000Z',
  reservationId: 'r-3',
  reason: 'no-choice',
  subject: 'Re: 日時のご案内',
};

async function stubHost(
  context: string,
  mode: ServiceRuntime['mode'],
  controller: new (...args: never[]) => object,
): Promise<ServiceHost> {
  @Module({})
  class StubModule {}
  const runtime = {
    context,
    mode,
    logger: quietLogger(),
    config: { principalPublicKeys: [embeddedPrincipalKeys().publicKey] },
  } as unknown as ServiceRuntime;
  return startServiceHost(
    {
      context,
      module: (rt) => ({ module: StubModule, imports: [RuntimeModule.forRoot(rt)], controllers: [controller] }),
    },
    runtime,
  );
}

describe('GET /staff/alerts and POST /staff/alerts/{id}/resolution', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let scheduling: ServiceHost;
  let notification: ServiceHost | undefined;
  let supervisor: string;
  let counsellor: string;
  const resolutions: ResolveAlertRequest[] = [];
  const replyResolutions: Array<{ id: string; actor: string }> = [];

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_alerts');
    parts = await backbone(nats.url, db.url);

    @Controller()
    class StubScheduling {
      @MessagePattern(SchedulingPatterns.alerts)
      alerts() {
        return [{ id: 'r-0', status: 'requested', overdue: true }];
      }
      // R72: the reservations of the members' office, whose mail and replies they see.
      @MessagePattern(SchedulingPatterns.listStaffReservations)
      reservations() {
        return [{ id: 'r-1' }, { id: 'r-3' }];
      }
    }
    @Controller()
    class StubNotification {
      @MessagePattern(NotificationPatterns.alerts)
      alerts(): NotificationAlerts {
        return {
          undeliverableMail: resolutions.some((r) => r.alertId === MAIL.id) ? [] : [MAIL],
          deadLetters: [LETTER],
        };
      }
      @MessagePattern(NotificationPatterns.unreadableReplies)
      unreadable() {
        return [REPLY];
      }
      @MessagePattern(NotificationPatterns.resolveUnreadableReply)
      resolveReply(@Payload() request: { id: string; actor: string }) {
        if (request.id !== REPLY.id) throw new AppError('REPLY_NOT_FOUND', 404, 'no unreadable reply with this id');
        replyResolutions.push(request);
        return { id: request.id, resolved: true };
      }
      @MessagePattern(NotificationPatterns.resolveAlert)
      resolve(@Payload() request: ResolveAlertRequest) {
        if (![MAIL.id, LETTER.id].includes(request.alertId))
          throw new AppError('ALERT_NOT_FOUND', 404, 'no such alert');
        if (resolutions.some((r) => r.alertId === request.alertId))
          throw new AppError('ALERT_ALREADY_RESOLVED', 409, 'already resolved');
        resolutions.push(request);
        return {
          alertId: request.alertId,
          kind: request.alertId.startsWith('mail-') ? 'undeliverable-mail' : 'dead-letter',
          resolvedBy: request.actor,
          resolvedAt: '2026-12-01T05:00:00.000Z',
        };
      }
    }
    scheduling = await stubHost('scheduling', parts.mode, StubScheduling);
    notification = await stubHost('notification', parts.mode, StubNotification);
    gateway = await startGateway({
      backbone: parts,
      config: testConfig(),
      options: { requestsPerIpPerMinute: 100_000 },
    });

    supervisor = (
      await call(gateway.url, 'POST', '/auth/staff/session', {
        body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      })
    ).body.accessToken as string;
    const password = 'Counsellor-Tateyama-9z!';
    expect(
      (
        await call(gateway.url, 'POST', '/staff/users', {
          token: supervisor,
          body: { username: 'kaunsera', password, roles: ['counsellor'] },
        })
      ).status,
    ).toBe(201);
    counsellor = (await call(gateway.url, 'POST', '/auth/staff/session', { body: { username: 'kaunsera', password } }))
      .body.accessToken as string;
  });

  afterAll(async () => {
    await gateway?.close();
    await notification?.close();
    await scheduling?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
  });

  it('R62: lists undeliverable mail, dead letters and unreadable replies beside overdue requests and no-show reviews', async () => {
    for (const token of [supervisor, counsellor]) {
      const response = await call(gateway.url, 'GET', '/staff/alerts', { token });
      expect(response.status).toBe(200);
      // Eligibility is not running: its list is empty, the page is still there.
      expect(response.body).toEqual({
        overdueRequests: [{ id: 'r-0', status: 'requested', overdue: true }],
        undeliverableMail: [MAIL],
        noShowReviews: [],
        deadLetters: [LETTER],
        unreadableReplies: [REPLY],
        accessRecord: [],
      });
    }
  });

  it('R62: a supervisor resolves an alert once; it leaves the list; a second time is 409 ALERT_ALREADY_RESOLVED', async () => {
    const first = await call(gateway.url, 'POST', `/staff/alerts/${MAIL.id}/resolution`, {
      token: supervisor,
      body: { note: '電話で連絡し、アドレスを訂正' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      alertId: MAIL.id,
      kind: 'undeliverable-mail',
      resolvedBy: 'staff:admin',
      resolvedAt: '2026-12-01T05:00:00.000Z',
    });
    expect(resolutions).toEqual([{ alertId: MAIL.id, actor: 'staff:admin', note: '電話で連絡し、アドレスを訂正' }]);
    expect((await call(gateway.url, 'GET', '/staff/alerts', { token: supervisor })).body.undeliverableMail).toEqual([]);

    const again = await call(gateway.url, 'POST', `/staff/alerts/${MAIL.id}/resolution`, { token: supervisor });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ALERT_ALREADY_RESOLVED',
      message: 'このアラートはすでに対応済みになっています。',
    });
  });

  it('R61: a supervisor takes an unreadable reply off the staff queue; an unknown reply id is 404 ALERT_NOT_FOUND', async () => {
    const resolved = await call(gateway.url, 'POST', `/staff/alerts/${REPLY.id}/resolution`, {
      token: supervisor,
      body: {},
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({ alertId: REPLY.id, kind: 'unreadable-reply', resolvedBy: 'staff:admin' });
    expect(replyResolutions).toEqual([{ id: REPLY.id, actor: 'staff:admin' }]);
    const unknown = await call(gateway.url, 'POST', `/staff/alerts/${'0'.repeat(32)}/resolution`, {
      token: supervisor,
      body: {},
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ALERT_NOT_FOUND']);
  });

  it('answers 404 ALERT_NOT_FOUND for an id that is no alert, 400 for a bad body, 403 for a counsellor', async () => {
    for (const id of ['dl-ffffffffffffffffffffffff', 'not-an-alert', '%27%3B--']) {
      const response = await call(gateway.url, 'POST', `/staff/alerts/${id}/resolution`, {
        token: supervisor,
        body: {},
      });
      expect({ id, status: response.status, code: response.body?.code }).toEqual({
        id,
        status: 404,
        code: 'ALERT_NOT_FOUND',
      });
    }
    const badBody = await call(gateway.url, 'POST', `/staff/alerts/${LETTER.id}/resolution`, {
      token: supervisor,
      body: { note: 'x'.repeat(1001), extra: true },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.code).toBe('VALIDATION_FAILED');
    const forbidden = await call(gateway.url, 'POST', `/staff/alerts/${LETTER.id}/resolution`, {
      token: counsellor,
      body: {},
    });
    expect(forbidden.status).toBe(403);
    expect(resolutions.map((r) => r.alertId)).toEqual([MAIL.id]);
  });

  it('keeps the page when notification does not answer: its lists are empty', async () => {
    await notification?.close();
    notification = undefined;
    const response = await call(gateway.url, 'GET', '/staff/alerts', { token: supervisor });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      overdueRequests: [{ id: 'r-0', status: 'requested', overdue: true }],
      undeliverableMail: [],
      noShowReviews: [],
      deadLetters: [],
      unreadableReplies: [],
      accessRecord: [],
    });
    // Resolving needs notification: that one is an honest 503.
    const resolution = await call(gateway.url, 'POST', `/staff/alerts/${LETTER.id}/resolution`, { token: supervisor });
    expect(resolution.status).toBe(503);
  });
});
