// Traces first (off unless OTEL_* configure an exporter): the SDK patches node:http,
// express and pg before anything of the service imports them.
import { startTelemetry } from '@soudan/observability';

await startTelemetry({ serviceName: 'eligibility' });
await import('reflect-metadata');
const [{ runServiceProcess }, { eligibilityService }] = await Promise.all([
  import('@soudan/platform'),
  import('@soudan/eligibility-infra'),
]);
await runServiceProcess(eligibilityService);
