// The eligibility service as a process would run it (its Nest module answering
// request-reply on NATS, its relay, its JetStream consumer) on a given store, for
// integration tests and the benchmark.
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@soudan/event-store';
import {
  createRpcClient,
  JetStreamEventBus,
  type EventBus,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { signAsRequestsSay } from '@soudan/messaging/testing';
import {
  createLogger,
  NAMERIKAWA,
  readConfig,
  startServiceHost,
  type Logger,
  type OfficeSettings,
  type ServiceHost,
  type ServiceRuntime,
} from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { EligibilityCore } from '../eligibility-core';
import { eligibilityService } from '../eligibility.service';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export const TEST_KEYS = { PSEUDONYM_KEY: '3c'.repeat(32), ENCRYPTION_KEY: '9d'.repeat(32) };

export const quietLogger = (level = 'error'): Logger =>
  createLogger({ name: 'test', level, destination: new Writable({ write: (_c, _e, done) => done() }) });

export interface RunningEligibility {
  host: ServiceHost;
  runtime: ServiceRuntime;
  core: EligibilityCore;
  rpc: RpcClient;
  bus: EventBus;
  close(): Promise<void>;
}

export async function startEligibility(parts: {
  natsUrl: string;
  store: EventStore;
  clock: Clock;
  office?: Partial<OfficeSettings> & Record<string, unknown>;
  logger?: Logger;
  /** Default true; the benchmark turns it off so publishing (measured by the messaging bench) does not blur its figures. */
  relay?: boolean;
}): Promise<RunningEligibility> {
  const logger = parts.logger ?? quietLogger();
  const mode: MessagingMode = { kind: 'nats', url: parts.natsUrl };
  const rpc = await createRpcClient(mode, { timeoutMs: 10_000 });
  const bus = await JetStreamEventBus.connect({ url: parts.natsUrl, logger });
  const config = readConfig('embedded', { DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-elig-')), ...TEST_KEYS });
  const runtime: ServiceRuntime = {
    context: 'eligibility',
    config,
    office: { ...NAMERIKAWA, ...parts.office } as OfficeSettings,
    mode,
    store: parts.store,
    bus,
    rpc,
    clock: parts.clock,
    logger,
  };
  const host = await startServiceHost(eligibilityService, runtime);
  if (parts.relay !== false) await host.startRelay();
  return {
    host,
    runtime,
    core: host.app.get(EligibilityCore),
    // Tests ask the service as the gateway would, for whoever the request names.
    rpc: rpc.signing(signAsRequestsSay(config.principalPrivateKey!)),
    bus,
    close: async () => {
      await host.close();
      await rpc.close().catch(() => undefined);
      await bus.close().catch(() => undefined);
    },
  };
}

/** R40: a question of a seeker with everything an online consultation needs (office, devices, the six points, a reason). */
export const READY_FOR_ONLINE = {
  officeCode: '16070',
  ...readySeeker(),
  onlineReason: '子育て中のため',
};
