// Traces first (off unless OTEL_* configure an exporter): the SDK patches node:http,
// express and pg before anything of the app imports them.
import { startTelemetry } from '@soudan/observability';

await startTelemetry({ serviceName: 'standalone' });
await import('reflect-metadata');
await import('./standalone-process');
