// Issue 9 across the whole system, in both of its forms: staff suspend a seeker (R42) or
// erase them (R54) over HTTP; eligibility records it and publishes the event; the
// gateway's durable consumer records the end of the seeker's tokens, and the token the
// seeker held is refused from then on (401 TOKEN_REVOKED), on every gateway replica.
// - embedded (`npm start`): one process, the in-process bus, one gateway;
// - distributed: every hop a real NATS message (JetStream for the events), the stores on
//   PostgreSQL, and a second gateway replica set up as the gateway process sets itself up
//   (apps/gateway/src/gateway-process.ts): its own store pool, JetStream and RPC connections.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { openEventStore, type EventStore } from '@soudan/event-store';
import { createGatewayApp, startGatewayServices, type GatewayServices } from '@soudan/gateway-infra';
import { createRpcClient, JetStreamEventBus, type MessagingMode, type RpcClient } from '@soudan/messaging';
import { createLogger, officeFor, readConfig, type SoudanConfig } from '@soudan/platform';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startPostgres,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { BusinessCalendar, jstDateOf, systemClock } from '@soudan/time';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { reservationRequest } from './testing/sign-in';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';
const TARO = { jobSeekerNumber: '16070-42424242', name: '立山 太郎', email: 'taro.revoked@example.jp' };
const HANAKO = { jobSeekerNumber: '16070-24242424', name: '立山 花子', email: 'hanako.kept@example.jp' };
const quiet = () =>
  createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** A second gateway replica on the same NATS and database, as gateway-process.ts starts one. */
async function gatewayReplica(config: SoudanConfig, natsUrl: string) {
  const logger = quiet();
  const mode: MessagingMode = { kind: 'nats', url: natsUrl };
  const store: EventStore = await openEventStore(config.eventStoreUrl, { schema: 'gateway', dataDir: config.dataDir });
  const bus = await JetStreamEventBus.connect({ url: natsUrl, logger });
  const rpc: RpcClient = await createRpcClient(mode, { timeoutMs: config.rpcTimeoutMs });
  const runtime = {
    context: 'gateway',
    config,
    office: officeFor(config),
    mode,
    store,
    bus,
    rpc,
    clock: systemClock,
    logger,
  };
  const app: INestApplication = await createGatewayApp(runtime, { announce: () => undefined });
  const services: GatewayServices = await startGatewayServices(runtime);
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await services.close();
      await rpc.close();
      await bus.close();
      await store.close();
    },
  };
}

describe.each([
  ['embedded: one process, in-process bus', false],
  ['distributed: two gateway replicas on NATS JetStream and PostgreSQL', true],
])('a seeker’s tokens end with a suspension or an erasure (issue 9), %s', (_form, distributed) => {
  let pg: TestPostgresServer;
  let nats: TestNatsServer | undefined;
  let system: EmbeddedSystem;
  let replica: Awaited<ReturnType<typeof gatewayReplica>> | undefined;
  let dataDir: string;
  let admin: string;
  const { call, session } = apiClient(() => system.url);
  const urls = () => [system.url, ...(replica ? [replica.url] : [])];
  const mine = (token: string, url: string) => apiClient(() => url).call('GET', '/reservations', { token });
  const seenLinks = new Set<string>();

  /** The link of a sign-in mail to `email` in the outbox that no earlier call took. */
  const newLink = (email: string) =>
    eventually(
      async () => {
        const dir = join(dataDir, 'outbox');
        if (!existsSync(dir)) return undefined;
        for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
          const mail = await simpleParser(readFileSync(join(dir, file)));
          const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
          if (token && !seenLinks.has(token) && JSON.stringify(mail.to ?? '').includes(email)) {
            seenLinks.add(token);
            return token;
          }
        }
        return undefined;
      },
      { timeoutMs: 20_000, what: `a new sign-in mail to ${email}` },
    );
  const askLink = async (seeker: typeof TARO) => {
    const asked = await call('POST', '/auth/seeker/link', {
      body: { jobSeekerNumber: seeker.jobSeekerNumber, email: seeker.email },
    });
    expect(asked.status).toBe(202);
    return newLink(seeker.email);
  };
  const signIn = async (seeker: typeof TARO) => {
    const signedIn = await call('POST', '/auth/seeker/session', { body: { token: await askLink(seeker) } });
    expect(signedIn.status).toBe(201);
    return signedIn.body.accessToken as string;
  };
  const register = async (seeker: typeof TARO) => {
    const added = await call('POST', '/staff/seekers', {
      token: admin,
      body: { ...seeker, officeCode: '16070', status: 'registered' },
    });
    expect([200, 201]).toContain(added.status);
  };
  /** Until every replica refuses the token with TOKEN_REVOKED and the header of an invalid token. */
  const refusedEverywhere = async (token: string) => {
    for (const url of urls()) {
      const refused = await eventually(
        async () => {
          const answer = await apiClient(() => url).call('GET', '/reservations', { token });
          return answer.status === 401 ? answer : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 20, what: `the token refused by ${url}` },
      );
      expect(refused.body.code).toBe('TOKEN_REVOKED');
      const raw = await fetch(`${url}/api/v1/reservations`, { headers: { authorization: `Bearer ${token}` } });
      expect([raw.status, raw.headers.get('www-authenticate')]).toEqual([
        401,
        'Bearer realm="soudan", error="invalid_token"',
      ]);
    }
  };

  beforeAll(async () => {
    [pg, nats] = await Promise.all([startPostgres(), distributed ? startNatsServer() : Promise.resolve(undefined)]);
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-seeker-tokens-'));
    const config = readConfig('embedded', {
      EVENTSTORE_URL: (await createTestDatabase(pg, `soudan_seeker_tokens_${distributed ? 'nats' : 'local'}`)).url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      INBOUND_SMTP_PORT: 'off',
    });
    system = await startEmbeddedSystem(config, quiet(), undefined, nats ? { natsUrl: nats.url } : {});
    if (nats) replica = await gatewayReplica(config, nats.url);
    admin = await session('admin', ADMIN_PASSWORD);
    await register(TARO);
    await register(HANAKO);
  });

  afterAll(async () => {
    await replica?.close();
    await system?.close();
    await nats?.stop();
    await pg?.stop();
  });

  it('R42: staff suspend a seeker and the token they held is refused on every replica; a link asked for before gives none; signed in again, they see their reservations and may not request', async () => {
    const taro = await signIn(TARO);
    const hanako = await signIn(HANAKO);
    for (const url of urls()) expect((await mine(taro, url)).status).toBe(200);
    const earlyLink = await askLink(TARO);

    const until = new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 20);
    const suspended = await call('POST', `/staff/seekers/${TARO.jobSeekerNumber}/suspension`, {
      token: admin,
      body: { reason: '無断欠席が続いたため', until },
    });
    expect(suspended.status).toBe(201);
    await refusedEverywhere(taro);
    const late = await call('POST', '/auth/seeker/session', { body: { token: earlyLink } });
    expect([late.status, late.body.code]).toEqual([401, 'INVALID_TOKEN']);

    // A suspended seeker signs in again, to see and cancel their reservations (R42).
    const again = await signIn(TARO);
    for (const url of urls()) {
      expect((await mine(again, url)).body).toEqual({ reservations: [] });
      expect((await mine(hanako, url)).status).toBe(200);
    }
    const slot = `${new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 3)}T10:00:00+09:00`;
    const refused = await call('POST', '/reservations', {
      token: again,
      headers: { 'idempotency-key': `seeker-tokens-${distributed}-${Date.now()}` },
      body: reservationRequest(slot, { name: TARO.name, email: TARO.email }),
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'SUSPENDED']);
    // Lifting the suspension ends nothing.
    expect((await call('DELETE', `/staff/seekers/${TARO.jobSeekerNumber}/suspension`, { token: admin })).status).toBe(
      200,
    );
    expect((await mine(again, system.url)).status).toBe(200);
  });

  it('R54: an erasure ends the seeker’s tokens for good, even once the office lists them again', async () => {
    const taro = await signIn(TARO);
    const hanako = await signIn(HANAKO);
    for (const url of urls()) expect((await mine(taro, url)).status).toBe(200);

    const erased = await call('DELETE', `/staff/seekers/${TARO.jobSeekerNumber}`, { token: admin });
    expect(erased.status).toBe(200);
    await refusedEverywhere(taro);

    // Listed again, they sign in anew; the token from before the erasure stays ended.
    await register(TARO);
    const fresh = await signIn(TARO);
    for (const url of urls()) {
      expect((await mine(fresh, url)).status).toBe(200);
      expect((await mine(taro, url)).body.code).toBe('TOKEN_REVOKED');
      expect((await mine(hanako, url)).status).toBe(200);
    }
  });
});
