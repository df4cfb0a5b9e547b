// The whole system in one process (the default `npm start`): every service's module on
// an in-process transport and bus with the same contracts as NATS, the embedded event
// store (PGlite) under DATA_DIR with a schema per service, and the gateway on HTTP.
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { openEmbeddedStores, type EventStore } from '@soudan/event-store';
import { createGatewayApp, createGatewayRelay, isWebAppBuilt, startGatewayServices } from '@soudan/gateway-infra';
import {
  createRpcClient,
  InProcessEventBus,
  InProcessHub,
  JetStreamEventBus,
  type EventBus,
  type MessagingMode,
  type RpcClient,
} from '@soudan/messaging';
import {
  initNestLogging,
  officeFor,
  opsServerFor,
  startServiceHost,
  type Logger,
  type ServiceHost,
  type ServiceRuntime,
  type SoudanConfig,
} from '@soudan/platform';
import { startingUp } from '@soudan/observability';
import { systemClock, type Clock } from '@soudan/time';
import { auditService } from '@soudan/audit-infra';
import { eligibilityService } from '@soudan/eligibility-infra';
import { notificationService } from '@soudan/notification-infra';
import { schedulingService } from '@soudan/scheduling-infra';

/** The built web app to serve at / (WEB_DIR, default dist/apps/web), when there is one. */
export function builtWebApp(env: NodeJS.ProcessEnv): string | undefined {
  const dir = resolve(env.WEB_DIR?.trim() || 'dist/apps/web');
  return isWebAppBuilt(dir) ? dir : undefined;
}

export const SERVICES = [schedulingService, eligibilityService, notificationService, auditService];

export interface EmbeddedSystem {
  gateway: INestApplication;
  url: string;
  /**
   * The services' request-reply connection, unsigned: tests that ask services directly
   * sign as the gateway would (`signAsRequestsSay` of `@soudan/messaging/testing`).
   */
  rpc: RpcClient;
  close(): Promise<void>;
}

export interface EmbeddedSystemOptions {
  /**
   * Request-reply and events over this NATS server (JetStream) instead of in-process:
   * the services still share one process and store, but every hop between them is a
   * real NATS message (tests of what travels in NATS headers, such as trace context).
   */
  natsUrl?: string;
}

export async function startEmbeddedSystem(
  config: SoudanConfig,
  logger: Logger,
  clock: Clock = systemClock,
  options: EmbeddedSystemOptions = {},
): Promise<EmbeddedSystem> {
  const office = officeFor(config);
  initNestLogging(logger);
  const stores = await openEmbeddedStores({
    url: config.eventStoreUrl,
    dataDir: config.dataDir,
    schemas: [...SERVICES.map((s) => s.context), 'gateway', 'messaging'],
  });
  const mode: MessagingMode = options.natsUrl
    ? { kind: 'nats', url: options.natsUrl }
    : { kind: 'in-process', hub: new InProcessHub() };
  const bus: EventBus = options.natsUrl
    ? await JetStreamEventBus.connect({ url: options.natsUrl, logger: logger.child({ component: 'bus' }) })
    : new InProcessEventBus({ deadLetterStore: stores.get('messaging'), logger: logger.child({ component: 'bus' }) });
  const rpc = await createRpcClient(mode, { timeoutMs: config.rpcTimeoutMs });
  const runtimeFor = (context: string, store?: EventStore): ServiceRuntime => ({
    context,
    config,
    office,
    mode,
    store,
    bus: store ? bus : undefined,
    rpc,
    clock,
    logger: logger.child({ context }),
  });

  // OPS_PORT: probes for the one process answer from the store and bus every service
  // shares; live at once, ready once every service is up and its read models caught up.
  const started = startingUp('system');
  const ops = await opsServerFor(runtimeFor('system', stores.get('gateway')));
  const hosts: ServiceHost[] = [];
  for (const service of SERVICES)
    hosts.push(await startServiceHost(service, runtimeFor(service.context, stores.get(service.context))));
  // The gateway owns its store too: staff accounts, sign-in link tokens, the access record.
  const gatewayRuntime = runtimeFor('gateway', stores.get('gateway'));
  const webRoot = builtWebApp(process.env);
  const gateway = await createGatewayApp(gatewayRuntime, { webRoot });
  // R52, R54: opens seekers' device data for the audit's disclosures; destroys an erased seeker's key;
  // R42, R54: ends a suspended or erased seeker's tokens (records that every replica's guard reads).
  const gatewayServices = await startGatewayServices(gatewayRuntime);
  await gateway.listen(config.port, process.env.HOST ?? '127.0.0.1');
  // Relays start last: in-process consumers exist only once every module has booted.
  for (const host of hosts) await host.startRelay();
  const gatewayRelay = createGatewayRelay(gatewayRuntime);
  gatewayRelay.start();
  started();
  const url = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info(
    {
      url: `${url}/api/v1`,
      web: webRoot ? `${url}/` : 'not built (npm run build:web)',
      dataDir: config.dataDir,
      mail: config.smtpUrl ? 'smtp' : `${config.dataDir}/outbox`,
    },
    webRoot ? `soudan is running: open ${url}/` : 'soudan is running',
  );

  return {
    gateway,
    url,
    rpc,
    close: async () => {
      await ops?.close();
      await gateway.close();
      await gatewayRelay.stop();
      await gatewayServices.close();
      for (const host of hosts.reverse()) await host.close();
      await bus.close();
      await rpc.close();
      await stores.close();
    },
  };
}
