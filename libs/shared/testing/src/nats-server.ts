import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dockerAvailable, findBinary } from './binaries';
import { freePort, waitForPort } from './free-port';

export interface TestNatsServer {
  url: string;
  port: number;
  /** JetStream store directory (kept across restart()). */
  storeDir: string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts again on the same port with the same store. */
  restart(): Promise<void>;
  /** Stops and removes the store. */
  stop(): Promise<void>;
}

/**
 * A real nats-server with JetStream on a free port in a temp dir (binary from PATH);
 * testcontainers where the binary is missing and Docker exists.
 */
export async function startNatsServer(
  options: {
    user?: string;
    password?: string;
    /**
     * A configuration file for the server (e.g. one that includes deploy/nats/auth.conf);
     * the address, port and store directory of the test still apply over it.
     */
    config?: string;
    /** Environment of the server process: the `$VARIABLES` a configuration refers to. */
    env?: Record<string, string>;
  } = {},
): Promise<TestNatsServer> {
  // A user and password the server asks every client for (the URL it answers has none: callers add them).
  const auth = options.user ? ['--user', options.user, '--pass', options.password ?? ''] : [];
  if (options.config) auth.unshift('-c', options.config);
  const binary = findBinary('nats-server');
  if (!binary) {
    if (options.config) throw new Error('a nats-server configuration file needs the nats-server binary on PATH');
    if (await dockerAvailable()) return startNatsContainer(auth);
    throw new Error(
      'nats-server was not found on PATH and no Docker engine is available. Install it: `apt-get install nats-server` (Debian) or put the nats-server binary on PATH.',
    );
  }
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'soudan-nats-'));
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async () => {
    output = '';
    child = spawn(binary, [...auth, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await waitForPort(port, 15_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start on port ${port}: ${output}`, { cause: error });
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGTERM');
      await launch();
    },
    stop: async () => {
      await halt('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function startNatsContainer(auth: string[]): Promise<TestNatsServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('nats:2.10')
    .withCommand(['-js', '-sd', '/data', ...auth])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  const port = container.getMappedPort(4222);
  return {
    url: `nats://${container.getHost()}:${port}`,
    port,
    storeDir: '/data',
    kill: async () => {
      await container.stop({ timeout: 0 });
    },
    restart: async () => {
      await container.restart();
    },
    stop: async () => {
      await container.stop();
    },
  };
}

/** The users of deploy/nats/auth.conf: one per process. */
export const BUS_USERS = ['gateway', 'scheduling', 'eligibility', 'notification', 'audit'] as const;
export type BusUser = (typeof BUS_USERS)[number];

export interface SecuredNatsServer extends TestNatsServer {
  /** The NATS_URL of one user, with its password (as deploy/ gives each process its own). */
  urlFor(user: BusUser): string;
}

/**
 * A nats-server with the authorization of deploy/nats/auth.conf (found from the working
 * directory up), each user's password random and handed to the server in its environment
 * as the deployment does.
 */
export async function startSecuredNatsServer(): Promise<SecuredNatsServer> {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'deploy', 'nats', 'auth.conf'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('deploy/nats/auth.conf not found above the working directory');
    dir = up;
  }
  const confDir = mkdtempSync(join(tmpdir(), 'soudan-nats-conf-'));
  // Includes are relative to the including file: the deployment's file sits beside ours.
  copyFileSync(join(dir, 'deploy', 'nats', 'auth.conf'), join(confDir, 'auth.conf'));
  writeFileSync(join(confDir, 'nats.conf'), 'include ./auth.conf\n');
  // nats-server reads a $VARIABLE's value as a configuration value: one that starts with a
  // digit is taken for a number and refused, so passwords start with a letter.
  const passwords = Object.fromEntries(
    BUS_USERS.map((user) => [user, `s${randomBytes(18).toString('hex')}`]),
  ) as Record<BusUser, string>;
  const env = Object.fromEntries(BUS_USERS.map((user) => [`NATS_${user.toUpperCase()}_PASSWORD`, passwords[user]]));
  const server = await startNatsServer({ config: join(confDir, 'nats.conf'), env });
  return {
    ...server,
    urlFor: (user) => `nats://${user}:${passwords[user]}@127.0.0.1:${server.port}`,
    stop: async () => {
      await server.stop();
      rmSync(confDir, { recursive: true, force: true });
    },
  };
}
