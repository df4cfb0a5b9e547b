// Traces first (off unless OTEL_* configure an exporter): the SDK patches node:http,
// express and pg before anything of the service imports them.
import { startTelemetry } from '@soudan/observability';

await startTelemetry({ serviceName: 'audit' });
await import('reflect-metadata');
const [{ runServiceProcess }, { auditService }] = await Promise.all([
  import('@soudan/platform'),
  import('@soudan/audit-infra'),
]);
await runServiceProcess(auditService);
