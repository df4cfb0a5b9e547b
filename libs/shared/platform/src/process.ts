// Entry points of the distributed topology: each service its own process on NATS and
// PostgreSQL (a schema per service) or KurrentDB.
import { openEventStore, type EventStore } from '@soudan/event-store';
import {
  createRpcClient,
  JetStreamEventBus,
  type EventBus,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import { startingUp } from '@soudan/observability';
import { systemClock } from '@soudan/time';
import { ConfigError, readConfig, type SoudanConfig } from './config';
import { redactCredentials, redactUrl, secretsOf } from './log-redaction';
import { createLogger, type Logger } from './logger';
import { initNestLogging } from './nest-logging';
import { checkRuntime } from './health';
import { officeFor } from './office-for';
import { startOpsServer, type OpsServer } from './ops-server';
import type { ServiceRuntime } from './runtime';
import { startServiceHost, type ServiceDefinition } from './service-host';

type Closer = () => Promise<unknown>;

/**
 * Stops cleanly on SIGTERM/SIGINT: stop taking work, then close connections. A stop
 * that takes longer than `deadlineMs` (a dependency that never answers) ends the
 * process anyway: nothing is lost by it, since every piece of work is either stored or
 * redelivered after the next start.
 */
export function onShutdown(logger: Logger, closers: Closer[], deadlineMs = 15_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, deadlineMs).unref();
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        logger.warn({ err: error }, 'error while shutting down');
      }
    }
    process.exit(0);
  };
  // Not `once`: Nest's own shutdown hooks (enableShutdownHooks) answer the same signal and,
  // when done, raise it again; with no listener left that second signal killed the process
  // while these closers were still running (the embedded store not closed, its lock left).
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Start-up failures end the process with a message a person can act on. */
export async function startOrExit(name: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: configuration error: ${redactCredentials(error.message)}\n`);
    } else {
      // A driver's error may quote the URL it was given, password and all.
      const text = (error as Error).stack ?? String(error);
      process.stderr.write(`${name}: failed to start: ${redactCredentials(text, secretsOf({}, process.env))}\n`);
    }
    process.exit(1);
  }
}

export interface ProcessParts {
  config: SoudanConfig;
  logger: Logger;
  mode: MessagingMode;
  rpc: RpcClient;
}

/** The operator port (OPS_PORT) of a process, when configured; its closer goes first at shutdown. */
export async function opsServerFor(runtime: ServiceRuntime): Promise<OpsServer | undefined> {
  const { opsPort, opsHost } = runtime.config;
  if (opsPort === undefined) return undefined;
  return startOpsServer({
    port: opsPort,
    host: opsHost,
    readiness: () => checkRuntime(runtime),
    logger: runtime.logger,
  });
}

export async function commonParts(name: string, needsStore = true): Promise<ProcessParts> {
  const config = readConfig('distributed', process.env, { needsStore, signsPrincipals: name === 'gateway' });
  const logger = createLogger({ name, level: config.logLevel, secrets: secretsOf(config, process.env) });
  initNestLogging(logger);
  const mode: MessagingMode = { kind: 'nats', url: config.natsUrl! };
  const rpc = await createRpcClient(mode, { timeoutMs: config.rpcTimeoutMs });
  return { config, logger, mode, rpc };
}

export async function runServiceProcess(definition: ServiceDefinition): Promise<void> {
  await startOrExit(definition.context, async () => {
    const { config, logger, mode, rpc } = await commonParts(definition.context);
    const store: EventStore = await openEventStore(config.eventStoreUrl, {
      schema: definition.context,
      dataDir: config.dataDir,
    });
    const bus: EventBus = await JetStreamEventBus.connect({
      url: config.natsUrl!,
      logger,
      replicas: config.jetstreamReplicas,
    });
    const runtime: ServiceRuntime = {
      context: definition.context,
      config,
      office: officeFor(config),
      mode,
      store,
      bus,
      rpc,
      clock: systemClock,
      logger,
    };
    // The probes answer from the start: live at once, ready once the service is up.
    const started = startingUp(`service:${definition.context}`);
    const ops = await opsServerFor(runtime);
    const host = await startServiceHost(definition, runtime);
    await host.startRelay();
    started();
    logger.info({ nats: redactUrl(config.natsUrl) }, `${definition.context} started`);
    onShutdown(logger, [
      async () => ops?.close(),
      () => host.close(),
      () => rpc.close(),
      () => bus.close(),
      () => store.close(),
    ]);
  });
}
