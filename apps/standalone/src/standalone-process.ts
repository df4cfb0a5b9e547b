// The whole system in one process, `npm start` (main.ts starts telemetry, then this).
import { createLogger, onShutdown, readConfig, secretsOf, startOrExit } from '@soudan/platform';
import { startEmbeddedSystem } from './embedded-system';

const DEFAULT_INBOUND_SMTP_PORT = 2525;

await startOrExit('soudan', async () => {
  // R61: `npm start` takes e-mail replies to offers on 127.0.0.1:2525 unless INBOUND_SMTP_PORT says otherwise.
  const config = readConfig('embedded', process.env, { inboundSmtpPortDefault: DEFAULT_INBOUND_SMTP_PORT });
  const logger = createLogger({ name: 'soudan', level: config.logLevel, secrets: secretsOf(config, process.env) });
  const system = await startEmbeddedSystem(config, logger);
  onShutdown(logger, [() => system.close()]);
});
