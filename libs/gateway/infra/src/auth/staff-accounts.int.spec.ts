// The lifecycle of staff accounts at the April transfers (異動): list, change roles,
// disable and re-enable, reset the password. Each change that must end an account's
// tokens ends them on its next request, on every gateway replica, not at expiry.
// Against a real nats-server and PostgreSQL.
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

const PASSWORD = 'Kamiichi-Bridge-77&';

describe('staff accounts: list, roles, disable, reset (two gateway replicas)', () => {
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let db: TestDatabase;
  let parts: TestBackbone;
  let gateway: TestGateway;
  let replica: TestGateway;
  let admin: string;
  const config = testConfig({ TRUST_PROXY: '1' });

  const signIn = (username: string, password: string, url = gateway.url) =>
    call(url, 'POST', '/auth/staff/session', { body: { username, password } });
  const asAdmin = (method: string, path: string, body?: unknown) =>
    call(gateway.url, method, path, { token: admin, body });
  /** A gateway-local admin route: what a token may still do, answered without any service. */
  const listWith = (token: string, url = gateway.url) => call(url, 'GET', '/staff/users', { token });

  beforeAll(async () => {
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    db = await createTestDatabase(pg, 'soudan_gw_accounts');
    parts = await backbone(nats.url, db.url);
    [gateway, replica] = await Promise.all([
      startGateway({ backbone: parts, config }),
      startGateway({ backbone: parts, config }),
    ]);
    admin = (await signIn('admin', TEST_ADMIN_PASSWORD)).body.accessToken;
  });

  afterAll(async () => {
    await replica?.close();
    await gateway?.close();
    await parts?.close();
    await db?.drop();
    await nats?.stop();
    await pg?.stop();
  });

  it('lists every account with its roles and standing, never a hash; only for admin', async () => {
    for (const [username, roles] of [
      ['kato', ['counsellor']],
      ['ito', ['auditor']],
    ] as const)
      expect((await asAdmin('POST', '/staff/users', { username, password: PASSWORD, roles })).status).toBe(201);
    const listed = await asAdmin('GET', '/staff/users');
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'ito', 'kato']);
    expect(listed.body.users[2]).toEqual({
      username: 'kato',
      roles: ['counsellor'],
      offices: ['16070'],
      disabled: false,
      mustChangePassword: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/argon2|passwordHash/);
    const one = await call(replica.url, 'GET', '/staff/users/ito', { token: admin });
    expect(one.body).toMatchObject({ username: 'ito', roles: ['auditor'] });
    expect((await asAdmin('GET', '/staff/users/nobody')).body.code).toBe('STAFF_USER_NOT_FOUND');
    expect((await asAdmin('GET', '/staff/users/..%2Fadmin')).status).toBe(404);
    const counsellor = (await signIn('kato', PASSWORD)).body.accessToken;
    expect((await listWith(counsellor)).status).toBe(403);
  });

  it('a change of roles ends the tokens of that account at once, on every replica', async () => {
    await asAdmin('POST', '/staff/users', { username: 'suzuki', password: PASSWORD, roles: ['admin', 'counsellor'] });
    const before = (await signIn('suzuki', PASSWORD)).body.accessToken;
    expect((await listWith(before, replica.url)).status).toBe(200);

    const changed = await asAdmin('PUT', '/staff/users/suzuki/roles', { roles: ['counsellor', 'supervisor'] });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['counsellor', 'supervisor']);
    for (const url of [gateway.url, replica.url]) {
      const refused = await listWith(before, url);
      expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_REVOKED']);
    }
    const after = await signIn('suzuki', PASSWORD);
    expect(after.body.roles).toEqual(['counsellor', 'supervisor']);
    expect((await listWith(after.body.accessToken)).status).toBe(403);

    // The same roles again change nothing, and end nothing.
    await asAdmin('PUT', '/staff/users/suzuki/roles', { roles: ['supervisor', 'counsellor'] });
    expect((await listWith(after.body.accessToken)).body.code).toBe('FORBIDDEN');
    for (const roles of [[], ['seeker'], ['admin', 'admin'], 'admin'])
      expect((await asAdmin('PUT', '/staff/users/suzuki/roles', { roles })).body.code).toBe('VALIDATION_FAILED');
  });

  it('a disabled account cannot sign in and its tokens stop at once; re-enabled, it signs in again', async () => {
    await asAdmin('POST', '/staff/users', { username: 'takahashi', password: PASSWORD, roles: ['admin'] });
    const token = (await signIn('takahashi', PASSWORD)).body.accessToken;
    expect((await listWith(token, replica.url)).status).toBe(200);

    const disabled = await call(replica.url, 'POST', '/staff/users/takahashi/disable', { token: admin });
    expect([disabled.status, disabled.body.disabled]).toEqual([200, true]);
    const refused = await listWith(token);
    expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_REVOKED']);
    const denied = await signIn('takahashi', PASSWORD);
    expect([denied.status, denied.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    // Without the password nobody learns that the account is disabled.
    expect((await signIn('takahashi', 'Not-The-Password-1!')).body.code).toBe('INVALID_CREDENTIALS');
    expect((await asAdmin('POST', '/staff/users/takahashi/disable')).status).toBe(200);

    const enabled = await asAdmin('POST', '/staff/users/takahashi/enable');
    expect([enabled.status, enabled.body.disabled]).toEqual([200, false]);
    // A token of before the disabling stays ended; a new sign-in works.
    expect((await listWith(token)).body.code).toBe('TOKEN_REVOKED');
    const again = await signIn('takahashi', PASSWORD);
    expect(again.status).toBe(201);
    expect((await listWith(again.body.accessToken)).status).toBe(200);
  });

  it('a reset gives a one-time password that only lets its holder choose a new one; the old one and its tokens end', async () => {
    await asAdmin('POST', '/staff/users', { username: 'watanabe', password: PASSWORD, roles: ['admin', 'auditor'] });
    const token = (await signIn('watanabe', PASSWORD)).body.accessToken;

    const reset = await asAdmin('POST', '/staff/users/watanabe/password-reset');
    expect(reset.status).toBe(201);
    const oneTime = reset.body.temporaryPassword as string;
    expect(oneTime).toMatch(/^[A-HJ-NP-Za-km-z2-9]{4}(-[A-HJ-NP-Za-km-z2-9]{4}){3}$/);
    expect((await asAdmin('GET', '/staff/users/watanabe')).body.mustChangePassword).toBe(true);
    expect((await listWith(token)).body.code).toBe('TOKEN_REVOKED');
    expect((await signIn('watanabe', PASSWORD)).body.code).toBe('INVALID_CREDENTIALS');
    const blocked = await signIn('watanabe', oneTime);
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);

    const change = (password: string, newPassword: string) =>
      call(replica.url, 'POST', '/auth/staff/password', { body: { username: 'watanabe', password, newPassword } });
    expect((await change(oneTime, 'short')).body.code).toBe('WEAK_PASSWORD');
    expect((await change(oneTime, oneTime)).body.code).toBe('WEAK_PASSWORD');
    expect((await change('Wrong-Guess-000!', 'Toyama-Bay-Lights-9#')).body.code).toBe('INVALID_CREDENTIALS');
    const chosen = await change(oneTime, 'Toyama-Bay-Lights-9#');
    expect(chosen.status).toBe(201);
    expect(chosen.body.roles).toEqual(['admin', 'auditor']);
    expect((await listWith(chosen.body.accessToken)).status).toBe(200);
    expect((await signIn('watanabe', oneTime)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn('watanabe', 'Toyama-Bay-Lights-9#')).status).toBe(201);
    expect((await asAdmin('GET', '/staff/users/watanabe')).body.mustChangePassword).toBe(false);
  });

  it('never leaves the office without an enabled administrator', async () => {
    const admins = (await asAdmin('GET', '/staff/users')).body.users.filter(
      (u: { roles: string[]; disabled: boolean; username: string }) =>
        u.roles.includes('admin') && !u.disabled && u.username !== 'admin',
    );
    for (const other of admins) await asAdmin('POST', `/staff/users/${other.username}/disable`);
    const self = await asAdmin('POST', '/staff/users/admin/disable');
    expect([self.status, self.body.code]).toEqual([409, 'LAST_ADMIN']);
    const demoted = await asAdmin('PUT', '/staff/users/admin/roles', { roles: ['supervisor'] });
    expect([demoted.status, demoted.body.code]).toEqual([409, 'LAST_ADMIN']);
    expect((await listWith(admin)).status).toBe(200);
  });

  it('only admin manages accounts', async () => {
    await asAdmin('POST', '/staff/users', { username: 'kobayashi', password: PASSWORD, roles: ['supervisor'] });
    const supervisor = (await signIn('kobayashi', PASSWORD)).body.accessToken;
    for (const [method, path] of [
      ['GET', '/staff/users'],
      ['PUT', '/staff/users/kato/roles'],
      ['POST', '/staff/users/kato/disable'],
      ['POST', '/staff/users/kato/enable'],
      ['POST', '/staff/users/kato/password-reset'],
    ] as const) {
      const answer = await call(gateway.url, method, path, {
        token: supervisor,
        body: method === 'GET' ? undefined : { roles: ['admin'] },
      });
      expect([method, path, answer.status]).toEqual([method, path, 403]);
    }
  });
});
