// Issue 9: a service takes the acting person from what the gateway vouches for, not from a
// field anyone could write. The real eligibility service on a nats-server secured with
// deploy/nats/auth.conf, asked over the bus as the deployment's users: the gateway's
// signed principal is accepted; none, another user's, a forged one or one lifted from
// another message is refused with PRINCIPAL_INVALID, and nothing is recorded.
import { EligibilityPatterns, type RegisterSeekerResult, type SeekerPreferences } from '@soudan/eligibility-contracts';
import { PostgresEventStore, type EventStore } from '@soudan/event-store';
import {
  createRpcClient,
  generatePrincipalKeys,
  PrincipalSigner,
  RpcError,
  type PrincipalSubject,
  type RpcClient,
} from '@soudan/messaging';
import {
  createTestDatabase,
  startPostgres,
  startSecuredNatsServer,
  type BusUser,
  type SecuredNatsServer,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { READY_FOR_ONLINE, startEligibility, type RunningEligibility } from './testing/eligibility-service';

let nats: SecuredNatsServer;
let server: TestPostgresServer;
let db: TestDatabase;
let store: EventStore;
let service: RunningEligibility;
let gatewaySigner: PrincipalSigner;
const clients: RpcClient[] = [];
const clock = new ManualClock('2026-11-25T01:00:00.000Z');

const sato: PrincipalSubject = { kind: 'staff', username: 'sato', roles: ['supervisor'] };
const register = (jobSeekerNumber: string, actor = 'staff:sato') => ({
  jobSeekerNumber,
  name: '滑川 太郎',
  email: 'taro@example.jp',
  officeCode: '16070',
  status: 'registered',
  actor,
});

/** A client connected as one of the deployment's NATS users, signing nothing by itself. */
async function as(user: BusUser): Promise<RpcClient> {
  const client = await createRpcClient({ kind: 'nats', url: nats.urlFor(user) }, { timeoutMs: 5000 });
  clients.push(client);
  return client;
}

/** A request over `client` carrying the principal `signer` signs for `subject` and this very message. */
function signedRequest<T>(
  client: RpcClient,
  signer: PrincipalSigner,
  subject: PrincipalSubject,
  pattern: string,
  payload: unknown,
): Promise<T> {
  return client.request<T>(pattern, payload, { principal: signer.sign(subject, pattern, payload) });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; reason?: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as RpcError;
    return { code: e.code, status: e.status, reason: e.details?.reason };
  }
  return { code: 'ACCEPTED', status: 200 };
}

beforeAll(async () => {
  nats = await startSecuredNatsServer();
  server = await startPostgres();
  db = await createTestDatabase(server);
  store = await PostgresEventStore.connect({ url: db.url, schema: 'eligibility' });
  // The service connects as its own NATS user, with the process's public key (embedded config).
  service = await startEligibility({ natsUrl: nats.urlFor('eligibility'), store, clock });
  gatewaySigner = new PrincipalSigner(service.runtime.config.principalPrivateKey!);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await service?.close();
  await store?.close();
  await db?.drop().catch(() => undefined);
  await server?.stop();
  await nats?.stop();
});

describe('the acting person is the one the gateway signed (issue 9)', () => {
  it("accepts the gateway's signed principal for the staff member the command names", async () => {
    const gateway = await as('gateway');
    const payload = register('16070-20000001');
    const added = await signedRequest<RegisterSeekerResult>(
      gateway,
      gatewaySigner,
      sato,
      EligibilityPatterns.registerSeeker,
      payload,
    );
    expect(added.outcome).toBe('registered');
  });

  it('refuses a command with no principal, even from the gateway user, and records nothing', async () => {
    const gateway = await as('gateway');
    const payload = register('16070-20000002');
    expect(await refusal(gateway.request(EligibilityPatterns.registerSeeker, payload))).toEqual({
      code: 'PRINCIPAL_INVALID',
      status: 403,
      reason: 'missing',
    });
    const view = { jobSeekerNumber: '16070-20000002', actor: 'staff:sato' };
    expect(
      await refusal(signedRequest(gateway, gatewaySigner, sato, EligibilityPatterns.getSeeker, view)),
    ).toMatchObject({ code: 'SEEKER_NOT_FOUND' });
  });

  it("refuses a message in another user's name: sato's principal, tanaka in the command", async () => {
    const gateway = await as('gateway');
    const payload = register('16070-20000003', 'staff:tanaka');
    expect(
      await refusal(signedRequest(gateway, gatewaySigner, sato, EligibilityPatterns.registerSeeker, payload)),
    ).toEqual({ code: 'PRINCIPAL_INVALID', status: 403, reason: 'actor-mismatch' });
  });

  it("refuses a seeker's principal used to change another seeker's language", async () => {
    const gateway = await as('gateway');
    const taro = await signedRequest<RegisterSeekerResult>(
      gateway,
      gatewaySigner,
      sato,
      EligibilityPatterns.registerSeeker,
      register('16070-20000004'),
    );
    const asTaro: PrincipalSubject = { kind: 'seeker', seekerId: taro.seekerId, jobSeekerNumber: '16070-20000004' };
    const own = { seekerId: taro.seekerId, language: 'en' };
    const answer = await signedRequest<SeekerPreferences>(
      gateway,
      gatewaySigner,
      asTaro,
      EligibilityPatterns.setLanguage,
      own,
    );
    expect(answer.language).toBe('en');
    const others = { seekerId: 'f'.repeat(32), language: 'en' };
    expect(
      await refusal(signedRequest(gateway, gatewaySigner, asTaro, EligibilityPatterns.setLanguage, others)),
    ).toEqual({ code: 'PRINCIPAL_INVALID', status: 403, reason: 'actor-mismatch' });
  });

  it('refuses a principal signed with any key but the gateway’s', async () => {
    const gateway = await as('gateway');
    const forger = new PrincipalSigner(generatePrincipalKeys().privateKey);
    const payload = register('16070-20000005');
    expect(await refusal(signedRequest(gateway, forger, sato, EligibilityPatterns.registerSeeker, payload))).toEqual({
      code: 'PRINCIPAL_INVALID',
      status: 403,
      reason: 'unknown-key',
    });
  });

  it('refuses a principal lifted from another message, for another payload or pattern', async () => {
    const gateway = await as('gateway');
    const seen = gatewaySigner.sign(sato, EligibilityPatterns.registerSeeker, register('16070-20000006'));
    expect(
      await refusal(
        gateway.request(EligibilityPatterns.registerSeeker, register('16070-20000007'), { principal: seen }),
      ),
    ).toEqual({ code: 'PRINCIPAL_INVALID', status: 403, reason: 'other-payload' });
    const erase = { jobSeekerNumber: '16070-20000006', reason: 'request', actor: 'staff:sato' };
    expect(await refusal(gateway.request(EligibilityPatterns.eraseSeeker, erase, { principal: seen }))).toEqual({
      code: 'PRINCIPAL_INVALID',
      status: 403,
      reason: 'other-pattern',
    });
  });

  it("checks a principal another service sends, even on its own questions, and answers the service's own", async () => {
    // scheduling may ask eligibility.check (auth.conf); that question acts for no one.
    const scheduling = await as('scheduling');
    const ask = { jobSeekerNumber: '16070-20000001', ...READY_FOR_ONLINE, at: clock.now().toISOString() };
    expect(await scheduling.request(EligibilityPatterns.check, ask)).toMatchObject({ eligible: true });
    const forged = new PrincipalSigner(generatePrincipalKeys().privateKey).sign(sato, EligibilityPatterns.check, ask);
    expect(await refusal(scheduling.request(EligibilityPatterns.check, ask, { principal: forged }))).toEqual({
      code: 'PRINCIPAL_INVALID',
      status: 403,
      reason: 'unknown-key',
    });
  });
});
