// The eligibility service on a real PostgreSQL and a real nats-server: request-reply
// over NATS, the no-show consumer on JetStream, suspensions in time, erasure (R54).
import { jest } from '@jest/globals';
import pg from 'pg';
import {
  EligibilityPatterns,
  type EligibilityCheckRequest,
  type EligibilityCheckResult,
  type GetContactResult,
  type MatchSeekerResult,
  type OpenReview,
  type RegisterSeekerResult,
  type RosterImportResult,
  type RosterSearchResult,
  type SeekerView,
  type SuspendSeekerResult,
} from '@soudan/eligibility-contracts';
import { PersonalDataVault, seekerStream } from '@soudan/eligibility-application';
import { evolve, initialState, type SeekerEvent } from '@soudan/eligibility-domain';
import { PostgresEventStore, type EventStore } from '@soudan/event-store';
import { RpcError, type EventEnvelope } from '@soudan/messaging';
import { SchedulingEventTypes, type SessionNoShowV1, type SessionTerminatedV1 } from '@soudan/scheduling-contracts';
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
import { SqlSeekerKeyStore } from '@soudan/seeker-keys';
import { READY_FOR_ONLINE, startEligibility, TEST_KEYS, type RunningEligibility } from './testing/eligibility-service';

const ready = READY_FOR_ONLINE;

let nats: TestNatsServer;
let server: TestPostgresServer;
let db: TestDatabase;
let store: EventStore;
let service: RunningEligibility;
const clock = new ManualClock('2026-11-25T01:00:00.000Z');

const rpc = <T>(pattern: string, payload: unknown) => service.rpc.request<T>(pattern, payload);
const register = (jobSeekerNumber: string, name = '滑川 太郎', email = 'taro@example.jp', officeCode = '16070') =>
  rpc<RegisterSeekerResult>(EligibilityPatterns.registerSeeker, {
    jobSeekerNumber,
    name,
    email,
    officeCode,
    status: 'registered',
    actor: 'staff:sato',
  });
const check = (jobSeekerNumber: string, overrides: Partial<EligibilityCheckRequest> = {}) =>
  rpc<EligibilityCheckResult>(EligibilityPatterns.check, {
    jobSeekerNumber,
    at: clock.now().toISOString(),
    ...ready,
    ...overrides,
  });
const history = async (seekerId: string) =>
  (await store.readStream(seekerStream(seekerId))) as unknown as Array<SeekerEvent & { eventId: string }>;
const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('expected a refusal');
};

let published = 0;
function envelope(
  type: 'SessionNoShow' | 'SessionTerminated',
  data: SessionNoShowV1 | SessionTerminatedV1,
  eventId = `sched-${++published}`,
): EventEnvelope {
  return {
    eventId,
    context: 'scheduling',
    type,
    streamId: `reservation-${data.reservationId}`,
    revision: 3,
    position: String(published),
    recordedAt: clock.now().toISOString(),
    data,
    metadata: { correlationId: `corr-${eventId}`, actor: 'system:timer', schemaVersion: 1 },
  };
}

beforeAll(async () => {
  nats = await startNatsServer();
  server = await startPostgres();
  db = await createTestDatabase(server);
  store = await PostgresEventStore.connect({ url: db.url, schema: 'eligibility' });
  service = await startEligibility({ natsUrl: nats.url, store, clock });
});

afterAll(async () => {
  await service?.close();
  await store?.close();
  await db?.drop().catch(() => undefined);
  await server?.stop();
  await nats?.stop();
});

describe('eligibility.check over NATS request-reply', () => {
  it('R40: answers eligible with the pseudonymous seeker id for a registered seeker', async () => {
    const added = await register('16070-10000001');
    expect(added.outcome).toBe('registered');
    expect(added.seekerId).toMatch(/^[0-9a-f]{32}$/);
    expect(await check('16070-10000001')).toEqual({ eligible: true, seekerId: added.seekerId });
    // Written with full-width digits and another dash, it is the same seeker.
    expect(await check('１６０７０ー１００００００１')).toEqual({ eligible: true, seekerId: added.seekerId });
  });

  it("R10, R11: a check that carries the request's contact reads the seeker's stream once and records the contact on what it read", async () => {
    const { seekerId } = await register('16070-40000011', '立山 一郎', 'ichiro@example.jp');
    const reads = jest.spyOn(store, 'readStream');
    try {
      const result = await check('16070-40000011', {
        contact: { name: '立山 一郎', email: 'ichiro.home@example.jp' },
      });
      expect(result).toEqual({ eligible: true, seekerId });
      expect(reads.mock.calls.filter(([stream]) => stream === seekerStream(seekerId))).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toMatchObject({
      email: 'ichiro.home@example.jp',
    });
    // The same contact again appends nothing.
    await check('16070-40000011', { contact: { name: '立山 一郎', email: 'ichiro.home@example.jp' } });
    expect((await history(seekerId)).filter((e) => e.type === 'ContactRecorded')).toHaveLength(1);
  });

  it('R40-R41: lists every reason that applies', async () => {
    await register('16070-10000002', '滑川 花子', 'hanako@example.jp', '13010');
    const result = await check('16070-10000002', {
      devices: { camera: false, microphone: true, speaker: true },
      environment: { ...ready.environment, noPublicWifi: false },
      onlineReason: '',
    });
    expect(result.eligible).toBe(false);
    expect(!result.eligible && result.reasons.map((r) => r.code)).toEqual([
      'OTHER_OFFICE',
      'DEVICE_NOT_READY',
      'ENVIRONMENT_NOT_CONFIRMED',
      'ONLINE_REASON_MISSING',
    ]);
  });

  it('R40(a): a seeker not on the roster is NOT_REGISTERED, without a seeker id', async () => {
    expect(await check('16070-99999999')).toEqual({ eligible: false, reasons: [{ code: 'NOT_REGISTERED' }] });
  });

  it('refuses a malformed check with VALIDATION_FAILED, not a fault', async () => {
    const error = await rejection(check('not-a-number'));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(await rejection(check('16070-10000001', { at: 'yesterday' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('re-registering the same entry changes nothing; a corrected address is one SeekerUpdated', async () => {
    const again = await register('16070-10000001');
    expect(again.outcome).toBe('unchanged');
    const before = (await history(again.seekerId)).length;
    expect((await register('16070-10000001', '滑川 太郎', 'taro.new@example.jp')).outcome).toBe('updated');
    const events = await history(again.seekerId);
    expect(events.slice(before).map((e) => e.type)).toEqual(['SeekerUpdated']);
    expect(
      events.every((e) => (e as unknown as { metadata: { schemaVersion: number } }).metadata.schemaVersion === 1),
    ).toBe(true);
  });
});

describe('no-shows (R19) and terminations (R21) from scheduling', () => {
  it('R19: the same SessionNoShow delivered twice counts once', async () => {
    const { seekerId } = await register('16070-20000001', '常願寺 一郎', 'ichiro@example.jp');
    const noShow = envelope(SchedulingEventTypes.SessionNoShow, {
      reservationId: 'r-100',
      seekerId,
      slot: '2026-06-01T01:00:00.000Z',
      recordedAt: '2026-06-01T01:10:00.000Z',
    });
    // Twice through JetStream: the broker drops the repeat within its window...
    await service.bus.publish([noShow]);
    await service.bus.publish([noShow]);
    await eventually(async () =>
      (await history(seekerId)).some((e) => e.type === 'NoShowCounted') ? true : undefined,
    );
    // ...and a redelivery after a crash between the append and the inbox entry, or a
    // replay by scheduling under a new event id, appends nothing either.
    await service.core.noShows.handle(noShow);
    await service.core.noShows.handle({ ...noShow, eventId: 'sched-replayed' });
    await new Promise((r) => setTimeout(r, 300));
    const counted = (await history(seekerId)).filter((e) => e.type === 'NoShowCounted');
    expect(counted).toHaveLength(1);
    expect(counted[0].eventId).toBe(`${noShow.eventId}:NoShowCounted`);
    expect(await store.inbox.has('eligibility-no-shows', noShow.eventId)).toBe(true);
  });

  it('R19: the threshold raises a review for supervisors and never suspends', async () => {
    const { seekerId } = await register('16070-20000002', '早月 二郎', 'jiro@example.jp');
    await service.bus.publish([
      envelope(SchedulingEventTypes.SessionNoShow, {
        reservationId: 'r-201',
        seekerId,
        slot: '2026-07-01T01:00:00.000Z',
        recordedAt: '2026-07-01T01:10:00.000Z',
      }),
    ]);
    await service.bus.publish([
      envelope(SchedulingEventTypes.SessionNoShow, {
        reservationId: 'r-202',
        seekerId,
        slot: '2026-11-20T01:00:00.000Z',
        recordedAt: '2026-11-20T01:10:00.000Z',
      }),
    ]);
    const review = await eventually(async () =>
      (await rpc<OpenReview[]>(EligibilityPatterns.openReviews, {})).find((r) => r.seekerId === seekerId),
    );
    expect(review).toMatchObject({
      jobSeekerNumber: '16070-20000002',
      noShows: 2,
      since: '2026-07-01T01:00:00.000Z',
      reason: 'no_shows',
    });
    const events = await history(seekerId);
    expect(events.map((e) => e.type)).toContain('NoShowReviewRequested');
    expect(events.map((e) => e.type)).not.toContain('SeekerSuspended');
    // Flagged is not suspended: the seeker may still request until a supervisor decides.
    expect(await check('16070-20000002')).toEqual({ eligible: true, seekerId });
    const view = await rpc<SeekerView>(EligibilityPatterns.getSeeker, {
      jobSeekerNumber: '16070-20000002',
      actor: 'staff:sato',
    });
    expect(view).toMatchObject({ onRoster: true, noShows: 2, review: { reason: 'no_shows' }, name: '早月 二郎' });
    expect(view.suspension).toBeUndefined();
  });

  it('R21: a terminated session raises a review, which a supervisor may dismiss', async () => {
    const { seekerId } = await register('16070-20000003', '白岩 三郎', 'saburo@example.jp');
    await service.bus.publish([
      envelope(SchedulingEventTypes.SessionTerminated, {
        reservationId: 'r-301',
        seekerId,
        slot: '2026-11-24T01:00:00.000Z',
        reason: '暴言のため終了',
        terminatedAt: '2026-11-24T01:12:00.000Z',
        by: 'staff:tanaka',
      }),
    ]);
    const review = await eventually(async () =>
      (await rpc<OpenReview[]>(EligibilityPatterns.openReviews, {})).find((r) => r.seekerId === seekerId),
    );
    expect(review.reason).toBe('terminated');
    await rpc(EligibilityPatterns.dismissReview, {
      jobSeekerNumber: '16070-20000003',
      note: '事情を確認済み',
      actor: 'staff:boss',
    });
    // Reads of "all" may lag behind an older transaction elsewhere on the server (other test files share it).
    await eventually(
      async () =>
        (await rpc<OpenReview[]>(EligibilityPatterns.openReviews, {})).some((r) => r.seekerId === seekerId)
          ? undefined
          : true,
      { what: 'the dismissed review to leave the list' },
    );
    expect(
      await rejection(
        rpc(EligibilityPatterns.dismissReview, { jobSeekerNumber: '16070-20000003', actor: 'staff:boss' }),
      ),
    ).toMatchObject({ code: 'REVIEW_NOT_FOUND', status: 404 });
  });

  it('dead-letters a no-show without a seeker id instead of stopping the consumer', async () => {
    await service.bus.publish([
      envelope(SchedulingEventTypes.SessionNoShow, {
        reservationId: 'r-bad',
        seekerId: 'Taro',
        slot: 'soon',
        recordedAt: 'x',
      } as SessionNoShowV1),
    ]);
    await eventually(async () =>
      (await service.bus.deadLetters()).some((l) => l.consumer.startsWith('eligibility-no-shows')) ? true : undefined,
    );
  });
});

describe('suspensions (R42)', () => {
  it('R42: a suspension is a supervisor decision with a period, and ends by itself at its end date', async () => {
    const { seekerId } = await register('16070-30000001', '立山 四郎', 'shiro@example.jp');
    const suspended = await rpc<SuspendSeekerResult>(EligibilityPatterns.suspendSeeker, {
      jobSeekerNumber: '16070-30000001',
      reason: '無断欠席が続いたため',
      until: '2026-12-31',
      actor: 'staff:boss',
    });
    expect(suspended).toMatchObject({
      seekerId,
      outcome: 'suspended',
      suspension: { until: '2026-12-31', endsAt: '2026-12-31T15:00:00.000Z', decidedBy: 'staff:boss' },
    });
    const again = await rpc<SuspendSeekerResult>(EligibilityPatterns.suspendSeeker, {
      jobSeekerNumber: '16070-30000001',
      reason: '無断欠席が続いたため',
      until: '2026-12-31',
      actor: 'staff:boss',
    });
    expect(again.outcome).toBe('unchanged');

    expect(await check('16070-30000001', { at: '2026-12-31T14:59:59.000Z' })).toEqual({
      eligible: false,
      seekerId,
      reasons: [{ code: 'SUSPENDED', details: { until: '2026-12-31', endsAt: '2026-12-31T15:00:00.000Z' } }],
    });
    // The next day in Japan, nobody lifted it: it is over.
    expect(await check('16070-30000001', { at: '2027-01-01T00:00:00+09:00' })).toEqual({ eligible: true, seekerId });
    clock.set('2027-01-02T00:00:00.000Z');
    try {
      expect(
        await rejection(
          rpc(EligibilityPatterns.liftSuspension, { jobSeekerNumber: '16070-30000001', actor: 'staff:boss' }),
        ),
      ).toMatchObject({ code: 'SUSPENSION_NOT_FOUND', status: 404 });
    } finally {
      clock.set('2026-11-25T01:00:00.000Z');
    }
  });

  it('R42: a suspension can be lifted early', async () => {
    await register('16070-30000002', '剱 五郎', 'goro@example.jp');
    await rpc(EligibilityPatterns.suspendSeeker, {
      jobSeekerNumber: '16070-30000002',
      reason: '利用規約違反',
      until: '2027-03-31',
      actor: 'staff:boss',
    });
    expect((await check('16070-30000002')).eligible).toBe(false);
    await rpc(EligibilityPatterns.liftSuspension, { jobSeekerNumber: '16070-30000002', actor: 'staff:boss' });
    expect((await check('16070-30000002')).eligible).toBe(true);
  });

  it('R42: refuses a period that has already ended, and an unknown seeker', async () => {
    await register('16070-30000003', '薬師 六郎', 'rokuro@example.jp');
    expect(
      await rejection(
        rpc(EligibilityPatterns.suspendSeeker, {
          jobSeekerNumber: '16070-30000003',
          reason: 'x',
          until: '2026-01-01',
          actor: 'staff:boss',
        }),
      ),
    ).toMatchObject({
      code: 'SUSPENSION_END_NOT_IN_FUTURE',
      status: 422,
    });
    expect(
      await rejection(
        rpc(EligibilityPatterns.suspendSeeker, {
          jobSeekerNumber: '16070-39999999',
          reason: 'x',
          until: '2027-01-01',
          actor: 'staff:boss',
        }),
      ),
    ).toMatchObject({
      code: 'SEEKER_NOT_FOUND',
      status: 404,
    });
  });
});

describe('contact data and erasure (R54)', () => {
  it('R54: resolves contact data by seeker id, matches sign-in without regard to case', async () => {
    const { seekerId } = await register('16070-40000001', '上市 七子', 'Nanako@Example.jp');
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toEqual({
      erased: false,
      name: '上市 七子',
      email: 'Nanako@Example.jp',
      language: 'ja',
    });
    expect(
      await rpc<MatchSeekerResult>(EligibilityPatterns.matchSeeker, {
        jobSeekerNumber: '16070-40000001',
        email: 'nanako@example.JP',
      }),
    ).toEqual({ match: true, seekerId });
    expect(
      await rpc<MatchSeekerResult>(EligibilityPatterns.matchSeeker, {
        jobSeekerNumber: '16070-40000001',
        email: 'other@example.jp',
      }),
    ).toEqual({ match: false });
    await rpc(EligibilityPatterns.recordContact, {
      seekerId,
      name: '上市 七子',
      email: 'nanako.home@example.jp',
      language: 'en',
    });
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toEqual({
      erased: false,
      name: '上市 七子',
      email: 'nanako.home@example.jp',
      language: 'en',
    });
    expect(
      await rpc<MatchSeekerResult>(EligibilityPatterns.matchSeeker, {
        jobSeekerNumber: '16070-40000001',
        email: 'NANAKO.HOME@example.jp',
      }),
    ).toEqual({ match: true, seekerId });
    expect(await rejection(rpc(EligibilityPatterns.getContact, { seekerId: '0'.repeat(32) }))).toMatchObject({
      code: 'SEEKER_NOT_FOUND',
    });
  });

  it('R54: no name, address or job seeker number in clear in any event', async () => {
    const all = JSON.stringify(await store.readAll({ limit: 1000 }), (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    for (const secret of ['滑川', '上市', 'taro@example.jp', 'nanako', '16070-10000001', '16070-40000001'])
      expect(all).not.toContain(secret);
  });

  it('R54: after erasure the data is unreadable everywhere, and a replay of the history shows the seeker erased', async () => {
    const { seekerId } = await register('16070-40000002', '魚津 八郎', 'hachiro@example.jp');
    await rpc(EligibilityPatterns.recordContact, {
      seekerId,
      name: '魚津 八郎',
      email: 'hachiro.home@example.jp',
      language: 'ja',
    });
    await rpc(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: '16070-40000002',
      reason: 'request',
      actor: 'staff:boss',
    });
    // Erasing again is the same erasure.
    await rpc(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: '16070-40000002',
      reason: 'request',
      actor: 'staff:boss',
    });

    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toEqual({ erased: true });
    expect(
      await rpc<MatchSeekerResult>(EligibilityPatterns.matchSeeker, {
        jobSeekerNumber: '16070-40000002',
        email: 'hachiro@example.jp',
      }),
    ).toEqual({ match: false });
    expect(await check('16070-40000002')).toEqual({ eligible: false, reasons: [{ code: 'NOT_REGISTERED' }] });

    // The key row is gone from the database, not just hidden.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM eligibility_keys.seeker_keys WHERE seeker_id = $1',
        [seekerId],
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }

    // A replay from the store, as a new process would do it: the history is whole, the
    // seeker erased, and the sealed data in the old events opens with no key there is.
    const events = await history(seekerId);
    expect(events.map((e) => e.type)).toEqual([
      'SeekerRegistered',
      'EligibilityChanged',
      'ContactRecorded',
      'SeekerErased',
      'EligibilityChanged',
    ]);
    const replayed = events.reduce(evolve, initialState());
    expect(replayed).toMatchObject({ onRoster: false, erased: true, personalData: undefined });
    const freshVault = new PersonalDataVault(
      await SqlSeekerKeyStore.open((store as unknown as { db: never }).db, 'eligibility'),
      Buffer.from(TEST_KEYS.ENCRYPTION_KEY, 'hex'),
    );
    const registered = events[0] as Extract<SeekerEvent, { type: 'SeekerRegistered' }>;
    expect(typeof registered.data.personalData).toBe('string');
    expect(await freshVault.dataKey(seekerId, false)).toBeUndefined();
    expect(freshVault.open(seekerId, undefined, 'roster', registered.data.personalData)).toBeUndefined();

    const view = await rpc<SeekerView>(EligibilityPatterns.getSeeker, {
      jobSeekerNumber: '16070-40000002',
      actor: 'staff:boss',
    });
    expect(view).toMatchObject({ erased: true, onRoster: false });
    expect(view.name).toBeUndefined();
    expect(view.email).toBeUndefined();
  });

  it('R63, R54: the chosen language is a sealed contact event; a request without one keeps it; erasure takes it', async () => {
    const { seekerId } = await register('16070-40000003', '黒部 九子', 'kuko@example.jp');
    const preferences = (id = seekerId) =>
      rpc<{ language: string }>(EligibilityPatterns.getPreferences, { seekerId: id });
    const choose = (language: unknown) =>
      rpc<{ language: string; recorded: boolean }>(EligibilityPatterns.setLanguage, { seekerId, language });
    expect(await preferences()).toEqual({ language: 'ja' });

    expect(await choose('ja-easy')).toEqual({ language: 'ja-easy', recorded: true });
    expect(await choose('ja-easy')).toEqual({ language: 'ja-easy', recorded: false });
    expect(await preferences()).toEqual({ language: 'ja-easy' });
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toEqual({
      erased: false,
      name: '黒部 九子',
      email: 'kuko@example.jp',
      language: 'ja-easy',
    });
    expect(await rejection(choose('fr'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      await rejection(rpc(EligibilityPatterns.setLanguage, { seekerId: '0'.repeat(32), language: 'en' })),
    ).toMatchObject({ code: 'SEEKER_NOT_FOUND' });

    // A request's contact without a language keeps the choice; with one it changes it.
    await rpc(EligibilityPatterns.recordContact, { seekerId, name: '黒部 九子', email: 'kuko.home@example.jp' });
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toMatchObject({
      email: 'kuko.home@example.jp',
      language: 'ja-easy',
    });
    // A contact sealed with 'en', as every contact before easy Japanese was, still reads.
    await rpc(EligibilityPatterns.recordContact, {
      seekerId,
      name: '黒部 九子',
      email: 'kuko.home@example.jp',
      language: 'en',
    });
    expect(await preferences()).toEqual({ language: 'en' });

    const events = await history(seekerId);
    expect(events.filter((e) => e.type === 'ContactRecorded')).toHaveLength(3);
    const clear = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const secret of ['ja-easy', 'kuko', '黒部']) expect(clear).not.toContain(secret);

    await rpc(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: '16070-40000003',
      reason: 'request',
      actor: 'staff:boss',
    });
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toEqual({ erased: true });
    expect(await preferences()).toEqual({ language: 'ja' });
    expect(await rejection(choose('ja-easy'))).toMatchObject({ code: 'SEEKER_NOT_FOUND' });
  });

  it('R54: erasing someone never on the roster is refused; an erased seeker listed again is registered afresh', async () => {
    expect(
      await rejection(
        rpc(EligibilityPatterns.eraseSeeker, {
          jobSeekerNumber: '16070-49999999',
          reason: 'request',
          actor: 'staff:boss',
        }),
      ),
    ).toMatchObject({ code: 'SEEKER_NOT_FOUND' });
    const again = await register('16070-40000002', '魚津 八郎', 'hachiro@example.jp');
    expect(again.outcome).toBe('registered');
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId: again.seekerId })).toEqual({
      erased: false,
      name: '魚津 八郎',
      email: 'hachiro@example.jp',
      language: 'ja',
    });
  });
});

describe('roster import in bulk (eligibility.roster.apply)', () => {
  const header = ['求職番号', '氏名', 'メールアドレス', '安定所番号', '登録状況'];
  const rows = (from: number, count: number, name = (i: number) => `入善 花子${i}`) =>
    Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        line: k + 2,
        cells: [`16070-${String(i).padStart(8, '0')}`, name(i), `hanako${i}@example.jp`, '16070', '登録済'],
      };
    });
  const apply = (batch: ReturnType<typeof rows>, importId = 'bulk-test') =>
    rpc<RosterImportResult>(EligibilityPatterns.applyRoster, { header, rows: batch, importId, actor: 'staff:sato' });
  const seekerIdOf = async (jobSeekerNumber: string) => (await check(jobSeekerNumber)).seekerId as string;

  it('applies 1,200 rows in a few transactions; each seeker’s data opens with its own key; the same rows again change nothing', async () => {
    const batch = rows(60_000_000, 1_200);
    expect(await apply(batch)).toMatchObject({
      imported: 1_200,
      registered: 1_200,
      updated: 0,
      unchanged: 0,
      rejected: [],
    });

    const sample = [0, 499, 500, 1_199].map((k) => batch[k].cells);
    const positions: bigint[] = [];
    for (const [number, name, email] of sample) {
      const seekerId = await seekerIdOf(number);
      expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toMatchObject({
        erased: false,
        name,
        email,
      });
      positions.push(...(await history(seekerId)).map((e) => (e as unknown as { position: bigint }).position));
    }
    // Appended in chunks (one statement, one transaction each), not a transaction per seeker.
    expect(new Set(positions.map((p) => p >> 20n)).size).toBeLessThanOrEqual(3);
    const ids = await Promise.all(sample.map(([number]) => seekerIdOf(number)));
    expect(new Set(ids).size).toBe(4);

    const count = async () => (await store.readAll({ limit: 10_000 })).length;
    const before = await count();
    expect(await apply(batch, 'bulk-test-again')).toMatchObject({ imported: 0, unchanged: 1_200 });
    expect(await count()).toBe(before);

    const corrected = batch
      .slice(0, 3)
      .map((row, k) => (k === 1 ? { ...row, cells: [row.cells[0], '入善 花代', ...row.cells.slice(2)] } : row));
    expect(await apply(corrected, 'bulk-test-corrected')).toMatchObject({ imported: 1, updated: 1, unchanged: 2 });
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId: ids[0] })).toMatchObject({
      name: sample[0][1],
    });
  });

  it('R54: an erased seeker listed again among new ones is registered afresh, and the rest of its chunk too', async () => {
    const [erased, ...others] = rows(61_000_000, 5, (i) => `朝日 次郎${i}`);
    await apply([erased]);
    await rpc(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: erased.cells[0],
      reason: 'request',
      actor: 'staff:boss',
    });
    // No key any more, so the import takes the seeker for new; the stream says otherwise
    // and the chunk runs again seeker by seeker.
    const listedAgain = { ...erased, cells: [erased.cells[0], '朝日 三郎', ...erased.cells.slice(2)] };
    expect(await apply([...others.slice(0, 2), listedAgain, ...others.slice(2)])).toMatchObject({
      imported: 5,
      registered: 5,
      unchanged: 0,
    });
    const seekerId = await seekerIdOf(erased.cells[0]);
    expect(await rpc<GetContactResult>(EligibilityPatterns.getContact, { seekerId })).toMatchObject({
      erased: false,
      name: '朝日 三郎',
    });
    for (const row of others) expect(await check(row.cells[0])).toMatchObject({ eligible: true });
    expect((await history(seekerId)).map((e) => e.type)).toEqual([
      'SeekerRegistered',
      'EligibilityChanged',
      'SeekerErased',
      'EligibilityChanged',
      'SeekerRegistered',
      'EligibilityChanged',
    ]);
  });
  it('R72: staff search the roster of their offices by part of a number or a name; a suspension shows, an erased seeker is gone', async () => {
    await register('13010-72000001', '飯田 春子', 'haruko@example.jp', '13010');
    await register('13010-72000002', '飯田 夏子', 'natsuko@example.jp', '13010');
    await register('16070-72000003', '飯田 秋子', 'akiko@example.jp');
    const search = (offices: unknown, query?: string) =>
      rpc<RosterSearchResult>(EligibilityPatterns.searchRoster, {
        offices,
        ...(query !== undefined ? { query } : {}),
        actor: 'staff:sato',
      });
    const numbers = async (offices: unknown, query?: string) =>
      (await search(offices, query)).seekers.map((s) => s.jobSeekerNumber);

    expect(await numbers(['13010'], '飯田')).toEqual(['13010-72000001', '13010-72000002']);
    // Spaces and width do not matter; another office's seeker is not among them.
    expect((await search(['13010'], '飯田春子')).seekers.map((s) => s.name)).toEqual(['飯田 春子']);
    expect(await numbers(['16070'], '７２００００')).toEqual(['16070-72000003']);
    expect(await numbers(['16070'], '春子')).toEqual([]);
    expect((await search(['*'], '飯田')).total).toBe(3);
    expect(await numbers(['13010', '16070'], '72000')).toHaveLength(3);

    await rpc(EligibilityPatterns.suspendSeeker, {
      jobSeekerNumber: '13010-72000002',
      reason: '利用規約違反',
      until: '2027-03-31',
      actor: 'staff:boss',
    });
    expect((await search(['13010'], '夏子')).seekers).toEqual([
      {
        jobSeekerNumber: '13010-72000002',
        name: '飯田 夏子',
        officeCode: '13010',
        status: 'registered',
        suspendedUntil: '2027-03-31T15:00:00.000Z',
        noShows: 0,
        review: false,
      },
    ]);

    await rpc(EligibilityPatterns.eraseSeeker, {
      jobSeekerNumber: '13010-72000001',
      reason: 'request',
      actor: 'staff:boss',
    });
    expect(await numbers(['13010'], '飯田')).toEqual(['13010-72000002']);

    for (const offices of [[], ['1301'], 'everywhere'])
      expect(await rejection(search(offices, '飯田'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejection(search(['13010'], 'x'.repeat(101)))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
