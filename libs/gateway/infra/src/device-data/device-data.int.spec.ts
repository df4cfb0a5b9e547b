// R52, R54 on a real nats-server and PostgreSQL: what a seeker's requests and join link
// reveal of their device is sealed with that seeker's own key, kept in the gateway's key
// table; the audit's disclosure opens it through `gateway.device-data.unseal`; and
// `events.eligibility.SeekerErased` on JetStream destroys the key, after which the data
// reads as erased while another seeker's still opens (and the seeker's token ends).
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import pg from 'pg';
import { seekerIdFor } from '@soudan/eligibility-contracts';
import { GatewayPatterns, seekerKeyOf, type UnsealDeviceDataResult } from '@soudan/gateway-contracts';
import { RpcError, type EventEnvelope, type EventRelay } from '@soudan/messaging';
import type { ServiceHost } from '@soudan/platform';
import { SchedulingPatterns } from '@soudan/scheduling-contracts';
import { eventually } from '@soudan/testing';
import { createGatewayRelay } from '../gateway.app';
import { DEVICE_DATA_KID, IdentityEventTypes, type AccessRecordedV1 } from '../auth/access-record';
import { AccessTokens, pseudonym } from '@soudan/identity-infra';
import {
  call,
  startGateway,
  stubService,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from '../auth/testing/harness';
import { seekerErased, seekerRegistered } from '../auth/testing/seekers';
import { startServers, type GatewayTestServers } from '../auth/testing/servers';
import { startGatewayServices, type GatewayServices } from './device-data.module';

const config = testConfig({ TRUST_PROXY: '1' });
const TARO = { jobSeekerNumber: '16070-24681357', seekerId: seekerIdFor(config.pseudonymKey, '16070-24681357') };
const HANAKO = { jobSeekerNumber: '16070-97531864', seekerId: seekerIdFor(config.pseudonymKey, '16070-97531864') };
const JOIN_TOKEN = 'TaroJoinToken-abcdefghijklmnop';

/** Scheduling as the gateway's routes here need it: the seeker's list, and Taro's meeting link. */
async function stubScheduling(
  mode: TestBackbone['mode'],
): Promise<ServiceHost & { joins: Array<Record<string, string>> }> {
  const joins: Array<Record<string, string>> = [];
  @Controller()
  class StubSchedulingController {
    @MessagePattern(SchedulingPatterns.listMyReservations)
    list() {
      return [];
    }

    @MessagePattern(SchedulingPatterns.joinSeeker)
    seekerOf(@Payload() p: { token: string }) {
      if (p.token !== JOIN_TOKEN) throw new RpcError('JOIN_LINK_NOT_FOUND', 'no such link', 404);
      return { seekerId: TARO.seekerId };
    }

    @MessagePattern(SchedulingPatterns.join)
    join(@Payload() p: { token: string; device: Record<string, string>; peek?: boolean }) {
      if (p.peek) return { outcome: 'open', slot: '2026-12-09T01:00:00.000Z', closesAt: '2026-12-09T01:30:00.000Z' };
      joins.push(p.device);
      return { outcome: 'joined', roomUrl: 'https://meet.soudan.example/room/taro' };
    }
  }
  return Object.assign(await stubService('scheduling', mode, StubSchedulingController), { joins });
}

describe('device data sealed per seeker, erased with the seeker (R52, R54)', () => {
  let servers: GatewayTestServers;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let services: GatewayServices;
  let relay: EventRelay;
  let scheduling: Awaited<ReturnType<typeof stubScheduling>>;
  let sql: pg.Client;
  const published: EventEnvelope[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    servers = await startServers('soudan_gw_device_data');
    parts = await servers.backbone();
    await parts.bus.consume({ durableName: 'device-data-test', subjects: ['events.gateway.>'] }, async (event) => {
      published.push(event);
    });
    scheduling = await stubScheduling(parts.mode);
    gateway = await startGateway({ backbone: parts, config, options: { accessRecords: { flushIntervalMs: 20 } } });
    services = await startGatewayServices(gateway.runtime);
    relay = createGatewayRelay(gateway.runtime);
    relay.start();
    const issuer = gateway.app.get(AccessTokens);
    tokens.taro = await issuer.issue({ kind: 'seeker', ...TARO, roles: ['seeker'] });
    tokens.hanako = await issuer.issue({ kind: 'seeker', ...HANAKO, roles: ['seeker'] });
    sql = new pg.Client({ connectionString: servers.db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end().catch(() => undefined);
    await relay?.stop();
    await services?.close();
    await gateway?.close();
    await scheduling?.close();
    await servers?.stop();
  });

  const unseal = (sealed: unknown[]) =>
    parts.rpc.request<UnsealDeviceDataResult>(GatewayPatterns.unsealDeviceData, {
      disclosureId: 'disclosure-1',
      sealed,
    });
  /** The pseudonym the access record shows for a user agent (identity-infra's crypto.ts): how a test finds its own record. */
  const accessOf = (agent: string) =>
    eventually(
      () =>
        published
          .filter((e) => e.type === IdentityEventTypes.AccessRecorded)
          .map((e) => e.data as AccessRecordedV1)
          .find((d) => d.device.userAgent === pseudonym(config.pseudonymKey, 'ua', agent)),
      {
        what: `the access record of ${agent}`,
      },
    );
  const request = (agent: string, ip: string, token?: string) =>
    call(gateway.url, 'GET', '/reservations', { token, headers: { 'user-agent': agent, 'x-forwarded-for': ip } });

  it('R52, R54: seals a seeker’s requests and join link with that seeker’s own key, others with the general key; the unseal pattern opens them', async () => {
    const taroAgent = 'TaroBrowser/1.0 (device-data probe)';
    const hanakoAgent = 'HanakoBrowser/2.0 (device-data probe)';
    const anonymousAgent = 'Anonymous/3.0 (device-data probe)';
    expect((await request(taroAgent, '203.0.113.10', tokens.taro)).status).toBe(200);
    expect((await request(hanakoAgent, '203.0.113.20', tokens.hanako)).status).toBe(200);
    expect((await request(anonymousAgent, '198.51.100.30')).status).toBe(401);
    // R15: opening the link (a mail scanner does too) shows the 参加する button and records no join.
    const looked = await fetch(`${gateway.url}/join/${JOIN_TOKEN}`, {
      redirect: 'manual',
      headers: { 'user-agent': 'MailScanner/1 (link check)', 'x-forwarded-for': '192.0.2.99' },
    });
    expect(looked.status).toBe(200);
    expect(await looked.text()).toContain(`<form method="post" action="/join/${JOIN_TOKEN}">`);
    expect(scheduling.joins).toHaveLength(0);
    const joined = await fetch(`${gateway.url}/join/${JOIN_TOKEN}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'user-agent': 'TaroPhone/9 (join)', 'x-forwarded-for': '203.0.113.11' },
    });
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe('https://meet.soudan.example/room/taro');

    const [taro, hanako, anonymous] = await Promise.all([
      accessOf(taroAgent),
      accessOf(hanakoAgent),
      accessOf(anonymousAgent),
    ]);
    expect(seekerKeyOf(taro.device.sealed)?.seekerId).toBe(TARO.seekerId);
    expect(seekerKeyOf(hanako.device.sealed)?.seekerId).toBe(HANAKO.seekerId);
    expect(anonymous.device.sealed?.kid).toBe(DEVICE_DATA_KID);
    const join = scheduling.joins[0];
    expect(seekerKeyOf(JSON.parse(join.sealed))).toEqual(seekerKeyOf(taro.device.sealed));
    expect(JSON.stringify(published)).not.toContain('203.0.113.10');

    const { devices } = await unseal([taro.device.sealed, hanako.device.sealed, join.sealed, anonymous.device.sealed]);
    expect(devices).toEqual([
      { ip: '203.0.113.10', userAgent: taroAgent },
      { ip: '203.0.113.20', userAgent: hanakoAgent },
      { ip: '203.0.113.11', userAgent: 'TaroPhone/9 (join)' },
      { ip: '198.51.100.30', userAgent: anonymousAgent },
    ]);
    // The key table holds each seeker's key wrapped, beside the gateway's events.
    const { rows } = await sql.query(
      `SELECT seeker_id, key_id, wrapped_key FROM gateway_keys.seeker_device_keys ORDER BY seeker_id`,
    );
    expect(rows.map((r) => r.seeker_id).sort()).toEqual([TARO.seekerId, HANAKO.seekerId].sort());
    expect(rows.every((r) => /^v1\./.test(r.wrapped_key))).toBe(true);
  });

  it('R54: SeekerErased on JetStream destroys the seeker’s key; their device data then reads as erased, another seeker’s still opens', async () => {
    const taro = await accessOf('TaroBrowser/1.0 (device-data probe)');
    const hanako = await accessOf('HanakoBrowser/2.0 (device-data probe)');
    const erased = seekerErased(TARO.seekerId);
    await parts.bus.publish([erased]);
    await eventually(
      async () => {
        const { devices } = await unseal([taro.device.sealed]);
        return 'erased' in devices[0] ? true : undefined;
      },
      { what: 'Taro’s device data erased' },
    );
    const { devices } = await unseal([taro.device.sealed, scheduling.joins[0].sealed, hanako.device.sealed]);
    expect(devices).toEqual([
      { erased: true },
      { erased: true },
      { ip: '203.0.113.20', userAgent: 'HanakoBrowser/2.0 (device-data probe)' },
    ]);
    const { rows } = await sql.query(
      `SELECT key_id, wrapped_key, erased_at FROM gateway_keys.seeker_device_keys WHERE seeker_id = $1`,
      [TARO.seekerId],
    );
    expect(rows).toEqual([{ key_id: null, wrapped_key: null, erased_at: expect.any(Date) }]);

    // The same event again, and another erasure of the same seeker: nothing changes, nothing fails.
    await parts.bus.publish([erased, seekerErased(TARO.seekerId)]);
    // Issue 9: the erasure ends the token Taro held (auth/seeker-tokens.int.spec.ts has the details).
    await eventually(
      async () => ((await request('TaroBrowser/1.0', '203.0.113.10', tokens.taro)).status === 401 ? true : undefined),
      { what: 'Taro’s token ended' },
    );
    // A request let through after the erasure keeps no raw values: one made before the end
    // of its token was recorded (another consumer's work), here a token issued afterwards.
    tokens.taroLate = await gateway.app.get(AccessTokens).issue({ kind: 'seeker', ...TARO, roles: ['seeker'] });
    const late = 'TaroBrowser/1.1 (after erasure)';
    expect((await request(late, '203.0.113.12', tokens.taroLate)).status).toBe(200);
    expect((await accessOf(late)).device.sealed).toBeNull();
    expect((await parts.bus.deadLetters()).filter((l) => l.consumer === 'gateway-device-data-erasure')).toEqual([]);
  });

  it('R54: a seeker listed again gets a new key for what they do from then on; what was erased stays erased', async () => {
    const before = await accessOf('TaroBrowser/1.0 (device-data probe)');
    await parts.bus.publish([seekerRegistered(TARO.seekerId)]);
    await eventually(
      async () =>
        (await sql.query(`SELECT 1 FROM gateway_keys.seeker_device_keys WHERE seeker_id = $1`, [TARO.seekerId]))
          .rowCount === 0
          ? true
          : undefined,
      {
        what: 'the erasure mark removed',
      },
    );
    const again = 'TaroBrowser/1.2 (listed again)';
    expect((await request(again, '203.0.113.13', tokens.taroLate)).status).toBe(200);
    const record = await accessOf(again);
    expect(seekerKeyOf(record.device.sealed)?.seekerId).toBe(TARO.seekerId);
    expect(seekerKeyOf(record.device.sealed)?.keyId).not.toBe(seekerKeyOf(before.device.sealed)?.keyId);
    const { devices } = await unseal([before.device.sealed, record.device.sealed]);
    expect(devices).toEqual([{ erased: true }, { ip: '203.0.113.13', userAgent: again }]);
  });

  it('R52: the unseal pattern wants the disclosure and a bounded batch', async () => {
    await expect(parts.rpc.request(GatewayPatterns.unsealDeviceData, { sealed: [] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    await expect(
      parts.rpc.request(GatewayPatterns.unsealDeviceData, { disclosureId: 'd', sealed: new Array(1001).fill({}) }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await unseal(['garbage', { kid: DEVICE_DATA_KID }])).devices).toEqual([
      { error: 'UNREADABLE' },
      { error: 'UNREADABLE' },
    ]);
  });

  it('R52: records that the relay published carry the event type and no raw value anywhere', () => {
    expect(
      published.every(
        (e) =>
          e.type === IdentityEventTypes.AccessRecorded ||
          e.type === IdentityEventTypes.AccessRecordsDropped ||
          e.type === IdentityEventTypes.StaffAccountChanged,
      ),
    ).toBe(true);
    const text = JSON.stringify(published);
    for (const raw of ['203.0.113.10', '203.0.113.20', '203.0.113.13', 'TaroBrowser']) expect(text).not.toContain(raw);
  });
});
