// A NATS cluster of real nats-servers on this machine (fault injection): each node on
// free ports with a JetStream store directory of its own, kept across kill and start,
// so a node (or every node) can be killed -9 and started again with its storage.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries';
import { freePort, waitForPort } from './free-port';

export interface NatsClusterNode {
  name: string;
  port: number;
  url: string;
  storeDir: string;
  running(): boolean;
  /** SIGKILL, as a crash would; the store stays. */
  kill(): Promise<void>;
  /** Starts the node again on the same ports with the same store. */
  start(): Promise<void>;
}

export interface TestNatsCluster {
  nodes: NatsClusterNode[];
  /** Every node's client URL, comma-separated (NATS_URL as the services take it). */
  url: string;
  /** `nats-server --version`, e.g. 2.9.10. */
  version: string;
  /** Whether the servers fsync every write (`sync_interval: always`, nats-server 2.10 and later). */
  syncAlways: boolean;
  /** Why syncAlways is false, in a sentence to print. */
  syncNote?: string;
  /** Stops every node and removes the stores. */
  stop(): Promise<void>;
}

/** `nats-server --version` as [major, minor, patch], or undefined when it cannot be read. */
export function natsServerVersion(binary: string): string | undefined {
  try {
    return /v?(\d+\.\d+\.\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

const atLeast = (version: string, major: number, minor: number) => {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

export async function startNatsCluster(options: { size?: number; name?: string } = {}): Promise<TestNatsCluster> {
  const size = options.size ?? 3;
  const binary = findBinary('nats-server');
  if (!binary)
    throw new Error('nats-server was not found on PATH: install it (`apt-get install nats-server`) for a NATS cluster');
  const version = natsServerVersion(binary) ?? '0.0.0';
  const syncAlways = atLeast(version, 2, 10);
  const root = mkdtempSync(join(tmpdir(), 'soudan-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, async () => [await freePort(), await freePort()]));
  const routes = ports.map(([, route]) => `nats-route://127.0.0.1:${route}`);
  const nodes = ports.map(([port, routePort], i): NatsClusterNode => {
    const name = `n${i + 1}`;
    const storeDir = join(root, name);
    const configFile = join(root, `${name}.conf`);
    writeFileSync(
      configFile,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${port}`,
        'jetstream {',
        `  store_dir: "${storeDir}"`,
        // Jepsen (2025) found acknowledged writes lost with the default fsync interval.
        ...(syncAlways ? ['  sync_interval: always'] : []),
        '}',
        'cluster {',
        `  name: ${options.name ?? 'soudan'}`,
        `  listen: 127.0.0.1:${routePort}`,
        `  routes: [${routes.join(', ')}]`,
        '}',
        '',
      ].join('\n'),
    );
    let child: ChildProcess | undefined;
    let output = '';
    const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
    const halt = async (signal: NodeJS.Signals) => {
      const c = child;
      if (!c || !running()) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    };
    return {
      name,
      port,
      url: `nats://127.0.0.1:${port}`,
      storeDir,
      running,
      kill: () => halt('SIGKILL'),
      start: async () => {
        if (running()) return;
        output = '';
        child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
        child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
        try {
          await waitForPort(port, 15_000);
        } catch (error) {
          child.kill('SIGKILL');
          throw new Error(`nats-server ${name} did not start on port ${port}: ${output}`, { cause: error });
        }
      },
    };
  });
  await Promise.all(nodes.map((n) => n.start()));
  return {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    version,
    syncAlways,
    ...(syncAlways
      ? {}
      : {
          syncNote: `nats-server ${version} has no sync_interval (2.10 and later): the nodes fsync on their default interval (2 min), so acknowledged writes rely on replication, not on disk`,
        }),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
