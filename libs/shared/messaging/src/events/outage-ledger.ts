// How many deliveries of a message failed only because a dependency was down (an SMTP
// server, the store): JetStream counts every delivery, and a consumer's own limit
// (maxDeliver) must count only the failures of the message itself. The counts live in a
// JetStream key-value bucket beside the event stream, so they survive a restart of the
// service and move with the message to another replica; without them, a message nak'd
// through an outage would come back "on its last try" after a restart.
import { Kvm, type KV } from '@nats-io/kv';
import { StorageType, type JetStreamClient } from '@nats-io/jetstream';
import type { MessagingLogger } from '../logger';

export interface OutageLedger {
  /** Deliveries of the stream sequence that failed for an outage (0 when none were counted). */
  get(durable: string, seq: number): Promise<number>;
  set(durable: string, seq: number, outages: number): Promise<void>;
  /** Forgets the count once the message is settled (acked or dead-lettered). */
  clear(durable: string, seq: number): Promise<void>;
}

export interface OutageBucketOptions {
  /** The event stream the counts belong to: the bucket is `<stream>_outages`. */
  streamName: string;
  replicas: number;
  /** A count older than the events it is about is of no use: the stream's max age. */
  maxAgeMs: number;
  timeoutMs: number;
}

/** Key of one message of one durable; durable names hold only `[A-Za-z0-9_-]`. */
const keyOf = (durable: string, seq: number) => `${durable}.${seq}`;

/**
 * The counts in a JetStream key-value bucket, with the last value this process wrote kept
 * in memory too: if the bucket cannot be read for a moment (NATS reconnecting), the local
 * figure is used rather than failing the delivery, and a count that could not be written is
 * written again on the next outage.
 */
export class JetStreamOutageLedger implements OutageLedger {
  private readonly local = new Map<string, number>();

  private constructor(
    private readonly bucket: KV,
    private readonly logger: MessagingLogger,
  ) {}

  static async open(js: JetStreamClient, options: OutageBucketOptions, logger: MessagingLogger) {
    const bucket = await new Kvm(js).create(`${options.streamName}_outages`, {
      history: 1,
      ttl: options.maxAgeMs,
      replicas: options.replicas,
      storage: StorageType.File,
      timeout: options.timeoutMs,
    });
    return new JetStreamOutageLedger(bucket, logger);
  }

  async get(durable: string, seq: number): Promise<number> {
    const key = keyOf(durable, seq);
    try {
      const entry = await this.bucket.get(key);
      const stored = entry && entry.operation === 'PUT' ? Number(entry.string()) : 0;
      return Math.max(Number.isSafeInteger(stored) ? stored : 0, this.local.get(key) ?? 0);
    } catch (error) {
      this.logger.warn({ err: error, consumer: durable, seq }, 'could not read the outage count; using the local one');
      return this.local.get(key) ?? 0;
    }
  }

  async set(durable: string, seq: number, outages: number): Promise<void> {
    const key = keyOf(durable, seq);
    this.remember(key, outages);
    try {
      await this.bucket.put(key, String(outages));
    } catch (error) {
      this.logger.warn({ err: error, consumer: durable, seq }, 'could not store the outage count; kept locally');
    }
  }

  async clear(durable: string, seq: number): Promise<void> {
    const key = keyOf(durable, seq);
    this.local.delete(key);
    try {
      await this.bucket.purge(key);
    } catch {
      // The bucket's max age removes it in time; a leftover count only helps a redelivery.
    }
  }

  private remember(key: string, outages: number): void {
    // Counts of messages another replica settled would stay forever; keep the map small.
    if (!this.local.has(key) && this.local.size >= 10_000) this.local.delete(this.local.keys().next().value as string);
    this.local.set(key, outages);
  }
}
