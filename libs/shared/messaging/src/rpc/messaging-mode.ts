import { headers as natsHeaders } from '@nats-io/transport-node';
import { ClientNats, NatsRecordBuilder, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { silentLogger, type MessagingLogger } from '../logger';
import { InProcessClient, InProcessRecord, InProcessServer, type InProcessHub } from './in-process.transport';
import { RpcClient, type RpcClientOptions } from './rpc-client';
import { natsConnection, serverHosts } from '../nats-servers';

/** How a process talks to the others: a NATS server, or a hub shared in one process. */
export type MessagingMode = { kind: 'nats'; url: string } | { kind: 'in-process'; hub: InProcessHub };

// A service outlives any NATS restart: keep reconnecting instead of giving up after
// nats.js's default 10 attempts.
const reconnectForever = { maxReconnectAttempts: -1, reconnectTimeWait: 1000 } as const;

/**
 * What `app.connectMicroservice(...)` takes to answer request-reply. `queue` is the
 * NATS queue group (usually the service name) so replicas share the load.
 */
export function rpcServerOptions(mode: MessagingMode, queue: string): MicroserviceOptions {
  if (mode.kind === 'in-process') return { strategy: new InProcessServer(mode.hub) };
  return {
    transport: Transport.NATS,
    options: { ...natsConnection(mode.url), queue, name: queue, ...reconnectForever },
  };
}

export interface CreateRpcClientOptions extends RpcClientOptions {
  /** Connection name shown by the NATS server (monitoring). */
  name?: string;
  logger?: MessagingLogger;
}

export async function createRpcClient(mode: MessagingMode, options: CreateRpcClientOptions = {}): Promise<RpcClient> {
  const logger = options.logger ?? silentLogger;
  if (mode.kind === 'in-process') {
    const client = new InProcessClient(mode.hub);
    return new RpcClient({ client, wrap: (payload, headers) => new InProcessRecord(payload, headers) }, options);
  }
  const client = new ClientNats({ ...natsConnection(mode.url), name: options.name, ...reconnectForever });
  // Connect now so the first request does not pay for it; a failure is not fatal here,
  // each request tries again and answers UPSTREAM_UNAVAILABLE meanwhile.
  client
    .connect()
    .catch((error: unknown) =>
      logger.warn({ err: error, servers: serverHosts(mode.url) }, 'NATS is not reachable yet; requests will retry'),
    );
  return new RpcClient(
    {
      client,
      wrap: (payload, headers) => {
        const h = natsHeaders();
        for (const [key, value] of Object.entries(headers)) h.set(key, value);
        return new NatsRecordBuilder(payload).setHeaders(h).build();
      },
    },
    options,
  );
}
