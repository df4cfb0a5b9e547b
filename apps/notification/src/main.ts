// Traces first (off unless OTEL_* configure an exporter): the SDK patches node:http,
// express and pg before anything of the service imports them.
import { startTelemetry } from '@soudan/observability';

await startTelemetry({ serviceName: 'notification' });
await import('reflect-metadata');
const [{ runServiceProcess }, { notificationService }] = await Promise.all([
  import('@soudan/platform'),
  import('@soudan/notification-infra'),
]);
await runServiceProcess(notificationService);
