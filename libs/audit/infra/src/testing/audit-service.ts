// The audit service as a process would run it (its Nest module answering request-reply
// on NATS, its relay, its JetStream consumer) on a given store, for integration tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
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
  type ServiceHost,
  type ServiceRuntime,
} from '@soudan/platform';
import type { Clock } from '@soudan/time';
import { AuditModule } from '../audit.module';
import { auditService } from '../audit.service';
import { AuditTrail, type AuditTrailOptions } from '../audit-trail';

export const TEST_KEYS = { PSEUDONYM_KEY: '4b'.repeat(32), ENCRYPTION_KEY: 'c1'.repeat(32) };

export const quietLogger = (level = 'error'): Logger =>
  createLogger({ name: 'test', level, destination: new Writable({ write: (_c, _e, done) => done() }) });

export interface RunningAudit {
  host: ServiceHost;
  runtime: ServiceRuntime;
  trail: AuditTrail;
  rpc: RpcClient;
  bus: EventBus;
  close(): Promise<void>;
}

export async function startAudit(parts: {
  natsUrl: string;
  store: EventStore;
  clock: Clock;
  logger?: Logger;
  options?: AuditTrailOptions;
}): Promise<RunningAudit> {
  const logger = parts.logger ?? quietLogger();
  const mode: MessagingMode = { kind: 'nats', url: parts.natsUrl };
  const rpc = await createRpcClient(mode, { timeoutMs: 10_000 });
  const bus = await JetStreamEventBus.connect({ url: parts.natsUrl, logger });
  const config = readConfig('embedded', { DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-audit-')), ...TEST_KEYS });
  const runtime: ServiceRuntime = {
    context: 'audit',
    config,
    office: NAMERIKAWA,
    mode,
    store: parts.store,
    bus,
    rpc,
    clock: parts.clock,
    logger,
  };
  const host = await startServiceHost(
    { ...auditService, module: (rt) => AuditModule.register(rt, parts.options) },
    runtime,
  );
  await host.startRelay();
  return {
    host,
    runtime,
    trail: host.app.get(AuditTrail),
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
