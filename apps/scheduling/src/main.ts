// Traces first (off unless OTEL_* configure an exporter): the SDK patches node:http,
// express and pg before anything of the service imports them.
import { startTelemetry } from '@soudan/observability';

await startTelemetry({ serviceName: 'scheduling' });
await import('reflect-metadata');
const [{ runServiceProcess }, { schedulingService }] = await Promise.all([
  import('@soudan/platform'),
  import('@soudan/scheduling-infra'),
]);
await runServiceProcess(schedulingService);
