// The gateway as its own process (apps/gateway/src/main.ts starts telemetry, then this).
import { openEventStore } from '@soudan/event-store';
import { createGatewayApp, createGatewayRelay, isWebAppBuilt, startGatewayServices } from '@soudan/gateway-infra';
import { JetStreamEventBus } from '@soudan/messaging';
import { commonParts, officeFor, onShutdown, opsServerFor, startOrExit } from '@soudan/platform';
import { startingUp } from '@soudan/observability';
import { systemClock } from '@soudan/time';

await startOrExit('gateway', async () => {
  // The gateway owns a store (staff accounts, sign-in tokens, the access record), so it
  // needs EVENTSTORE_URL and the keys like every other service.
  const { config, logger, mode, rpc } = await commonParts('gateway', true);
  const store = await openEventStore(config.eventStoreUrl, { schema: 'gateway', dataDir: config.dataDir });
  const bus = await JetStreamEventBus.connect({ url: config.natsUrl!, logger, replicas: config.jetstreamReplicas });
  const runtime = {
    context: 'gateway',
    config,
    office: officeFor(config),
    mode,
    store,
    bus,
    rpc,
    clock: systemClock,
    logger,
  };
  // The probes answer from the start: live at once, ready once the gateway listens.
  const started = startingUp('service:gateway');
  const ops = await opsServerFor(runtime);
  // WEB_DIR: the built web app (dist/apps/web) served at / by the gateway itself, where no
  // static server of its own stands in front of it.
  const webDir = process.env.WEB_DIR?.trim();
  const app = await createGatewayApp(runtime, { webRoot: webDir && isWebAppBuilt(webDir) ? webDir : undefined });
  // R52, R54: opens seekers' device data for the audit's disclosures; destroys an erased seeker's key;
  // R42, R54: ends a suspended or erased seeker's tokens (records that every replica's guard reads).
  const services = await startGatewayServices(runtime);
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
  const relay = createGatewayRelay(runtime);
  relay.start();
  started();
  logger.info({ port: config.port }, 'gateway listening');
  onShutdown(logger, [
    async () => ops?.close(),
    () => app.close(),
    () => relay.stop(),
    () => services.close(),
    () => rpc.close(),
    () => bus.close(),
    () => store.close(),
  ]);
});
