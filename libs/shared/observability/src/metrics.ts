// Prometheus metrics of one process (prom-client), scraped from its operator port
// (OPS_PORT, /metrics). Every metric of the system is declared here, so their names,
// labels and buckets are in one place; docs/operations.md says what each one means and
// which to alert on. Labels take bounded values only (route templates, RPC patterns,
// event types, durable names): never ids, addresses or anything a person typed.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry `/metrics` answers from: one per process (per module instance in tests). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'soudan_' });

const registers = [metricsRegistry];
const FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'soudan_http_request_duration_seconds',
  help: 'HTTP requests the gateway answered, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: FAST,
  registers,
});

export const rpcClientDuration = new Histogram({
  name: 'soudan_rpc_client_duration_seconds',
  help: 'Request-reply calls made, from the caller: by pattern and outcome (OK or the error code)',
  labelNames: ['pattern', 'outcome'] as const,
  buckets: FAST,
  registers,
});

export const rpcServerDuration = new Histogram({
  name: 'soudan_rpc_server_duration_seconds',
  help: 'Request-reply calls answered by this process: by pattern and outcome (OK or the error code)',
  labelNames: ['pattern', 'outcome'] as const,
  buckets: FAST,
  registers,
});

export const storeAppendDuration = new Histogram({
  name: 'soudan_event_store_append_duration_seconds',
  help: 'Appends to the event store, by store (service schema) and outcome (ok, conflict, error)',
  labelNames: ['store', 'outcome'] as const,
  buckets: FAST,
  registers,
});

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}
const pools = new Map<string, () => PoolStats>();

/** Connections of each PostgreSQL pool: in use, idle, and callers waiting for one. */
export const storePoolConnections = new Gauge({
  name: 'soudan_event_store_pool_connections',
  help: 'Connections of the event store pool (PostgreSQL), by store and state (used, idle, waiting)',
  labelNames: ['store', 'state'] as const,
  registers,
  collect() {
    this.reset();
    for (const [store, stats] of pools) {
      const s = stats();
      this.set({ store, state: 'used' }, s.total - s.idle);
      this.set({ store, state: 'idle' }, s.idle);
      this.set({ store, state: 'waiting' }, s.waiting);
    }
  },
});

/** Reports a pool under `store` until the returned function is called. */
export function watchPool(store: string, stats: () => PoolStats): () => void {
  pools.set(store, stats);
  return () => {
    if (pools.get(store) === stats) pools.delete(store);
  };
}

export const relayDelay = new Histogram({
  name: 'soudan_relay_delay_seconds',
  help: 'Time from an event being committed to the relay having it on the bus, by context',
  labelNames: ['context'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers,
});

export const relayPosition = new Gauge({
  name: 'soudan_relay_position',
  help: 'Store position of the last event the relay published, by context',
  labelNames: ['context'] as const,
  registers,
});

export const relayLastPublished = new Gauge({
  name: 'soudan_relay_last_published_timestamp_seconds',
  help: 'When the relay last had a batch acknowledged by the bus (Unix time), by context',
  labelNames: ['context'] as const,
  registers,
});

export const eventsPublished = new Counter({
  name: 'soudan_events_published_total',
  help: 'Domain events put on the bus by the relays, by context and event type (the office day: requests, offers, confirmations, cancellations...)',
  labelNames: ['context', 'type'] as const,
  registers,
});

export const eventsHandled = new Counter({
  name: 'soudan_events_handled_total',
  help: 'Deliveries to event consumers, by durable and outcome (ok, duplicate, retry, dead_letter)',
  labelNames: ['durable', 'outcome'] as const,
  registers,
});

export const consumerPending = new Gauge({
  name: 'soudan_consumer_pending_messages',
  help: 'Messages the stream holds that a durable consumer has not been delivered yet (JetStream num_pending), by durable',
  labelNames: ['durable'] as const,
  registers,
});

export const consumerAckPending = new Gauge({
  name: 'soudan_consumer_ack_pending_messages',
  help: 'Messages delivered to a durable consumer and not yet acknowledged, by durable',
  labelNames: ['durable'] as const,
  registers,
});

export const deadLetters = new Counter({
  name: 'soudan_dead_letters_total',
  help: 'Events this process moved to the dead-letter stream, by consumer',
  labelNames: ['consumer'] as const,
  registers,
});

export const projectionPosition = new Gauge({
  name: 'soudan_projection_position',
  help: 'Store position a read model has folded up to, by projection',
  labelNames: ['projection'] as const,
  registers,
});

export const timersDue = new Gauge({
  name: 'soudan_timers_due',
  help: 'Reservation timers due now and not fired yet at the last tick, by kind',
  labelNames: ['kind'] as const,
  registers,
});

export const timersOverdue = new Gauge({
  name: 'soudan_timers_overdue',
  help: 'Reservation timers due for more than a minute and still not fired at the last tick, by kind',
  labelNames: ['kind'] as const,
  registers,
});

export const timersFired = new Counter({
  name: 'soudan_timers_fired_total',
  help: 'Reservation timers fired, by kind',
  labelNames: ['kind'] as const,
  registers,
});

export const mails = new Counter({
  name: 'soudan_mails_total',
  help: 'Outgoing e-mails, by template and outcome: sent, deferred (a try failed; tried again later) or failed (given up, raised to staff)',
  labelNames: ['template', 'outcome'] as const,
  registers,
});

/** The text a scrape of /metrics answers, and its content type. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** Seconds since `started` (a `performance.now()` reading). */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;
