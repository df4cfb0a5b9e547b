import 'reflect-metadata';
import { openEventStore } from '@soudan/event-store';
import { createGatewayApp, createGatewayRelay, startGatewayServices } from '@soudan/gateway-infra';
import { JetStreamEventBus } from '@soudan/messaging';
import { commonParts, officeFor, onShutdown, startOrExit } from '@soudan/platform';
import { systemClock } from '@soudan/time';

await startOrExit('gateway', async () => {
  // The gateway owns a store (staff accounts, sign-in tokens, the access record), so it
  // needs EVENTSTORE_URL and the keys like every other service.
  const { config, logger, mode, rpc } = await commonParts('gateway', true);
  const store = await openEventStore(config.eventStoreUrl, { schema: 'gateway', dataDir: config.dataDir });
  const bus = await JetStreamEventBus.connect({ url: config.natsUrl!, logger });
  const runtime = { context: 'gateway', config, office: officeFor(config), mode, store, bus, rpc, clock: systemClock, logger };
  const app = await createGatewayApp(runtime);
  // R52, R54: opens seekers' device data for the audit's disclosures; destroys an erased seeker's key.
  const services = await startGatewayServices(runtime);
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
  const relay = createGatewayRelay(runtime);
  relay.start();
  logger.info({ port: config.port }, 'gateway listening');
  onShutdown(logger, [() => app.close(), () => relay.stop(), () => services.close(), () => rpc.close(), () => bus.close(), () => store.close()]);
});
