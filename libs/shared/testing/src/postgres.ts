import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dockerAvailable, findBinary, postgresBinDirs } from './binaries';
import { freePort, waitForPort } from './free-port';

export interface TestPostgresServer {
  /** URL of the maintenance database; tests create their own databases on it. */
  adminUrl: string;
  stop(): Promise<void>;
  /**
   * Fault injection, on a throwaway cluster only: `crash` stops the server at once
   * (`pg_ctl -m immediate`: no checkpoint, recovery from the WAL at the next start) and
   * `restart` starts it again on the same port and data.
   */
  crash?(): Promise<void>;
  restart?(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL server where tests may create databases: `DATABASE_URL` when set,
 * otherwise a throwaway cluster (initdb + pg_ctl on a free port in a temp dir),
 * otherwise a container where Docker exists.
 */
export async function startPostgres(): Promise<TestPostgresServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const dirs = postgresBinDirs();
  const initdb = findBinary('initdb', dirs);
  const pgCtl = findBinary('pg_ctl', dirs);
  if (initdb && pgCtl) return startThrowawayCluster(initdb, pgCtl);
  if (await dockerAvailable()) return startPostgresContainer();
  throw new Error(
    'No PostgreSQL for the tests: set DATABASE_URL to a server with trust auth where tests may create databases, or install PostgreSQL (`apt-get install postgresql`: initdb and pg_ctl are used), or run a Docker engine.',
  );
}

async function startThrowawayCluster(initdb: string, pgCtl: string): Promise<TestPostgresServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'soudan-pg-'));
  const port = await freePort();
  // initdb refuses to run as root; run the cluster as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  chmodSync(dataDir, 0o777);
  const wrap = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const run = (bin: string, args: string[]) => {
    const [cmd, argv] = wrap(bin, args);
    execFileSync(cmd, argv, { stdio: 'pipe' });
  };
  run(initdb, ['-D', join(dataDir, 'data'), '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
  const start = async () => {
    const [cmd, argv] = wrap(pgCtl, [
      '-D',
      join(dataDir, 'data'),
      '-o',
      `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      join(dataDir, 'log'),
      'start',
    ]);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, argv, { stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl start exited with ${code}`))));
    });
    await waitForPort(port, 30_000);
  };
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: async () => run(pgCtl, ['-D', join(dataDir, 'data'), '-m', 'immediate', 'stop']),
    restart: start,
    stop: async () => {
      try {
        run(pgCtl, ['-D', join(dataDir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function startPostgresContainer(): Promise<TestPostgresServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('postgres:16')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    adminUrl: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`,
    stop: async () => {
      await container.stop();
    },
  };
}

/** A fresh, uniquely named database on the server; drop() removes it. */
export async function createTestDatabase(server: TestPostgresServer, prefix = 'soudan_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: server.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
