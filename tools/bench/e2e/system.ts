// The two forms the bench drives, started as an operator would, each app a process of its
// own (process group) so /proc can say what each one uses:
// - embedded: the whole system in one process, the command `npm start` runs
//   (apps/standalone), on PostgreSQL (EVENTSTORE_URL) and an SMTP server;
// - embedded-pglite: the same on the embedded PGlite, as `npm start` runs with nothing
//   configured (the database in the process, under DATA_DIR);
// - distributed: gateway, scheduling, eligibility, notification and audit each in its own
//   process on a nats-server with the deployment's permissions and PostgreSQL.
// With `cpuProfileDir`, every server process writes a V8 CPU profile there when it stops.
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  startSecuredNatsServer,
  type BusUser,
  type SecuredNatsServer,
  type TestDatabase,
  type TestPostgresServer,
} from '@soudan/testing';
import { startApp, waitForHealthy, type AppProcess } from '../../../apps/e2e/src/support/processes';
import { principalEnvFor, principalKeysForRun } from '../../../apps/e2e/src/support/principal-keys';
import { ADMIN_PASSWORD } from '../../../apps/e2e/src/support/faults/people';
import { sampleGroup, type ProcSample } from './proc';

export const FORMS = ['embedded', 'embedded-pglite', 'distributed'] as const;
export type Form = (typeof FORMS)[number];
const SERVICES = ['scheduling', 'eligibility', 'notification', 'audit'] as const;

export interface RunningSystem {
  form: Form;
  baseUrl: string;
  apps: Map<string, AppProcess>;
  /** CPU and RSS of each app's process group now. */
  sample(): Map<string, ProcSample>;
  /** Transactions committed and rolled back in the system's database so far (pg_stat_database); NaN on PGlite. */
  transactions(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  pg: TestPostgresServer;
  smtpUrl: string;
  cpuProfileDir?: string;
  /** More node options for every server process (e.g. an `--import` preload). */
  nodeOptions?: string[];
  /** More environment for every server process. */
  env?: Record<string, string>;
  /** Run the output of `npm run build` with plain node, as the image does (default: from source, as `npm start`). */
  built?: boolean;
  log: (line: string) => void;
}

/** `app` is the folder under apps/: from source through swc, or built (`dist/apps/<app>/src/main.js`). */
const nodeCommand = (
  app: string,
  built: boolean,
  cpuProfileDir: string | undefined,
  name: string,
  extra: string[] = [],
) => [
  process.execPath,
  ...(built ? [] : ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning']),
  ...extra,
  ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : []),
  ...(built ? [`dist/apps/${app}/src/main.js`] : ['--import', './tools/register.mjs', `apps/${app}/src/main.ts`]),
];

/** Limits high enough that the bench's few addresses and busy seekers measure the system, not the limiter. */
const BENCH_ENV = {
  ADMIN_PASSWORD,
  SEEKER_REQUESTS_PER_HOUR: '1000000',
  RATE_LIMIT_PER_MINUTE: '1000000',
  INBOUND_SMTP_PORT: 'off',
  LOG_LEVEL: 'warn',
};

export async function startSystem(form: Form, options: StartOptions): Promise<RunningSystem> {
  const runId = `bench-e2e-${form}-${Date.now().toString(36)}`;
  const db: TestDatabase = await createTestDatabase(options.pg, `soudan_bench_${form}`);
  const dataRoot = mkdtempSync(join(tmpdir(), 'soudan-bench-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const apps = new Map<string, AppProcess>();
  let nats: SecuredNatsServer | undefined;
  const pglite = form === 'embedded-pglite';
  const env = {
    ...BENCH_ENV,
    // Nothing configured (blank, whatever the shell exports): the standalone process opens PGlite under its DATA_DIR.
    EVENTSTORE_URL: pglite ? '' : db.url,
    SMTP_URL: options.smtpUrl,
    PORT: String(port),
    PSEUDONYM_KEY: 'c'.repeat(64),
    ENCRYPTION_KEY: 'd'.repeat(64),
  };
  // The gateway signs who each request acts for; the services check it (issue 9).
  const principalKeys = principalKeysForRun();
  const launch = (name: string, extra: Record<string, string> = {}) =>
    apps.set(
      name,
      startApp(
        `${runId}-${name}`,
        nodeCommand(name, options.built ?? false, options.cpuProfileDir, `${form}-${name}`, options.nodeOptions),
        {
          ...env,
          ...(form === 'distributed' ? principalEnvFor(principalKeys, name) : {}),
          ...options.env,
          DATA_DIR: join(dataRoot, name),
          ...extra,
        },
      ),
    );
  if (form !== 'distributed') {
    launch('standalone');
  } else {
    nats = await startSecuredNatsServer();
    for (const name of [...SERVICES, 'gateway'])
      launch(name, {
        NATS_URL: nats.urlFor(name as BusUser),
        RPC_TIMEOUT_MS: '5000',
      });
  }
  const stopAll = async () => {
    // SIGTERM, so that a process started with --cpu-prof writes its profile.
    await Promise.all([...apps.values()].map((a) => a.stop()));
    await nats?.stop();
    await db.drop().catch(() => undefined);
    rmSync(dataRoot, { recursive: true, force: true });
  };
  options.log(`${form}: started ${[...apps.keys()].join(', ')}; waiting for /health`);
  try {
    await waitForHealthy(baseUrl, 180_000);
  } catch (error) {
    // A form that does not come up leaves no process behind (the nats-server included).
    await stopAll();
    throw error;
  }
  return {
    form,
    baseUrl,
    apps,
    sample: () => new Map([...apps].map(([name, app]) => [name, sampleGroup(app.child.pid!)])),
    transactions: async () => {
      if (pglite) return NaN;
      const client = new pg.Client({ connectionString: options.pg.adminUrl });
      await client.connect();
      try {
        // Backends report their counts within a second or so: close enough over a step of seconds.
        const { rows } = await client.query<{ n: string }>(
          'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
          [db.name],
        );
        return Number(rows[0]?.n ?? NaN);
      } finally {
        await client.end();
      }
    },
    stop: stopAll,
  };
}
