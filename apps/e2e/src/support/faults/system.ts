// The distributed form on this machine, for fault injection: every service its own
// process (two replicas of scheduling and of notification), NATS as a cluster of three
// real nats-servers with streams replicated three times, PostgreSQL as a throwaway
// cluster that can be stopped at once, and an SMTP sink that can refuse, stall and accept.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  createTestDatabase,
  freePort,
  startNatsCluster,
  startPostgres,
  startSmtpSink,
  type SmtpSink,
  type TestDatabase,
  type TestNatsCluster,
  type TestPostgresServer,
} from '@soudan/testing';
import { JETSTREAM_DEFAULTS, JetStreamEventBus, natsConnection } from '@soudan/messaging';
import { principalEnvFor, principalKeysForRun } from '../principal-keys';
import { ROOT, startApp, waitForHealthy, type AppProcess } from '../processes';
import { ADMIN_PASSWORD } from './people';

/** Process names: `gateway`, `scheduling-1`, `scheduling-2`, `eligibility`, `notification-1`, `notification-2`, `audit`. */
export const PROCESSES = [
  'gateway',
  'scheduling-1',
  'scheduling-2',
  'eligibility',
  'notification-1',
  'notification-2',
  'audit',
] as const;
export type ProcessName = (typeof PROCESSES)[number];

/** What a process of the run says in EHLO to the SMTP sink. */
export const smtpClientName = (name: ProcessName) => `${name}.faults.test`;

const entryOf = (name: ProcessName) => `apps/${name.replace(/-\d$/, '')}/src/main.ts`;

export class FaultySystem {
  nats!: TestNatsCluster;
  pg!: TestPostgresServer;
  db!: TestDatabase;
  smtp!: SmtpSink;
  baseUrl!: string;
  /** Inbound SMTP port of each notification replica (R61 replies). */
  inboundPorts = new Map<ProcessName, number>();
  readonly apps = new Map<ProcessName, AppProcess>();
  /** Every kill -9 of a process, when it was sent (the mail check explains a repeated mail by one). */
  readonly kills: Array<{ name: ProcessName; at: number }> = [];
  private env!: Record<string, string>;
  /** The gateway's principal keys for this run: the private one to the gateway alone (issue 9). */
  private readonly principalKeys = principalKeysForRun();
  private dataRoot!: string;
  private nc?: NatsConnection;
  private jsm?: JetStreamManager;
  private runId = `faults-${Date.now().toString(36)}`;
  private starts = 0;

  constructor(private readonly log: (line: string) => void) {}

  async start(): Promise<void> {
    [this.nats, this.pg, this.smtp] = await Promise.all([startNatsCluster(), startPostgres(), startSmtpSink()]);
    this.log(
      `NATS: ${this.nats.nodes.length} nats-server ${this.nats.version} nodes (${this.nats.nodes.map((n) => n.port).join(', ')}), streams replicated 3 times`,
    );
    this.log(
      this.nats.syncAlways
        ? 'NATS: sync_interval: always (every write fsynced before it is acknowledged)'
        : `NATS: sync_interval: always NOT SET: ${this.nats.syncNote}`,
    );
    if (!this.pg.crash)
      this.log('PostgreSQL: DATABASE_URL is set, so the PostgreSQL fault is skipped (it needs a throwaway cluster)');
    this.db = await createTestDatabase(this.pg, 'soudan_faults');
    this.dataRoot = mkdtempSync(join(tmpdir(), 'soudan-faults-'));
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.env = {
      NATS_URL: this.nats.url,
      JETSTREAM_REPLICAS: '3',
      EVENTSTORE_URL: this.db.url,
      SMTP_URL: this.smtp.url,
      PORT: String(port),
      RPC_TIMEOUT_MS: '4000',
      PSEUDONYM_KEY: 'c'.repeat(64),
      ENCRYPTION_KEY: 'd'.repeat(64),
      ADMIN_PASSWORD,
      SEEKER_REQUESTS_PER_HOUR: '1000000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'info',
    };
    for (const name of ['notification-1', 'notification-2'] as const) this.inboundPorts.set(name, await freePort());
    // Streams are made by the first process with JETSTREAM_REPLICAS=3; one first, then the rest.
    this.launch('audit');
    await this.waitForLog('audit', 'audit started');
    for (const name of PROCESSES) if (name !== 'audit') this.launch(name);
    await waitForHealthy(this.baseUrl, 180_000);
    const { servers } = natsConnection(this.nats.url);
    this.nc = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 500, name: 'faults-tool' });
    this.jsm = await jetstreamManager(this.nc, { timeout: 5000 });
    const info = await this.jsm.streams.info(JETSTREAM_DEFAULTS.streamName);
    this.log(
      `stream ${JETSTREAM_DEFAULTS.streamName}: ${info.config.num_replicas} replicas, leader ${info.cluster?.leader}`,
    );
  }

  launch(name: ProcessName): AppProcess {
    const extra: Record<string, string> = {
      DATA_DIR: join(this.dataRoot, name),
      // The name the process gives in EHLO (nodemailer's `name`, as a URL option): the
      // sink then knows which replica handed it each mail.
      SMTP_URL: `${this.smtp.url}/?name=${smtpClientName(name)}`,
    };
    const inbound = this.inboundPorts.get(name);
    if (inbound) extra.INBOUND_SMTP_PORT = String(inbound);
    const app = startApp(`${this.runId}-${name}-${(this.starts += 1)}`, entryOf(name), {
      ...this.env,
      ...principalEnvFor(this.principalKeys, name),
      ...extra,
    });
    this.apps.set(name, app);
    return app;
  }

  private async waitForLog(name: ProcessName, text: string, timeoutMs = 120_000) {
    const file = join(ROOT, 'tmp', 'e2e-logs', `${this.apps.get(name)!.name}.log`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (existsSync(file) && readFileSync(file, 'utf8').includes(text)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${name} did not log "${text}" within ${timeoutMs} ms`);
  }

  running(name: ProcessName): boolean {
    const app = this.apps.get(name);
    return !!app && app.child.exitCode === null && app.child.signalCode === null;
  }

  async kill(name: ProcessName): Promise<void> {
    this.kills.push({ name, at: Date.now() });
    await this.apps.get(name)?.kill();
  }

  /** The node leading the event stream now (its server name), if the cluster answers. */
  async streamLeader(): Promise<string | undefined> {
    try {
      return (await this.jsm!.streams.info(JETSTREAM_DEFAULTS.streamName)).cluster?.leader;
    } catch {
      return undefined;
    }
  }

  /** Publishes a message no consumer can read: the one dead letter the run expects. */
  async injectPoison(marker: string): Promise<void> {
    const js = jetstream(this.nc!, { timeout: 5000 });
    await js.publish('events.scheduling.ReservationRequested', `poison ${marker}: not an event envelope`, {
      msgID: marker,
    });
  }

  async deadLetters(): Promise<Array<{ consumer: string; payload: string; error: string }>> {
    const bus = await JetStreamEventBus.connect({ url: this.nats.url, replicas: 3 });
    try {
      return await bus.deadLetters();
    } finally {
      await bus.close();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((a) => a.kill()));
    await this.nc?.close().catch(() => undefined);
    await this.smtp?.close();
    await this.db?.drop().catch(() => undefined);
    await this.pg?.stop();
    await this.nats?.stop();
    if (this.dataRoot) rmSync(this.dataRoot, { recursive: true, force: true });
  }
}
