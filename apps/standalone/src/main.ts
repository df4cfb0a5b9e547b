import 'reflect-metadata';
import { createLogger, onShutdown, readConfig, startOrExit } from '@soudan/platform';
import { startEmbeddedSystem } from './embedded-system';

await startOrExit('soudan', async () => {
  const config = readConfig('embedded');
  const logger = createLogger({ name: 'soudan', level: config.logLevel });
  const system = await startEmbeddedSystem(config, logger);
  onShutdown(logger, [() => system.close()]);
});
