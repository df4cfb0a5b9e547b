import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export async function startNatsServer(options: { user?: string; password?: string } = {}): Promise<TestNatsServer> {
  // A user and password the server asks every client for (the URL it answers has none: callers add them).
  const auth = options.user ? ['--user', options.user, '--pass', options.password ?? ''] : [];
  const binary = findBinary('nats-server');
  if (!binary) {
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
    child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, ...auth], {
      stdio: ['ignore', 'pipe', 'pipe'],
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
