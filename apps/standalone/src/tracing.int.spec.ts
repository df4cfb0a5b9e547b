// Issue 14, item 2: one reservation is one trace. The whole system runs in this process
// with an in-memory span exporter, but every hop between the services is a real NATS
// message (request-reply and JetStream), so the trace context crosses them only in the
// NATS headers: HTTP request -> scheduling (and what it asks of eligibility) -> the store
// -> the relay -> JetStream -> audit and the mail.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind, startTelemetry, type Telemetry } from '@soudan/observability';
import { createLogger, readConfig } from '@soudan/platform';
import { BusinessCalendar, jstDateOf } from '@soudan/time';
import {
  createTestDatabase,
  eventually,
  freePort,
  startNatsServer,
  startPostgres,
  type TestNatsServer,
  type TestPostgresServer,
} from '@soudan/testing';
import { startEmbeddedSystem, type EmbeddedSystem } from './embedded-system';
import { apiClient } from './testing/api-client';
import { reservationRequest, signInAdminAndSeeker } from './testing/sign-in';

const ADMIN_PASSWORD = 'Kurobe-Tateyama-7q!x';

describe('one reservation, one trace across the services over NATS (issue 14)', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry | undefined;
  let nats: TestNatsServer;
  let pg: TestPostgresServer;
  let system: EmbeddedSystem;
  let dataDir: string;

  beforeAll(async () => {
    // In-process, jest loads express and pg itself: the SDK's module patches cannot reach
    // them here, so only the spans of soudan's own code are asserted.
    telemetry = await startTelemetry({
      serviceName: 'test',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      instrumentations: false,
    });
    [nats, pg] = await Promise.all([startNatsServer(), startPostgres()]);
    dataDir = mkdtempSync(join(tmpdir(), 'soudan-tracing-'));
    // The event store is PostgreSQL: the embedded PGlite store is driven by the e2e tests
    // (npm start) and hostile-text.int.spec.ts; inside jest's VM modules it starts slowly.
    const config = readConfig('embedded', {
      EVENTSTORE_URL: (await createTestDatabase(pg, 'soudan_tracing')).url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ADMIN_PASSWORD,
      INBOUND_SMTP_PORT: 'off',
    });
    system = await startEmbeddedSystem(
      config,
      createLogger({ name: 'test', level: 'error', destination: new Writable({ write: (_c, _e, done) => done() }) }),
      undefined,
      { natsUrl: nats.url },
    );
  });

  afterAll(async () => {
    await system?.close();
    await nats?.stop();
    await pg?.stop();
    await telemetry?.shutdown();
  });

  it('the HTTP request, the RPC over NATS, the relay, the JetStream consumers and the mail share one trace id', async () => {
    const { seeker } = await signInAdminAndSeeker(system.url, dataDir, ADMIN_PASSWORD);
    exporter.reset();
    const slot = `${new BusinessCalendar().addBusinessDays(jstDateOf(new Date()), 3)}T10:00:00+09:00`;
    const created = await apiClient(() => system.url).call('POST', '/reservations', {
      token: seeker,
      headers: { 'idempotency-key': `tracing-${Date.now()}` },
      body: reservationRequest(slot),
    });
    expect(created.status).toBe(201);

    const root = await eventually(
      async () => exporter.getFinishedSpans().find((s) => s.name === 'POST /api/v1/reservations'),
      { timeoutMs: 10_000, what: 'the request span' },
    );
    const traceId = root.spanContext().traceId;
    const inTrace = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const has = (spans: ReadableSpan[], kind: SpanKind, name: RegExp) =>
      spans.some((s) => s.kind === kind && name.test(s.name));
    const consumerGroups = (spans: ReadableSpan[]) =>
      spans
        .filter((s) => s.kind === SpanKind.CONSUMER)
        .map((s) => String(s.attributes['messaging.consumer.group.name']));

    const spans = await eventually(
      async () => {
        const now = inTrace();
        const complete =
          has(now, SpanKind.CLIENT, /^rpc scheduling\./) &&
          has(now, SpanKind.SERVER, /^rpc scheduling\./) &&
          has(now, SpanKind.SERVER, /^rpc eligibility\./) &&
          has(now, SpanKind.PRODUCER, /^publish events\.scheduling\.ReservationRequested$/) &&
          has(now, SpanKind.CONSUMER, /^consume scheduling\.ReservationRequested$/) &&
          now.some((s) => /^mail /.test(s.name)) &&
          // A consumer's span ends after the work inside it (the mail's span ends first).
          consumerGroups(now).some((c) => /audit/.test(c)) &&
          consumerGroups(now).some((c) => /notification/.test(c));
        return complete ? now : undefined;
      },
      { timeoutMs: 30_000, what: `the spans of trace ${traceId}` },
    );

    // Audit records the event in the same trace, from its own JetStream durable.
    const consumers = consumerGroups(spans);
    expect(consumers.some((c) => /audit/.test(c))).toBe(true);
    expect(consumers.some((c) => /notification/.test(c))).toBe(true);
    // Each hop's parent is in the trace: nothing started a trace of its own on the way.
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    for (const span of spans) {
      if (span === root) continue;
      expect(ids.has(span.parentSpanContext?.spanId ?? '')).toBe(true);
    }
    // Nothing personal in the spans: the request's name, e-mail and topic are nowhere.
    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes })));
    for (const personal of ['滑川', 'hanako@example.jp', '面接の練習']) expect(text).not.toContain(personal);
  });
});
