// Issue 9: the bus is a trust boundary. A nats-server with the deployment's own
// authorization (deploy/nats/auth.conf): every process its own user, commands only from
// the gateway (and the few questions services ask each other), events of a context only
// from that context, replies only to the asker. Real server, real clients.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { StoreUnavailableError } from '@soudan/event-store';
import { startSecuredNatsServer, type BusUser, type SecuredNatsServer } from '@soudan/testing';
import { envelope, uniqueContext } from './contract/event-bus.contract';
import { eventually } from './contract/eventually';
import { JetStreamEventBus } from './events/jetstream-event-bus';
import { natsConnection } from './nats-servers';

let nats: SecuredNatsServer;
const connections: NatsConnection[] = [];

/** A connection as the user, with the inbox prefix soudan derives from NATS_URL. */
async function as(user: BusUser): Promise<NatsConnection> {
  const nc = await connect({ ...natsConnection(nats.urlFor(user)), name: `test-${user}` });
  connections.push(nc);
  return nc;
}

/** A responder as `user` on `subject`: what it was asked. */
async function responder(user: BusUser, subject: string) {
  const nc = await as(user);
  const asked: string[] = [];
  const sub = nc.subscribe(subject, { queue: user });
  void (async () => {
    for await (const m of sub) {
      asked.push(m.string());
      m.respond(JSON.stringify({ ok: true, by: user }));
    }
  })();
  await nc.flush();
  return asked;
}

/** The answer, or the error's text (a refused publish never reaches the responder). */
async function ask(user: BusUser, subject: string, body: string): Promise<string> {
  const nc = await as(user);
  try {
    return (await nc.request(subject, body, { timeout: 1500 })).string();
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

beforeAll(async () => {
  nats = await startSecuredNatsServer();
});

afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close().catch(() => undefined)));
  await nats?.stop();
});

describe('the bus as a trust boundary (deploy/nats/auth.conf)', () => {
  it('refuses a connection without a user, or with a wrong password', async () => {
    await expect(connect({ servers: `127.0.0.1:${nats.port}` })).rejects.toThrow(/Authorization/i);
    const wrong = nats.urlFor('scheduling').replace(/:[^:@/]+@/, ':not-the-password@');
    await expect(connect(natsConnection(wrong))).rejects.toThrow(/Authorization/i);
  });

  it('lets the gateway send commands; a message from another user never reaches the service', async () => {
    const asked = await responder('scheduling', 'scheduling.reservation.cancel');
    expect(await ask('gateway', 'scheduling.reservation.cancel', 'from the gateway')).toBe(
      JSON.stringify({ ok: true, by: 'scheduling' }),
    );
    // audit, eligibility and notification may not cancel anyone's reservation.
    for (const user of ['audit', 'eligibility', 'notification'] as const)
      expect(await ask(user, 'scheduling.reservation.cancel', `forged by ${user}`)).toMatch(/^refused/);
    expect(asked).toEqual(['from the gateway']);
  });

  it('lets a service ask only the questions its work needs', async () => {
    const consents = await responder('scheduling', 'scheduling.reservation.consent');
    const checks = await responder('eligibility', 'eligibility.check');
    // notification turns an e-mail reply into a consent; scheduling asks eligibility.
    expect(await ask('notification', 'scheduling.reservation.consent', 'reply')).toContain('"ok":true');
    expect(await ask('scheduling', 'eligibility.check', 'may they?')).toContain('"ok":true');
    // ...and nothing else: eligibility may not consent for a seeker, audit may not check.
    expect(await ask('eligibility', 'scheduling.reservation.consent', 'forged')).toMatch(/^refused/);
    expect(await ask('audit', 'eligibility.check', 'forged')).toMatch(/^refused/);
    expect(consents).toEqual(['reply']);
    expect(checks).toEqual(['may they?']);
  });

  it('lets no one answer in another service’s name or read another’s replies', async () => {
    const intruder = await as('audit');
    const errors: string[] = [];
    void (async () => {
      for await (const s of intruder.status()) if (s.type === 'error') errors.push(String(s.error));
    })();
    intruder.subscribe('scheduling.reservation.request');
    intruder.subscribe('_INBOX_gateway.>');
    await intruder.flush();
    await eventually(() => expect(errors.join('\n')).toMatch(/Permissions Violation for Subscription/i));
    const asked = await responder('scheduling', 'scheduling.reservation.request');
    expect(await ask('gateway', 'scheduling.reservation.request', 'a request')).toContain('"by":"scheduling"');
    expect(asked).toEqual(['a request']);
  });

  it('takes a context’s events only from that context, and every service can consume them (JetStream, acks, outage counts)', async () => {
    const ctx = uniqueContext();
    const relay = await JetStreamEventBus.connect({ url: nats.urlFor('scheduling'), backoffMs: [50] });
    const forger = await JetStreamEventBus.connect({ url: nats.urlFor('gateway'), publishTimeoutMs: 1500 });
    // Anything the permissions refused on the way (an ack, an outage count) would be logged.
    const complaints: string[] = [];
    const logger = {
      info: () => undefined,
      warn: (_o: object, msg?: string) => void complaints.push(msg ?? ''),
      error: (_o: object, msg?: string) => void complaints.push(msg ?? ''),
    };
    const reader = await JetStreamEventBus.connect({ url: nats.urlFor('notification'), backoffMs: [50], logger });
    try {
      const seen: string[] = [];
      let outages = 0;
      await reader.consume({ durableName: `${ctx}-mailer`, subjects: [`events.scheduling.>`] }, async (e, attempt) => {
        if (!e.streamId.startsWith(ctx)) return;
        // One outage first: its count goes to the key-value bucket and comes back.
        if (outages++ === 0) throw new StoreUnavailableError('SMTP is down');
        expect(attempt).toEqual({ number: 1, last: false });
        seen.push(e.type);
      });
      const own = { ...envelope('scheduling', 'ReservationRequested', 1), streamId: `${ctx}-1` };
      await relay.publish([own]);
      const forged = { ...envelope('scheduling', 'ReservationCancelled', 2), streamId: `${ctx}-2` };
      await expect(forger.publish([forged])).rejects.toThrow();
      await eventually(() => expect(seen).toEqual(['ReservationRequested']));
      expect(complaints).toEqual(['event handler failed; will retry']);
    } finally {
      await Promise.all([relay.close(), forger.close(), reader.close()]);
    }
  });
});
