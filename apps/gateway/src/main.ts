import 'reflect-metadata';
import { createGatewayApp } from '@soudan/gateway-infra';
import { commonParts, loadOffice, onShutdown, startOrExit } from '@soudan/platform';
import { systemClock } from '@soudan/time';

await startOrExit('gateway', async () => {
  const { config, logger, mode, rpc } = await commonParts('gateway', false);
  const app = await createGatewayApp({ context: 'gateway', config, office: loadOffice(config.officeConfigPath), mode, rpc, clock: systemClock, logger });
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
  logger.info({ port: config.port }, 'gateway listening');
  onShutdown(logger, [() => app.close(), () => rpc.close()]);
});
