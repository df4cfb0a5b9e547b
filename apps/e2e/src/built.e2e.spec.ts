// `npm run build` and its output started by plain `node`, the way the image starts it:
// no loader, no TypeScript anywhere in the output, the single process and each service
// in its own process on NATS + PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import {
  createTestDatabase,
  freePort,
  startNatsServer,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { principalEnvFor, principalKeysForRun } from './support/principal-keys';
import { ROOT, startApp, waitForHealthy, type AppProcess } from './support/processes';
import {
  ADMIN_PASSWORD,
  auditedEvent,
  get,
  post,
  requestReservation,
  signInAll,
  signInAsAdmin,
  tokenInMailText,
} from './support/journey';

const SERVER_APPS = ['standalone', 'gateway', 'scheduling', 'eligibility', 'notification', 'audit'];
const SERVICES = ['scheduling', 'eligibility', 'notification', 'audit'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('built output (npm run build) started by plain node', () => {
  let outDir: string;
  const apps: AppProcess[] = [];
  /** Plain node on the built entry point: no --import, no NODE_OPTIONS. */
  const startBuilt = (name: string, app: string, env: Record<string, string>) => {
    const started = startApp(
      `built-${name}`,
      [process.execPath, '--enable-source-maps', join(outDir, 'apps', app, 'src', 'main.js')],
      env,
    );
    apps.push(started);
    return started;
  };

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    outDir = mkdtempSync(join(ROOT, 'tmp', 'build-e2e-'));
    await promisify(execFile)(process.execPath, ['tools/build/build.mjs', '--out-dir', relative(ROOT, outDir)], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('holds JavaScript only, an entry point per server app, and the assets read at run time', () => {
    const files = filesUnder(outDir);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    for (const app of SERVER_APPS) expect(files).toContain(join('apps', app, 'src', 'main.js'));
    expect(files).toContain(join('libs', 'scheduling', 'infra', 'assets', 'terms-2023-04-01.ja.txt'));
    // Test harnesses live beside the sources but are never reached from an entry point.
    expect(files.filter((file) => file.includes('testing') || file.endsWith('.spec.js'))).toEqual([]);
  });

  describe('the single process', () => {
    let baseUrl: string;
    let dataDir: string;
    let opsPort: number;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'soudan-built-'));
      baseUrl = `http://127.0.0.1:${await freePort()}`;
      opsPort = await freePort();
      startBuilt('standalone', 'standalone', {
        PORT: new URL(baseUrl).port,
        OPS_PORT: String(opsPort),
        DATA_DIR: dataDir,
        ADMIN_PASSWORD,
        INBOUND_SMTP_PORT: 'off',
      });
      await waitForHealthy(baseUrl);
    });

    afterAll(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));

    it('reports every service up, signs staff in and validates input with the compiled decorators', async () => {
      const health = await get(baseUrl, '/health');
      expect(health.body.mode).toBe('embedded');
      expect((await fetch(`http://127.0.0.1:${opsPort}/health/ready`)).status).toBe(200);
      expect(Object.values(health.body.services).map((s: any) => s.status)).toEqual(['up', 'up', 'up', 'up']);
      const admin = await signInAsAdmin(baseUrl);
      // class-validator reads the DTOs' decorator metadata: a body missing fields is a 400 naming them.
      const bad = await post(
        baseUrl,
        '/staff/seekers',
        { jobSeekerNumber: 'nope' },
        { authorization: `Bearer ${admin}` },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(bad.body.details.fields)).toEqual(expect.arrayContaining(['name', 'email']));
    });
  });

  describe('each service in its own process on NATS + PostgreSQL', () => {
    let nats: TestNatsServer;
    let pgServer: TestPostgresServer;
    let db: TestDatabase;
    let smtp: SmtpSink;
    let baseUrl: string;
    const opsPorts = new Map<string, number>();

    beforeAll(async () => {
      [nats, pgServer, smtp] = await Promise.all([startNatsServer(), startPostgres(), startSmtpSink()]);
      db = await createTestDatabase(pgServer, 'soudan_built');
      baseUrl = `http://127.0.0.1:${await freePort()}`;
      const env = {
        NATS_URL: nats.url,
        EVENTSTORE_URL: db.url,
        SMTP_URL: smtp.url,
        PORT: new URL(baseUrl).port,
        DATA_DIR: `${nats.storeDir}-data`,
        PSEUDONYM_KEY: 'e'.repeat(64),
        ENCRYPTION_KEY: 'f'.repeat(64),
        ADMIN_PASSWORD,
      };
      const principalKeys = principalKeysForRun();
      for (const service of [...SERVICES, 'gateway']) {
        opsPorts.set(service, await freePort());
        startBuilt(service, service, {
          ...env,
          ...principalEnvFor(principalKeys, service),
          OPS_PORT: String(opsPorts.get(service)),
        });
      }
      await waitForHealthy(baseUrl);
    });

    afterAll(async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await smtp?.close();
      await db?.drop();
      await nats?.stop();
      await pgServer?.stop();
    });

    it('serves /api/v1/health with every service up over NATS', async () => {
      const health = await get(baseUrl, '/health');
      expect(health.status).toBe(200);
      expect(health.body.messaging).toBe('nats');
      for (const service of SERVICES) expect(health.body.services[service].status).toBe('up');
    });

    it('answers the probes of each process on its own operator port (OPS_PORT)', async () => {
      for (const [service, port] of opsPorts) {
        const live = await fetch(`http://127.0.0.1:${port}/health/live`);
        expect({ service, status: live.status }).toEqual({ service, status: 200 });
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect({ service, status: ready.status }).toEqual({ service, status: 200 });
        expect(await ready.json()).toEqual(
          expect.objectContaining({
            status: 'ok',
            details: { eventStore: { status: 'up' }, eventBus: { status: 'up' }, startup: { status: 'up' } },
          }),
        );
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect({ service, scraped: metrics.includes('soudan_process_resident_memory_bytes') }).toEqual({
          service,
          scraped: true,
        });
      }
    });

    it('takes a reservation request through the built services into the audit trail', async () => {
      const sessions = await signInAll(baseUrl, async (email) => {
        const mail = await smtp.waitFor(
          (m) => m.headers.get('x-soudan-template') === 'sign-in-link' && JSON.stringify(m.to).includes(email),
        );
        return tokenInMailText(mail.text)!;
      });
      const { id } = await requestReservation(baseUrl, sessions.seeker);
      const audited = await auditedEvent(
        baseUrl,
        sessions.auditor,
        (e) => e.stream === `reservation-${id}` && e.type === 'ReservationRequested',
      );
      expect(audited.data.seekerId).toEqual(expect.any(String));
    });
  });
});
