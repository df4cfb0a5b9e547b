// The audit service on a real PostgreSQL and a real nats-server: events arrive on
// JetStream as other services publish them, go into the hash-chained trail, and are
// replayed, filtered, verified (with rows changed behind the service's back in
// PostgreSQL), counted for the usage record and disclosed.
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  AuditPatterns,
  type AuditEventsPage,
  type DisclosureList,
  type DisclosureView,
  type IntegrityReport,
  type UsageReport,
} from '@soudan/audit-contracts';
import { linkRecord } from '@soudan/audit-domain';
import { seekerIdFor } from '@soudan/eligibility-contracts';
import { DuplicateEventIdError, PostgresEventStore, type EventStore } from '@soudan/event-store';
import { JetStreamEventBus, RpcError, type EventBus, type EventEnvelope } from '@soudan/messaging';
import {
  createTestDatabase,
  eventually,
  startNatsServer,
  startPostgres,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { ManualClock } from '@soudan/time';
import { TRAIL_STREAM } from './audit-record';
import { AuditTrail } from './audit-trail';
import { deviceDataKey } from './device-data';
import { quietLogger, startAudit, TEST_KEYS, type RunningAudit } from './testing/audit-service';

const PSEUDONYM_KEY = Buffer.from(TEST_KEYS.PSEUDONYM_KEY, 'hex');
const SEAL_KEY = deviceDataKey(Buffer.from(TEST_KEYS.ENCRYPTION_KEY, 'hex'));
const TARO = seekerIdFor(PSEUDONYM_KEY, '16070-12345678');
const HANAKO = seekerIdFor(PSEUDONYM_KEY, '16070-87654321');
const DEC9_1000 = '2026-12-09T01:00:00.000Z';

/** As the gateway seals device data (AES-256-GCM, kid as additional data). */
function seal(ip: string, userAgent: string) {
  const kid = 'device-data-v1';
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', SEAL_KEY, iv);
  cipher.setAAD(Buffer.from(kid));
  const ct = Buffer.concat([cipher.update(JSON.stringify({ ip, userAgent }), 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    kid,
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

let sourcePosition = 0;
function envelope(
  context: string,
  type: string,
  streamId: string,
  recordedAt: string,
  data: Record<string, unknown>,
): EventEnvelope {
  sourcePosition += 1;
  return {
    eventId: randomUUID(),
    context,
    type,
    streamId,
    revision: 0,
    position: String(sourcePosition),
    recordedAt,
    data,
    metadata: { correlationId: randomUUID(), actor: 'system:test', schemaVersion: 1 },
  };
}
const access = (
  at: string,
  principal: Record<string, unknown>,
  device: { ip: string; ua: string },
  route = '/api/v1/reservations',
) =>
  envelope('gateway', 'AccessRecorded', `access-${at.slice(0, 10)}`, at, {
    at,
    method: 'GET',
    route,
    params: {},
    status: 200,
    outcome: 'allowed',
    principal,
    durationMs: 3.2,
    device: { ip: `ip_${device.ip.length}`, userAgent: `ua_${device.ua.length}`, sealed: seal(device.ip, device.ua) },
  });

const history: EventEnvelope[] = [
  envelope('scheduling', 'ReservationRequested', 'reservation-r1', '2026-12-01T01:00:00.000Z', {
    reservationId: 'r1',
    seekerId: TARO,
    desiredSlots: [DEC9_1000],
    topic: '応募書類の書き方',
    requestedAt: '2026-12-01T01:00:00.000Z',
  }),
  access('2026-12-01T01:00:01.000Z', { kind: 'seeker', seekerId: TARO }, { ip: '203.0.113.7', ua: 'TaroBrowser/1.0' }),
  envelope('scheduling', 'ReservationOffered', 'reservation-r1', '2026-12-02T01:00:00.000Z', {
    reservationId: 'r1',
    seekerId: TARO,
    slots: [{ start: DEC9_1000 }],
    offeredBy: 'staff:sato',
  }),
  access(
    '2026-12-02T01:00:00.000Z',
    { kind: 'staff', username: 'sato', roles: ['supervisor'] },
    { ip: '10.0.0.5', ua: 'StaffPC' },
    '/api/v1/staff/reservations/:id/offer',
  ),
  envelope('scheduling', 'ReservationConfirmed', 'reservation-r1', '2026-12-03T01:00:00.000Z', {
    reservationId: 'r1',
    seekerId: TARO,
    slot: DEC9_1000,
    meetingUrl: 'http://localhost:3000/join/SECRETjoinTOKEN1234567',
    joinToken: 'SECRETjoinTOKEN1234567',
  }),
  envelope('scheduling', 'SeekerJoined', 'reservation-r1', '2026-12-09T00:50:00.000Z', {
    reservationId: 'r1',
    seekerId: TARO,
    joinedAt: '2026-12-09T00:50:00.000Z',
    device: { ip: 'ip_join', userAgent: 'ua_join', sealed: JSON.stringify(seal('198.51.100.20', 'TaroPhone/2.0')) },
  }),
  envelope('scheduling', 'SessionCompleted', 'reservation-r1', '2026-12-09T01:30:00.000Z', {
    reservationId: 'r1',
    seekerId: TARO,
    completedAt: '2026-12-09T01:30:00.000Z',
  }),
  access('2026-12-09T02:00:00.000Z', { kind: 'seeker', seekerId: HANAKO }, { ip: '192.0.2.44', ua: 'HanakoBrowser' }),
  envelope('eligibility', 'SeekerRegistered', `seeker-${TARO}`, '2026-11-20T00:00:00.000Z', {
    seekerId: TARO,
    officeCode: '16070',
    status: 'registered',
  }),
  access('2026-11-25T00:00:00.000Z', { kind: 'seeker', seekerId: TARO }, { ip: '203.0.113.99', ua: 'OldBrowser' }),
];

let nats: TestNatsServer;
let server: TestPostgresServer;
let db: TestDatabase;
let store: EventStore;
let audit: RunningAudit;
let publisher: EventBus;
let sql: pg.Client;
const clock = new ManualClock('2026-12-15T03:00:00.000Z');

const rpc = <T>(pattern: string, payload: unknown) => audit.rpc.request<T>(pattern, payload);
const list = (query: Record<string, unknown> = {}) =>
  rpc<AuditEventsPage>(AuditPatterns.listEvents, { limit: 1000, ...query });
const integrity = (query: Record<string, unknown> = {}) => rpc<IntegrityReport>(AuditPatterns.checkIntegrity, query);
const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  [nats, server] = await Promise.all([startNatsServer(), startPostgres()]);
  db = await createTestDatabase(server, 'soudan_audit');
  store = await PostgresEventStore.connect({ url: db.url, schema: 'audit' });
  audit = await startAudit({ natsUrl: nats.url, store, clock });
  publisher = await JetStreamEventBus.connect({ url: nats.url, logger: quietLogger() });
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await publisher.publish(history);
  await eventually(async () => ((await list()).events.length === history.length ? true : undefined), {
    what: 'every published event in the trail',
  });
});

afterAll(async () => {
  await sql?.end().catch(() => undefined);
  await publisher?.close().catch(() => undefined);
  await audit?.close();
  await store?.close();
  await db?.drop().catch(() => undefined);
  await nats?.stop();
  await server?.stop();
});

describe('replaying and filtering the history (R53)', () => {
  it('R53: replays everything in the order recorded, positions 0, 1, 2, ... and next null at the end', async () => {
    const first = await list({ limit: 4 });
    expect(first.events.map((e) => e.position)).toEqual(['0', '1', '2', '3']);
    expect(first.next).toBe('3');
    const second = await list({ limit: 4, from: first.next });
    expect(second.events.map((e) => e.position)).toEqual(['4', '5', '6', '7']);
    const last = await list({ limit: 4, from: second.next });
    expect(last.events.map((e) => e.position)).toEqual(['8', '9']);
    expect(last.next).toBeNull();
    expect([...first.events, ...second.events, ...last.events].map((e) => `${e.context}/${e.type}`)).toEqual(
      history.map((e) => `${e.context}/${e.type}`),
    );
    expect(first.events[0]).toMatchObject({
      stream: 'reservation-r1',
      at: '2026-12-01T01:00:00.000Z',
      category: 'reservation',
      purpose: 'operations',
    });
  });

  it('R53: filters by category, and next leads through the matches only', async () => {
    const page = await list({ category: 'access', limit: 2 });
    expect(page.events.map((e) => e.type)).toEqual(['AccessRecorded', 'AccessRecorded']);
    expect(page.next).toBe(page.events[1].position);
    const rest = await list({ category: 'access', limit: 2, from: page.next });
    expect(rest.events).toHaveLength(2);
    expect(rest.next).toBeNull();
    expect((await list({ category: 'eligibility' })).events.map((e) => e.type)).toEqual(['SeekerRegistered']);
    expect((await list({ category: 'disclosure' })).events).toEqual([]);
  });

  it('R53: since (inclusive) and until (exclusive) compare instants, whatever offset or precision they are written in', async () => {
    const day = await list({ since: '2026-12-09T09:00:00+09:00', until: '2026-12-10T00:00:00+09:00' });
    expect(day.events.map((e) => e.type)).toEqual(['SeekerJoined', 'SessionCompleted', 'AccessRecorded']);
    expect(
      (
        await list({ since: '2026-12-09T09:00:00+09:00', until: '2026-12-10T00:00:00+09:00', category: 'reservation' })
      ).events.map((e) => e.type),
    ).toEqual(['SeekerJoined', 'SessionCompleted']);
    // Half a second after the request: the request (at .000) is out, the access a second later is in.
    const fine = await list({ since: '2026-12-01T01:00:00.500Z', until: '2026-12-01T01:00:01.001Z' });
    expect(fine.events.map((e) => e.type)).toEqual(['AccessRecorded']);
    expect((await list({ until: '2026-11-21T00:00:00Z' })).events.map((e) => e.type)).toEqual(['SeekerRegistered']);
  });

  it('R53: refuses a malformed filter with VALIDATION_FAILED (400), never a 500', async () => {
    for (const query of [
      { from: 'abc' },
      { limit: 0 },
      { category: 'secrets' },
      { since: 'yesterday' },
      { since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' },
    ]) {
      expect(await rejection(list(query))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    }
  });

  it('R52: the history shows device pseudonyms, never the sealed values, and no working join link', async () => {
    const { events } = await list();
    const taro = events.find((e) => e.type === 'AccessRecorded' && (e.data as any).principal.seekerId === TARO)!;
    expect((taro.data as any).device).toEqual({ ip: 'ip_11', userAgent: 'ua_15' });
    const confirmed = events.find((e) => e.type === 'ReservationConfirmed')!;
    expect(confirmed.data).toEqual({
      reservationId: 'r1',
      seekerId: TARO,
      slot: DEC9_1000,
      meetingUrl: 'http://localhost:3000/join/[redacted]',
    });
    const text = JSON.stringify(events);
    for (const secret of ['203.0.113.7', 'TaroBrowser', 'SECRETjoinTOKEN', '"sealed"', '"ct"'])
      expect(text).not.toContain(secret);
  });
});

describe('tamper evidence (R53)', () => {
  const trailRow = async (type: string) =>
    (
      await sql.query('SELECT revision, data FROM audit.events WHERE stream_id = $1 AND data->>$2 = $3', [
        'audit-trail',
        'type',
        type,
      ])
    ).rows[0];

  it('R53: an untouched trail verifies, every record checked', async () => {
    const report = await integrity();
    expect(report).toEqual({ ok: true, checked: history.length, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('R53: a record changed directly in PostgreSQL shows at its position; put back, the trail verifies again', async () => {
    const row = await trailRow('ReservationOffered');
    await sql.query(
      `UPDATE audit.events SET data = jsonb_set(data, '{data,offeredBy}', '"staff:mallory"') WHERE stream_id = 'audit-trail' AND revision = $1`,
      [row.revision],
    );
    expect(await integrity()).toMatchObject({
      ok: false,
      checked: history.length,
      firstBadPosition: String(row.revision),
      problem: 'altered',
      badPositions: 1,
    });
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      row.revision,
      JSON.stringify(row.data),
    ]);
    expect(await integrity()).toMatchObject({ ok: true, checked: history.length });
  });

  it('R53: a record whose hash was recomputed by the forger breaks the link of the next one', async () => {
    const row = await trailRow('ReservationConfirmed');
    // Change the content and give it a hash that fits, as someone who knows the scheme would.
    const { hash: _hash, seq, prevHash, ...content } = row.data;
    const forged = linkRecord(
      { ...content, data: { ...content.data, slot: '2026-12-10T01:00:00.000Z' } },
      seq,
      prevHash,
    );
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      row.revision,
      JSON.stringify(forged),
    ]);
    expect(await integrity()).toMatchObject({
      ok: false,
      firstBadPosition: String(Number(row.revision) + 1),
      problem: 'unlinked',
    });
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      row.revision,
      JSON.stringify(row.data),
    ]);
  });

  it('R53: the latest record rewritten with a fitting hash shows, though no record links to it', async () => {
    const { rows } = await sql.query('SELECT revision, data FROM audit.events WHERE stream_id = $1 AND revision = $2', [
      'audit-trail',
      history.length - 1,
    ]);
    const [latest] = rows;
    const { hash: _hash, seq, prevHash, ...content } = latest.data;
    const forged = linkRecord({ ...content, type: 'Forged' }, seq, prevHash);
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      latest.revision,
      JSON.stringify(forged),
    ]);
    expect(await integrity()).toMatchObject({
      ok: false,
      firstBadPosition: String(history.length - 1),
      problem: 'altered',
    });
    await sql.query(`UPDATE audit.events SET data = $2::jsonb WHERE stream_id = 'audit-trail' AND revision = $1`, [
      latest.revision,
      JSON.stringify(latest.data),
    ]);
    expect(await integrity()).toMatchObject({ ok: true, checked: history.length });
  });

  it('R53: a deleted record and a cut-off end show as missing at their positions', async () => {
    const columns =
      'position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at';
    const restore = async (row: any) =>
      sql.query(
        'INSERT INTO audit.events (position, transaction_id, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ($1, $2::xid8, $3, $4, $5, $6, $7, $8, $9)',
        [
          row.position,
          row.transaction_id,
          row.stream_id,
          row.revision,
          row.event_id,
          row.type,
          JSON.stringify(row.data),
          JSON.stringify(row.metadata),
          row.recorded_at,
        ],
      );
    const [middle] = (
      await sql.query(`DELETE FROM audit.events WHERE stream_id = 'audit-trail' AND revision = 4 RETURNING ${columns}`)
    ).rows;
    expect(await integrity()).toMatchObject({
      ok: false,
      checked: history.length - 1,
      firstBadPosition: '4',
      problem: 'missing',
      badPositions: 1,
    });
    await restore(middle);
    const [last] = (
      await sql.query(
        `DELETE FROM audit.events WHERE stream_id = 'audit-trail' AND revision = $1 RETURNING ${columns}`,
        [history.length - 1],
      )
    ).rows;
    expect(await integrity()).toMatchObject({
      ok: false,
      firstBadPosition: String(history.length - 1),
      problem: 'missing',
    });
    await restore(last);
    expect(await integrity()).toMatchObject({ ok: true, checked: history.length });
  });

  it('R53: a check resumes after a position; an unknown position is AUDIT_POSITION_NOT_FOUND', async () => {
    expect(await integrity({ from: '5' })).toMatchObject({ ok: true, checked: history.length - 6 });
    expect(await rejection(integrity({ from: '999' }))).toMatchObject({
      code: 'AUDIT_POSITION_NOT_FOUND',
      status: 404,
    });
  });
});

describe('the usage record (Art. 7(1))', () => {
  it('R50: counts the month by day and slot from scheduling’s events, without personal data', async () => {
    const report = await rpc<UsageReport>(AuditPatterns.usage, { month: '2026-12' });
    expect(report.days).toEqual([
      { date: '2026-12-01', requests: 1, lapsed: 0, rejected: 0, withdrawn: 0, slots: [] },
      {
        date: '2026-12-09',
        requests: 0,
        lapsed: 0,
        rejected: 0,
        withdrawn: 0,
        slots: [
          {
            start: '10:00',
            desired: 1,
            offered: 1,
            confirmed: 1,
            followUps: 0,
            joined: 1,
            checkedIn: 0,
            completed: 1,
            noShows: 0,
            cancelled: 0,
            terminated: 0,
          },
        ],
      },
    ]);
    const text = JSON.stringify(report);
    for (const secret of [TARO, 'r1', '応募書類']) expect(text).not.toContain(secret);
  });

  it('R50: a month that is not YYYY-MM is VALIDATION_FAILED (400)', async () => {
    for (const month of ['2026-13', '2026-1', undefined, '']) {
      expect(await rejection(rpc(AuditPatterns.usage, { month }))).toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
        details: { fields: { month: [expect.any(String)] } },
      });
    }
  });
});

describe('disclosure of device data (R52, Art. 7(2))', () => {
  const requestDisclosure = (actor: string, scope: Record<string, unknown>) =>
    rpc<DisclosureView>(AuditPatterns.requestDisclosure, {
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope,
      actor,
    });
  const approve = (disclosureId: string, actor: string) =>
    rpc<DisclosureView>(AuditPatterns.approveDisclosure, { disclosureId, actor });
  const get = (disclosureId: string, actor: string, page: Record<string, unknown> = {}) =>
    rpc<DisclosureView>(AuditPatterns.getDisclosure, { disclosureId, actor, ...page });

  it('R52: a second supervisor approves; only then are the seeker’s device data shown, raw, and every step is in the trail', async () => {
    // Typed as staff do: full-width digits and a long dash.
    const requested = await requestDisclosure('staff:sato', {
      jobSeekerNumber: '１６０７０ー１２３４５６７８',
      from: '2026-12-01',
      to: '2026-12-14',
    });
    expect(requested).toMatchObject({
      status: 'requested',
      scope: { seekerId: TARO, from: '2026-12-01', to: '2026-12-14' },
      requestedBy: 'staff:sato',
    });
    const before = await get(requested.id, 'staff:kato');
    expect(before.status).toBe('requested');
    expect(before.records).toBeUndefined();

    expect(await rejection(approve(requested.id, 'staff:sato'))).toMatchObject({ code: 'SAME_APPROVER', status: 409 });
    expect(await approve(requested.id, 'staff:kato')).toMatchObject({ status: 'approved', approvedBy: 'staff:kato' });
    expect(await rejection(approve(requested.id, 'staff:ito'))).toMatchObject({
      code: 'DISCLOSURE_ALREADY_APPROVED',
      status: 409,
    });

    const shown = await get(requested.id, 'staff:kato');
    // Taro's own devices in the period: his access on 1 Dec and his join; not Hanako's, not staff's, not November's.
    expect(shown.records!.map((r) => [r.type, r.device])).toEqual([
      ['AccessRecorded', { ip: '203.0.113.7', userAgent: 'TaroBrowser/1.0' }],
      ['SeekerJoined', { ip: '198.51.100.20', userAgent: 'TaroPhone/2.0' }],
    ]);
    expect(shown.next).toBeNull();
    expect(JSON.stringify(shown.records)).not.toContain('"sealed"');

    const steps = await eventually(
      async () => {
        const page = await list({ category: 'disclosure' });
        return page.events.length >= 3 ? page.events : undefined;
      },
      { what: 'the disclosure steps in the trail' },
    );
    expect(steps.map((e) => e.type)).toEqual([
      'DisclosureRequested',
      'DisclosureApproved',
      'DisclosureRecordsRevealed',
    ]);
    expect(steps[2].data).toMatchObject({ disclosureId: requested.id, revealedTo: 'staff:kato', count: 2 });
    // R54: the trail names the seeker by pseudonym only.
    expect(JSON.stringify((await list()).events)).not.toContain('12345678');
    expect(await integrity()).toMatchObject({ ok: true });
  });

  it('R52: a period without a seeker discloses every device record in it, a page at a time', async () => {
    const requested = await requestDisclosure('staff:sato', { from: '2026-12-01', to: '2026-12-09' });
    await approve(requested.id, 'staff:kato');
    const first = await get(requested.id, 'staff:ito', { limit: 2 });
    expect(first.records!.map((r) => r.device)).toEqual([
      { ip: '203.0.113.7', userAgent: 'TaroBrowser/1.0' },
      { ip: '10.0.0.5', userAgent: 'StaffPC' },
    ]);
    const rest = await get(requested.id, 'staff:ito', { limit: 2, from: first.next });
    expect(rest.records!.map((r) => r.device)).toEqual([
      { ip: '198.51.100.20', userAgent: 'TaroPhone/2.0' },
      { ip: '192.0.2.44', userAgent: 'HanakoBrowser' },
    ]);
    expect(rest.next).toBeNull();
  });

  it('R52: refuses incomplete requests, unknown disclosures and callers that are not named', async () => {
    expect(await rejection(requestDisclosure('staff:sato', { from: '2026-12-10', to: '2026-12-01' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    expect(
      await rejection(
        requestDisclosure('staff:sato', { jobSeekerNumber: '1234', from: '2026-12-01', to: '2026-12-01' }),
      ),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: { 'scope.jobSeekerNumber': [expect.any(String)] } },
    });
    // Issue 9: a request that names no one is not the gateway's, whatever it asks.
    expect(await rejection(requestDisclosure('', { from: '2026-12-01', to: '2026-12-01' }))).toMatchObject({
      code: 'PRINCIPAL_INVALID',
    });
    expect(await rejection(get(randomUUID(), 'staff:kato'))).toMatchObject({
      code: 'DISCLOSURE_NOT_FOUND',
      status: 404,
    });
    expect(await rejection(approve('not-an-id', 'staff:kato'))).toMatchObject({
      code: 'DISCLOSURE_NOT_FOUND',
      status: 404,
    });
  });
});

describe('usage and disclosures per office (R74)', () => {
  const JIRO = seekerIdFor(PSEUDONYM_KEY, '13010-00000002');
  const DEC10_1000 = '2026-12-10T01:00:00.000Z';

  it('R74: each office reads its own usage and disclosures; a national role reads every office', async () => {
    const joined = (reservationId: string, seekerId: string, ip: string) =>
      envelope('scheduling', 'SeekerJoined', `reservation-${reservationId}`, '2026-12-10T00:55:00.000Z', {
        reservationId,
        seekerId,
        joinedAt: '2026-12-10T00:55:00.000Z',
        device: { ip: 'ip_join', userAgent: 'ua_join', sealed: JSON.stringify(seal(ip, 'Phone')) },
      });
    const requested = (reservationId: string, seekerId: string, officeCode: string) =>
      envelope('scheduling', 'ReservationRequested', `reservation-${reservationId}`, '2026-12-04T01:00:00.000Z', {
        reservationId,
        seekerId,
        officeCode,
        desiredSlots: [DEC10_1000],
        requestedAt: '2026-12-04T01:00:00.000Z',
      });
    await publisher.publish([
      requested('r-13010', JIRO, '13010'),
      joined('r-13010', JIRO, '198.51.100.130'),
      requested('r-16070', HANAKO, '16070'),
      joined('r-16070', HANAKO, '198.51.100.160'),
    ]);
    await eventually(
      async () =>
        (await list()).events.filter((e) => (e.data as { reservationId?: string })?.reservationId === 'r-16070')
          .length === 2
          ? true
          : undefined,
      { what: 'the two offices’ events in the trail' },
    );

    // Usage: Iidabashi's one request; Namerikawa's two (r1 names no office: a history of before offices is the home office's).
    const usage = (offices?: string[]) =>
      rpc<UsageReport>(AuditPatterns.usage, { month: '2026-12', ...(offices ? { offices } : {}) });
    expect((await usage(['13010'])).totals).toMatchObject({ requests: 1 });
    expect((await usage(['16070'])).totals).toMatchObject({ requests: 2 });
    expect((await usage(['*'])).totals).toMatchObject({ requests: 3 });
    expect(await rejection(usage(['1307x']))).toMatchObject({ code: 'VALIDATION_FAILED' });

    const disclosure = await rpc<DisclosureView>(AuditPatterns.requestDisclosure, {
      authority: '警視庁',
      legalBasis: '刑事訴訟法第197条第2項',
      scope: { from: '2026-12-10', to: '2026-12-10', office: '13010' },
      actor: 'staff:iida',
    });
    expect(disclosure.scope).toMatchObject({ office: '13010' });
    const approve = (actor: string, offices: string[]) =>
      rpc<DisclosureView>(AuditPatterns.approveDisclosure, { disclosureId: disclosure.id, actor, offices });
    const get = (actor: string, offices: string[]) =>
      rpc<DisclosureView>(AuditPatterns.getDisclosure, { disclosureId: disclosure.id, actor, offices });
    // Another office's supervisor: as if it did not exist.
    expect(await rejection(approve('staff:sato', ['16070']))).toMatchObject({ code: 'DISCLOSURE_NOT_FOUND' });
    expect(await rejection(get('staff:sato', ['16070']))).toMatchObject({ code: 'DISCLOSURE_NOT_FOUND' });
    expect(await approve('staff:hashi', ['13010'])).toMatchObject({ status: 'approved' });
    // Only Iidabashi's records of the day, whoever reads it (a national role too).
    for (const offices of [['13010'], ['*']])
      expect((await get('staff:hashi', offices)).records!.map((r) => r.device)).toEqual([
        { ip: '198.51.100.130', userAgent: 'Phone' },
      ]);
  });
});

describe('the list of disclosures (R52, R74)', () => {
  const request = (actor: string, scope: Record<string, unknown>) =>
    rpc<DisclosureView>(AuditPatterns.requestDisclosure, {
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope,
      actor,
    });
  const listDisclosures = (query: Record<string, unknown>) => rpc<DisclosureList>(AuditPatterns.listDisclosures, query);
  const ids = (answer: DisclosureList, among: string[]) =>
    answer.disclosures.map((d) => d.id).filter((id) => among.includes(id));

  it('R52: a request is listed as waiting at once, then as approved, newest first; the list never holds records or device data', async () => {
    const first = await request('staff:sato', {
      jobSeekerNumber: '16070-12345678',
      from: '2026-12-01',
      to: '2026-12-14',
    });
    const second = await request('staff:sato', { from: '2026-12-09', to: '2026-12-09', office: '16070' });
    const mine = [first.id, second.id];

    // Read-your-writes: no wait for the trail.
    const pending = await listDisclosures({ offices: ['16070'], status: 'requested' });
    expect(ids(pending, mine)).toEqual([second.id, first.id]);
    expect(pending.disclosures.find((d) => d.id === first.id)).toEqual({
      id: first.id,
      office: '16070',
      status: 'requested',
      authority: '富山県警察本部',
      legalBasis: '刑事訴訟法第197条第2項',
      scope: { seekerId: TARO, from: '2026-12-01', to: '2026-12-14' },
      requestedBy: 'staff:sato',
      requestedAt: first.requestedAt,
    });

    await rpc<DisclosureView>(AuditPatterns.approveDisclosure, { disclosureId: first.id, actor: 'staff:kato' });
    // Shown once: the reveal is the trail's, not the list's.
    expect(
      (await rpc<DisclosureView>(AuditPatterns.getDisclosure, { disclosureId: first.id, actor: 'staff:kato' })).records!
        .length,
    ).toBeGreaterThan(0);

    expect(ids(await listDisclosures({ offices: ['16070'], status: 'requested' }), mine)).toEqual([second.id]);
    const approved = await listDisclosures({ offices: ['16070'], status: 'approved' });
    expect(ids(approved, mine)).toEqual([first.id]);
    expect(approved.disclosures.find((d) => d.id === first.id)).toMatchObject({
      status: 'approved',
      approvedBy: 'staff:kato',
      approvedAt: expect.any(String),
    });
    const both = await listDisclosures({ offices: ['16070'] });
    expect(ids(both, mine)).toEqual([second.id, first.id]);
    for (const listed of both.disclosures) {
      expect(Object.keys(listed).sort()).toEqual(
        expect.arrayContaining([
          'id',
          'office',
          'status',
          'authority',
          'legalBasis',
          'scope',
          'requestedBy',
          'requestedAt',
        ]),
      );
      expect(listed).not.toHaveProperty('records');
      expect(listed).not.toHaveProperty('next');
    }
    const text = JSON.stringify(both);
    for (const secret of [
      '203.0.113.7',
      'TaroBrowser',
      '198.51.100.20',
      'TaroPhone',
      '"device"',
      '"sealed"',
      '12345678',
    ])
      expect(text).not.toContain(secret);
  });

  it("R74: another office's disclosure is not listed to a supervisor of this office; a national role lists every office's", async () => {
    const iidabashi = await request('staff:iida', { from: '2026-12-10', to: '2026-12-10', office: '13010' });
    const namerikawa = await request('staff:sato', { from: '2026-12-10', to: '2026-12-10', office: '16070' });
    const mine = [iidabashi.id, namerikawa.id];
    expect(ids(await listDisclosures({ offices: ['16070'] }), mine)).toEqual([namerikawa.id]);
    expect(ids(await listDisclosures({ offices: ['13010'] }), mine)).toEqual([iidabashi.id]);
    expect(ids(await listDisclosures({ offices: ['13010', '16070'] }), mine)).toEqual([namerikawa.id, iidabashi.id]);
    expect(ids(await listDisclosures({ offices: ['*'] }), mine)).toEqual([namerikawa.id, iidabashi.id]);
    expect((await listDisclosures({ offices: ['13010'] })).disclosures.every((d) => d.office === '13010')).toBe(true);
  });

  it('R52: a status or offices that cannot be are VALIDATION_FAILED (400)', async () => {
    expect(await rejection(listDisclosures({ status: 'pending' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: { fields: { status: [expect.any(String)] } },
    });
    expect(await rejection(listDisclosures({ offices: ['1607x'] }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('writers racing and restarts (R53)', () => {
  it('R53: events that arrive together go into the trail in one write, linked in order; a batch holding a recorded event is refused whole, and one by one each is kept once', async () => {
    const batchStore = await PostgresEventStore.connect({ url: db.url, schema: 'audit_batch' });
    try {
      const a = new AuditTrail(batchStore, quietLogger());
      const b = new AuditTrail(batchStore, quietLogger());
      const events = Array.from({ length: 30 }, (_, i) => ({
        eventId: `batch-${i}`,
        context: 'scheduling',
        streamId: `reservation-b${i}`,
        type: 'ReservationLapsed',
        revision: 0,
        position: String(i),
        recordedAt: '2026-12-03T00:00:00.000Z',
        data: { reservationId: `b${i}`, lapsedAt: '2026-12-03T00:00:00.000Z' },
        metadata: { correlationId: `c${i}` },
      }));
      await a.recordAll(events.slice(0, 10));
      const written = await batchStore.readStream(TRAIL_STREAM);
      expect(written.map((r) => r.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // One write: every record carries the same transaction in its position.
      expect(new Set(written.map((r) => r.position >> 20n)).size).toBe(1);
      expect(written.map((r) => (r.data as { stream: string }).stream)).toEqual(
        events.slice(0, 10).map((e) => e.streamId),
      );

      // b has not seen a's write; its batch overlaps it and is refused whole.
      await expect(b.recordAll(events.slice(5, 15))).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await batchStore.readStream(TRAIL_STREAM)).toHaveLength(10);
      for (const event of events.slice(5, 15)) await b.record(event);

      // Two replicas with overlapping batches at once: what is refused goes one by one.
      const batches = [events.slice(15, 25), events.slice(20, 30)];
      const outcomes = await Promise.allSettled([a.recordAll(batches[0]), b.recordAll(batches[1])]);
      for (const [i, outcome] of outcomes.entries())
        if (outcome.status === 'rejected') for (const event of batches[i]) await [a, b][i].record(event);

      expect(await a.verify()).toMatchObject({ ok: true, checked: 30 });
      const page = await b.list({ limit: 1000 });
      expect(page.events.map((e) => e.stream).sort()).toEqual(events.map((e) => e.streamId).sort());
    } finally {
      await batchStore.close();
    }
  });

  it('R53: two replicas recording at once, with redeliveries, keep one unbroken chain with each event once', async () => {
    const raceStore = await PostgresEventStore.connect({ url: db.url, schema: 'audit_race' });
    try {
      const a = new AuditTrail(raceStore, quietLogger());
      const b = new AuditTrail(raceStore, quietLogger());
      const events = Array.from({ length: 40 }, (_, i) => ({
        eventId: `race-${i}`,
        context: 'scheduling',
        streamId: `reservation-x${i}`,
        type: 'ReservationLapsed',
        revision: 0,
        position: String(i),
        recordedAt: `2026-12-0${(i % 9) + 1}T00:00:00.000Z`,
        data: { reservationId: `x${i}`, lapsedAt: `2026-12-0${(i % 9) + 1}T00:00:00.000Z` },
        metadata: { correlationId: `c${i}` },
      }));
      // Each replica gets half, and a few events reach both (redelivery to another replica).
      await Promise.all([...events.slice(0, 25).map((e) => a.record(e)), ...events.slice(15).map((e) => b.record(e))]);
      expect(await a.verify()).toMatchObject({ ok: true, checked: 40 });
      const page = await b.list({ limit: 1000 });
      expect(page.events.map((e) => e.stream).sort()).toEqual(events.map((e) => e.streamId).sort());
      expect((await a.usage('2026-12')).totals.lapsed).toBe(40);

      // A restart reads the trail back and links the next record after the last.
      const restarted = new AuditTrail(raceStore, quietLogger());
      await restarted.record({ ...events[0], eventId: 'after-restart' });
      await restarted.record(events[1]);
      expect(await restarted.verify()).toMatchObject({ ok: true, checked: 41 });

      // A check that must answer quickly goes in parts, each resuming where the last stopped.
      const hurried = new AuditTrail(raceStore, quietLogger(), { integrityBudgetMs: 0, pageSize: 16 });
      const parts: IntegrityReport[] = [await hurried.verify()];
      while (parts.at(-1)!.next) parts.push(await hurried.verify(Number(parts.at(-1)!.next)));
      expect(parts.map((p) => [p.ok, p.checked, p.next])).toEqual([
        [true, 16, '15'],
        [true, 16, '31'],
        [true, 9, undefined],
      ]);
      expect(parts.at(-1)!.lastHash).toBe((await restarted.verify()).lastHash);
    } finally {
      await raceStore.close();
    }
  });
});
