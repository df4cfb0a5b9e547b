// Issue 9 on a real nats-server and PostgreSQL, with two gateway replicas (each its own
// store pool and NATS connection, both consuming the one durable): eligibility's
// SeekerSuspended and SeekerErased, published on JetStream as its relay publishes them,
// end the seeker's tokens on every replica on their next request (401 TOKEN_REVOKED), not
// when they expire; a token signed in afterwards works. Eligibility itself (its roster
// match) is a stand-in here; the whole system, with staff suspending and erasing over
// HTTP, is apps/standalone/src/seeker-tokens.int.spec.ts.
import { performance } from 'node:perf_hooks';
import { Controller } from '@nestjs/common';
import { seekerIdFor } from '@soudan/eligibility-contracts';
import { RpcHandler } from '@soudan/messaging';
import type { ServiceHost } from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';
import { eventually } from '@soudan/testing';
import { startGatewayServices, type GatewayServices } from '../device-data/device-data.module';
import {
  SEEKER_TOKENS_ENDED,
  SEEKER_TOKENS_STREAM,
  SeekerTokenEndings,
  SEEKER_TOKENS_CONSUMER,
  SeekerTokensConsumer,
} from '@soudan/identity-infra';
import {
  call,
  quietLogger,
  startGateway,
  stubEligibility,
  stubNotification,
  stubService,
  testConfig,
  type RosterEntry,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';
import { askForLink, seekerErased, seekerSuspended } from './testing/seekers';
import { startServers, type GatewayTestServers } from './testing/servers';

const config = testConfig({ TRUST_PROXY: '1' });
const entry = (jobSeekerNumber: string, email: string, name: string): RosterEntry => ({
  jobSeekerNumber,
  email,
  name,
  seekerId: seekerIdFor(config.pseudonymKey, jobSeekerNumber),
});
const TARO = entry('16070-31415926', 'taro.tokens@example.jp', '滑川 太郎');
const HANAKO = entry('16070-27182818', 'hanako.tokens@example.jp', '滑川 花子');
const JIRO = entry('16070-16180339', 'jiro.tokens@example.jp', '滑川 次郎');

/** Scheduling as the seeker route here needs it: an empty list. */
function stubScheduling(mode: TestBackbone['mode']): Promise<ServiceHost> {
  @Controller()
  class StubSchedulingController {
    @RpcHandler(SchedulingApi.listMyReservations)
    list() {
      return [];
    }
  }
  return stubService('scheduling', mode, StubSchedulingController);
}

describe('a seeker’s tokens end with a suspension or an erasure, on every replica (issue 9)', () => {
  let servers: GatewayTestServers;
  let parts: TestBackbone;
  let parts2: TestBackbone;
  let gateway: TestGateway;
  let replica: TestGateway;
  let services: GatewayServices[] = [];
  let eligibility: Awaited<ReturnType<typeof stubEligibility>>;
  let notification: Awaited<ReturnType<typeof stubNotification>>;
  let scheduling: ServiceHost;

  let ip = 0;
  const from = () => ({ 'x-forwarded-for': `10.9.${Math.floor(++ip / 250)}.${ip % 250}` });
  /** A sign-in link as the seeker gets it by mail (not yet exchanged). */
  const linkFor = (seeker: RosterEntry) => askForLink(gateway.url, notification.mails, seeker, from());
  const exchange = (link: string, url = gateway.url) =>
    call(url, 'POST', '/auth/seeker/session', { body: { token: link }, headers: from() });
  const signIn = async (seeker: RosterEntry) => {
    const session = await exchange(await linkFor(seeker));
    expect(session.status).toBe(201);
    return session.body.accessToken as string;
  };
  const mine = (token: string, url: string) => call(url, 'GET', '/reservations', { token, headers: from() });
  const urls = () => [gateway.url, replica.url];
  /** Until both replicas refuse the token; how long that took after `since`. */
  const refusedEverywhere = async (token: string, since: number) => {
    for (const url of urls())
      await eventually(async () => ((await mine(token, url)).status === 401 ? true : undefined), {
        timeoutMs: 10_000,
        intervalMs: 10,
        what: `the token refused by ${url}`,
      });
    return performance.now() - since;
  };

  beforeAll(async () => {
    servers = await startServers('soudan_gw_seeker_tokens');
    [parts, parts2] = await Promise.all([servers.backbone(), servers.backbone()]);
    eligibility = await stubEligibility(parts.mode, [TARO, HANAKO, JIRO]);
    notification = await stubNotification(parts.mode);
    scheduling = await stubScheduling(parts.mode);
    [gateway, replica] = await Promise.all([
      startGateway({ backbone: parts, config }),
      startGateway({ backbone: parts2, config }),
    ]);
    services = await Promise.all([startGatewayServices(gateway.runtime), startGatewayServices(replica.runtime)]);
  });

  afterAll(async () => {
    for (const s of services) await s.close();
    await replica?.close();
    await gateway?.close();
    await scheduling?.close();
    await notification?.close();
    await eligibility?.close();
    await servers?.stop();
  });

  it('R42: a suspension ends the tokens signed in before it on both replicas (401 TOKEN_REVOKED); a fresh sign-in works, and another seeker’s token is untouched', async () => {
    const taro = await signIn(TARO);
    const hanako = await signIn(HANAKO);
    for (const url of urls()) expect((await mine(taro, url)).status).toBe(200);
    // Asked for before the suspension, exchanged after it.
    const earlyLink = await linkFor(TARO);

    const started = performance.now();
    await parts.bus.publish([seekerSuspended(TARO.seekerId)]);
    const took = await refusedEverywhere(taro, started);
    for (const url of urls()) {
      const refused = await mine(taro, url);
      expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_REVOKED']);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="soudan", error="invalid_token"');
    }
    // Well under a second when all is up; generous here, the machine is shared.
    expect(took).toBeLessThan(5_000);

    const late = await exchange(earlyLink, replica.url);
    expect([late.status, late.body.code]).toEqual([401, 'INVALID_TOKEN']);

    // A suspended seeker still signs in (to see and cancel their reservations).
    const again = await signIn(TARO);
    for (const url of urls()) {
      expect((await mine(again, url)).status).toBe(200);
      expect((await mine(hanako, url)).status).toBe(200);
    }
  });

  it('R54: an erasure ends the tokens for good, and each event is recorded once however often it comes', async () => {
    const jiro = await signIn(JIRO);
    expect((await mine(jiro, replica.url)).status).toBe(200);
    const erased = seekerErased(JIRO.seekerId);
    await parts.bus.publish([erased]);
    await refusedEverywhere(jiro, performance.now());
    for (const url of urls()) expect((await mine(jiro, url)).body.code).toBe('TOKEN_REVOKED');

    // Published again (the broker drops it within its window), and handled again as after a
    // crash between the record and the inbox: still one record.
    await parts2.bus.publish([{ ...erased }]);
    await new SeekerTokensConsumer(new SeekerTokenEndings(parts.store), quietLogger()).handle(erased);
    const records = (await parts.store.readStream(SEEKER_TOKENS_STREAM)).filter(
      (r) => (r.data as { seekerId: string }).seekerId === JIRO.seekerId,
    );
    expect(records.map((r) => r.type)).toEqual([SEEKER_TOKENS_ENDED]);
    expect((await mine(jiro, gateway.url)).body.code).toBe('TOKEN_REVOKED');
    expect((await parts.bus.deadLetters()).filter((l) => l.consumer.startsWith(SEEKER_TOKENS_CONSUMER))).toEqual([]);
  });

  it('an ending that names no seeker is a dead letter, not retried for ever', async () => {
    const broken = seekerSuspended('not-a-seeker-id');
    await parts.bus.publish([broken]);
    const letter = await eventually(
      async () => (await parts.bus.deadLetters()).find((l) => l.eventId === broken.eventId),
      { what: 'the dead letter' },
    );
    expect(letter.consumer.startsWith(SEEKER_TOKENS_CONSUMER)).toBe(true);
  });
});
