// R72 for staff accounts: every account works for one or more offices; the national
// administrator ('*') assigns them, an office's administrator manages that office's
// accounts only, and a change of offices ends the account's tokens at once. The office
// checks at the gateway's edge answer before any service is asked: no service runs here
// but the gateway itself (real nats-server and PostgreSQL).
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
  startGateway,
  TEST_ADMIN_PASSWORD,
  testConfig,
  type TestBackbone,
  type TestGateway,
} from './testing/harness';

const PASSWORD = 'Iidabashi-Kanda-Bridge-5%';
const HOME = '16070'; // the harness's configured office (Namerikawa)
const OTHER = '13010';

describe('R72: staff accounts work for their offices', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let admin: string;

  const signIn = (username: string, password = PASSWORD) =>
    call(gateway.url, 'POST', '/auth/staff/session', { body: { username, password } });
  const as = (token: string, method: string, path: string, body?: unknown) =>
    call(gateway.url, method, path, { token, body });
  const create = (token: string, username: string, roles: string[], offices?: string[]) =>
    as(token, 'POST', '/staff/users', { username, password: PASSWORD, roles, ...(offices ? { offices } : {}) });

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_staff_offices');
    parts = await backbone(nats.url, db.url);
    gateway = await startGateway({ backbone: parts, config: testConfig() });
    admin = (await signIn('admin', TEST_ADMIN_PASSWORD)).body.accessToken;
  });

  afterAll(async () => {
    await gateway?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  it('R72: the first administrator is national; an account made without offices works for the configured office', async () => {
    const session = await signIn('admin', TEST_ADMIN_PASSWORD);
    expect(session.body.offices).toEqual(['*']);
    const made = await create(admin, 'honda', ['counsellor']);
    expect([made.status, made.body.offices]).toEqual([201, [HOME]]);
    expect((await signIn('honda')).body).toMatchObject({ roles: ['counsellor'], offices: [HOME] });
  });

  it('R72: refuses offices that are not office codes, with the field named', async () => {
    for (const offices of [[], ['1301'], ['13010', 'x'], 'every', [13010]]) {
      const answer = await create(admin, 'bad-offices', ['counsellor'], offices as string[]);
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.body.details.fields).toHaveProperty('offices');
    }
  });

  it("R72: an office's administrator adds accounts to their office only, sees only its accounts, and cannot reach the others", async () => {
    expect((await create(admin, 'iida-admin', ['admin', 'supervisor'], [OTHER])).status).toBe(201);
    expect((await create(admin, 'iida-counsellor', ['counsellor'], [OTHER])).status).toBe(201);
    const officeAdmin = (await signIn('iida-admin')).body.accessToken as string;

    // Without offices named, an account of their only office.
    const mine = await create(officeAdmin, 'iida-new', ['counsellor']);
    expect([mine.status, mine.body.offices]).toEqual([201, [OTHER]]);
    for (const offices of [[HOME], ['*'], [OTHER, HOME]]) {
      const refused = await create(officeAdmin, 'iida-foreign', ['counsellor'], offices);
      expect([refused.status, refused.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
    }

    const listed = await as(officeAdmin, 'GET', '/staff/users');
    expect(listed.body.users.map((u: { username: string }) => u.username)).toEqual([
      'iida-admin',
      'iida-counsellor',
      'iida-new',
    ]);
    // The configured office's accounts and the national administrator are not theirs.
    for (const [method, path, body] of [
      ['GET', '/staff/users/honda'],
      ['GET', '/staff/users/admin'],
      ['PUT', '/staff/users/honda/roles', { roles: ['supervisor'] }],
      ['POST', '/staff/users/honda/disable'],
      ['POST', '/staff/users/honda/enable'],
      ['POST', '/staff/users/honda/password-reset'],
    ] as const) {
      const answer = await as(officeAdmin, method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 404, 'STAFF_USER_NOT_FOUND']);
    }
    // Their own office's account they manage.
    const disabled = await as(officeAdmin, 'POST', '/staff/users/iida-new/disable');
    expect([disabled.status, disabled.body.disabled]).toEqual([200, true]);
    // The national administrator sees every account.
    const all = await as(admin, 'GET', '/staff/users');
    expect(all.body.users.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['admin', 'honda', 'iida-admin', 'iida-new']),
    );
  });

  it('R72: only a national administrator assigns offices; the change ends the tokens at once', async () => {
    const officeAdmin = (await signIn('iida-admin')).body.accessToken as string;
    const refused = await as(officeAdmin, 'PUT', '/staff/users/iida-counsellor/offices', { offices: [OTHER, HOME] });
    expect([refused.status, refused.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);

    const before = (await signIn('honda')).body.accessToken as string;
    const moved = await as(admin, 'PUT', '/staff/users/honda/offices', { offices: [OTHER, HOME] });
    expect([moved.status, moved.body.offices]).toEqual([200, [OTHER, HOME]]);
    // The old token named the old offices: it ends now, not at expiry.
    const ended = await as(before, 'GET', `/staff/reservations?office=${OTHER}`);
    expect([ended.status, ended.body.code]).toEqual([401, 'TOKEN_REVOKED']);
    expect((await signIn('honda')).body.offices).toEqual([OTHER, HOME]);
    // The same offices again change nothing (and end nothing).
    const again = (await signIn('honda')).body.accessToken as string;
    expect((await as(admin, 'PUT', '/staff/users/honda/offices', { offices: [HOME, OTHER] })).status).toBe(200);
    expect((await as(again, 'GET', '/staff/no-show-reviews')).status).not.toBe(401);
  });

  it('R72: the last enabled national administrator keeps every office', async () => {
    const answer = await as(admin, 'PUT', '/staff/users/admin/offices', { offices: [HOME] });
    expect([answer.status, answer.body.code]).toEqual([409, 'LAST_ADMIN']);
    expect((await create(admin, 'zenkoku', ['admin'], ['*'])).status).toBe(201);
    const national = (await signIn('zenkoku')).body.accessToken as string;
    // Now there is another: the first one may become an office's administrator.
    const moved = await as(national, 'PUT', '/staff/users/admin/offices', { offices: [HOME] });
    expect([moved.status, moved.body.offices]).toEqual([200, [HOME]]);
    expect((await as(national, 'PUT', '/staff/users/admin/offices', { offices: ['*'] })).status).toBe(200);
  });

  it('R70, R72: registering or changing an office is national; an office administrator reads only their own', async () => {
    const officeAdmin = (await signIn('iida-admin')).body.accessToken as string;
    for (const [method, path, body] of [
      ['PUT', `/offices/${OTHER}`, { name: 'ハローワーク飯田橋' }],
      ['POST', '/offices/import', [{ code: OTHER, name: 'ハローワーク飯田橋' }]],
      ['GET', `/offices/${HOME}`],
    ] as const) {
      const answer = await as(officeAdmin, method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'OFFICE_FORBIDDEN']);
    }
  });

  it("R72: another office's seekers are not found, and cannot be registered", async () => {
    const counsellor = (await signIn('iida-counsellor')).body.accessToken as string;
    const supervisor = (await signIn('iida-admin')).body.accessToken as string;
    for (const [token, method, path, body] of [
      [counsellor, 'GET', '/staff/seekers/16070-12345678'],
      [supervisor, 'POST', '/staff/seekers/16070-12345678/suspension', { reason: '調査', until: '2027-03-31' }],
      [supervisor, 'DELETE', '/staff/seekers/16070-12345678/suspension'],
      [supervisor, 'POST', '/staff/seekers/16070-12345678/review/dismissal', { note: '確認済み' }],
      [supervisor, 'DELETE', '/staff/seekers/16070-12345678'],
    ] as const) {
      const answer = await as(token, method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 404, 'SEEKER_NOT_FOUND']);
    }
    const registered = await as(counsellor, 'POST', '/staff/seekers', {
      jobSeekerNumber: '16070-12345678',
      name: '滑川 太郎',
      email: 'taro@example.jp',
      officeCode: HOME,
      status: 'registered',
    });
    expect([registered.status, registered.body.code]).toEqual([403, 'OFFICE_FORBIDDEN']);
  });

  it('R72, R50: every account change is copied, without its hash, to the stream the relay publishes to audit', async () => {
    const copies = await parts.store.readStream('staff-account-changes');
    const of = (username: string) =>
      copies
        .filter((e) => (e.data as { username: string }).username === username)
        .map((e) => [e.type, (e.data as { change: string }).change]);
    // Made, then moved to two offices; the same offices again changed nothing.
    expect(of('honda')).toEqual([
      ['StaffAccountChanged', 'created'],
      ['StaffAccountChanged', 'offices'],
    ]);
    expect(copies.find((e) => (e.data as { change: string }).change === 'offices')?.data).toMatchObject({
      username: 'honda',
      offices: [OTHER, HOME],
      previousOffices: [HOME],
      by: 'staff:admin',
    });
    expect(of('iida-new').map(([, change]) => change)).toEqual(['created', 'disabled']);
    expect(JSON.stringify(copies.map((e) => e.data))).not.toMatch(/argon2|passwordHash/);
  });
});
