// Logs never print credentials (issue 9): the gateway started as its own process, at the
// most talkative log level, with a NATS_URL and an EVENTSTORE_URL that carry passwords,
// its keys and the first admin's password, then used with the credentials a client
// sends (a password, bearer tokens, a sign-in link's token, a meeting link) and a start
// that fails on a store it cannot reach. Nothing of any of them is in what it printed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePrincipalKeys, generatePrincipalKeys } from '@soudan/messaging';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startPostgres,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';

const ROOT = resolve(import.meta.dirname, '../../..');
const NATS_PASSWORD = `nats-${randomBytes(9).toString('hex')}`;
const PG_PASSWORD = `pg-${randomBytes(9).toString('hex')}`;
const ADMIN_PASSWORD = `Kurobe-${randomBytes(9).toString('hex')}-Tateyama!`;
const KEYS = {
  PSEUDONYM_KEY: randomBytes(32).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  TOKEN_KEY: randomBytes(32).toString('hex'),
  // Issue 9: the key that signs who each request to a service acts for.
  PRINCIPAL_PRIVATE_KEY: encodePrincipalKeys(generatePrincipalKeys()).privateKey,
};

/** Runs the gateway's main.ts until `work` is done (or it exits), then stops it; everything it printed. */
async function runGateway(
  env: Record<string, string>,
  work: (base: string, exited: Promise<number | null>) => Promise<void>,
) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soudan-log-secrets-'));
  // A file, as a log collector would read it (pino's last lines on a pipe may not make it out before exit).
  const file = join(dataDir, 'output.log');
  const fd = openSync(file, 'w');
  const child = spawn(
    process.execPath,
    ['--no-warnings=ExperimentalWarning', '--import', './tools/register.mjs', 'apps/gateway/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'trace',
        RPC_TIMEOUT_MS: '1000',
        ADMIN_PASSWORD,
        ...KEYS,
        ...env,
      },
      stdio: ['ignore', fd, fd],
    },
  );
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await work(`http://127.0.0.1:${port}`, exited);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- gateway output ---\n${readFileSync(file, 'utf8').slice(-3000)}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

const SECRETS = () => [
  NATS_PASSWORD,
  PG_PASSWORD,
  ADMIN_PASSWORD,
  KEYS.PSEUDONYM_KEY,
  KEYS.ENCRYPTION_KEY,
  KEYS.TOKEN_KEY,
  KEYS.PRINCIPAL_PRIVATE_KEY,
  Buffer.from(KEYS.ENCRYPTION_KEY, 'base64').toString('hex'),
];

describe('logs never print credentials (gateway process)', () => {
  let nats: TestNatsServer;
  let pgServer: TestPostgresServer;
  let storeUrl: string;

  beforeAll(async () => {
    [nats, pgServer] = await Promise.all([
      startNatsServer({ user: 'gateway', password: NATS_PASSWORD }),
      startPostgres(),
    ]);
    const db = await createTestDatabase(pgServer);
    // The test server trusts local connections, so any password connects; the point is that it is never printed.
    const url = new URL(db.url);
    url.password = PG_PASSWORD;
    storeUrl = url.toString();
  });

  afterAll(async () => {
    await nats?.stop();
    await pgServer?.stop();
  });

  it('start-up and requests print none of the passwords, keys and tokens, at log level trace', async () => {
    const clientSecrets: string[] = [];
    const output = await runGateway(
      {
        NATS_URL: `nats://gateway:${NATS_PASSWORD}@127.0.0.1:${nats.port}`,
        EVENTSTORE_URL: storeUrl,
      },
      async (base) => {
        await eventually(async () => ((await fetch(`${base}/api/v1/`)).status < 500 ? true : undefined), {
          // The machine may be busy: a first start compiles the whole graph.
          timeoutMs: 150_000,
          what: 'the gateway answering',
        });
        const json = { 'content-type': 'application/json' };
        const signIn = await fetch(`${base}/api/v1/auth/staff/session`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
        });
        const { accessToken } = (await signIn.json()) as { accessToken: string };
        expect(accessToken).toMatch(/^eyJ/);
        clientSecrets.push(accessToken);
        const wrong = `Hakusan-${randomBytes(6).toString('hex')}-Tsurugi!`;
        clientSecrets.push(wrong);
        await fetch(`${base}/api/v1/auth/staff/session`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: 'admin', password: wrong }),
        });
        // A body that is not JSON still holds a password; the parser's error carries the raw body.
        await fetch(`${base}/api/v1/auth/staff/session`, {
          method: 'POST',
          headers: json,
          body: `{"username":"admin","password":"${wrong}"`,
        });
        const auth = { authorization: `Bearer ${accessToken}` };
        // Services are not running: the gateway logs what it could not reach, with the caller's token on the request.
        await fetch(`${base}/api/v1/staff/reservations`, { headers: auth });
        await fetch(`${base}/api/v1/staff/alerts`, { headers: auth });
        const forged = `${accessToken.slice(0, -4)}AAAA`;
        clientSecrets.push(forged);
        await fetch(`${base}/api/v1/reservations`, { headers: { authorization: `Bearer ${forged}` } });
        const linkToken = randomBytes(32).toString('base64url');
        clientSecrets.push(linkToken);
        await fetch(`${base}/api/v1/auth/seeker/session`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ token: linkToken }),
        });
        await fetch(`${base}/api/v1/nothing?token=${linkToken}&password=${wrong}`);
        const meeting = randomBytes(24).toString('base64url');
        clientSecrets.push(meeting);
        await fetch(`${base}/join/${meeting}`);
        await fetch(`${base}/api/v1/auth/seeker/link`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ jobSeekerNumber: '16070-12345678', email: 'taro@example.jp' }),
        });
        await fetch(`${base}/api/v1/health`);
        await new Promise((done) => setTimeout(done, 1500));
      },
    );
    expect(output).toContain('gateway listening');
    expect(output.split('\n').length).toBeGreaterThan(20);
    for (const secret of [...SECRETS(), ...clientSecrets])
      expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
    // Issue 14: one line per request (nestjs-pino), with the route template, status, time
    // and correlation id; no raw path, query, address, user agent or headers.
    const requests = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'http request');
    const signIns = requests.filter((r) => r.route === '/api/v1/auth/staff/session' && r.method === 'POST');
    expect(signIns.map((r) => r.status)).toEqual(expect.arrayContaining([201, 401]));
    for (const line of requests) {
      expect(line).toEqual(
        expect.objectContaining({
          method: expect.any(String),
          route: expect.any(String),
          status: expect.any(Number),
          responseTime: expect.any(Number),
          correlationId: expect.any(String),
        }),
      );
      expect(Object.keys(line)).not.toEqual(expect.arrayContaining(['req']));
      expect(Object.keys(line)).not.toEqual(expect.arrayContaining(['res']));
    }
    expect(requests.find((r) => r.route === '/join/:token')).toBeDefined();
    expect(requests.find((r) => r.route === 'unmatched' && r.status === 404)).toBeDefined();
    for (const personal of ['16070-12345678', 'taro@example.jp', '127.0.0.1:'])
      expect(JSON.stringify(requests)).not.toContain(personal);
  }, 300_000);

  it('a start that fails on a store it cannot reach names the store, not its password', async () => {
    const unreachable = new URL(storeUrl);
    unreachable.port = String(await freePort());
    const output = await runGateway(
      {
        NATS_URL: `nats://gateway:${NATS_PASSWORD}@127.0.0.1:${nats.port}`,
        EVENTSTORE_URL: unreachable.toString(),
      },
      async (_base, exited) => {
        expect(await exited).toBe(1);
      },
    );
    expect(output).toMatch(/failed to start|unavailable|ECONNREFUSED/i);
    for (const secret of SECRETS())
      expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
  }, 300_000);
});
