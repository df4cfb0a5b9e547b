// A Nest custom transport for the embedded default (everything in one process): the
// same @MessagePattern controllers answer as on NATS, through a shared hub instead of
// a broker. Payloads and replies are copied through JSON so a handler sees exactly
// what it would see after the NATS serializer, and a Date or class instance that
// would not survive the wire does not survive here either.
import {
  BaseRpcContext,
  ClientProxy,
  Server,
  type CustomTransportStrategy,
  type ReadPacket,
  type WritePacket,
} from '@nestjs/microservices';
import { RpcError } from '../messaging.port';

export const IN_PROCESS_TRANSPORT = Symbol.for('soudan.messaging.in-process');

export type InProcessHeaders = Record<string, string>;

export interface InProcessRequest {
  /** Absent for a fire-and-forget event (`ClientProxy.emit`). */
  id?: string;
  pattern: string;
  data: unknown;
  headers: InProcessHeaders;
}

export type InProcessRoute = (request: InProcessRequest, respond: (packet: WritePacket) => void) => void;

/**
 * Pattern -> handlers of every InProcessServer listening in this process. Several
 * servers on one pattern take turns, as a NATS queue group would.
 */
export class InProcessHub {
  private readonly routes = new Map<string, InProcessRoute[]>();
  private readonly turns = new Map<string, number>();

  register(pattern: string, route: InProcessRoute): () => void {
    const list = this.routes.get(pattern) ?? [];
    list.push(route);
    this.routes.set(pattern, list);
    return () => {
      const current = this.routes.get(pattern) ?? [];
      const remaining = current.filter((r) => r !== route);
      if (remaining.length) this.routes.set(pattern, remaining);
      else this.routes.delete(pattern);
    };
  }

  /** The route that takes the next message for the pattern, or undefined (no responders). */
  pick(pattern: string): InProcessRoute | undefined {
    const list = this.routes.get(pattern);
    if (!list?.length) return undefined;
    const turn = (this.turns.get(pattern) ?? 0) % list.length;
    this.turns.set(pattern, turn + 1);
    return list[turn];
  }

  patterns(): string[] {
    return [...this.routes.keys()];
  }
}

/** Payload plus headers for the in-process client (NatsRecord's counterpart). */
export class InProcessRecord<T = unknown> {
  constructor(
    readonly data: T,
    readonly headers: InProcessHeaders = {},
  ) {}
}

/** `@Ctx()` of an in-process handler; `getHeaders()` as on NatsContext. */
export class InProcessContext extends BaseRpcContext<[string, InProcessHeaders]> {
  getPattern(): string {
    return this.args[0];
  }
  getHeaders(): InProcessHeaders {
    return this.args[1];
  }
}

function wireCopy<T>(value: T): T {
  if (value === undefined) return value;
  const json = JSON.stringify(value);
  return json === undefined ? (undefined as T) : (JSON.parse(json) as T);
}

function patternKey(pattern: unknown): string {
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

/** `app.connectMicroservice({ strategy: new InProcessServer(hub) })` */
export class InProcessServer extends Server implements CustomTransportStrategy {
  override transportId: symbol = IN_PROCESS_TRANSPORT;
  private unregister: Array<() => void> = [];

  constructor(private readonly hub: InProcessHub) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    for (const pattern of this.messageHandlers.keys()) {
      this.unregister.push(this.hub.register(pattern, (request, respond) => this.dispatch(pattern, request, respond)));
    }
    this._status$.next('connected');
    callback();
  }

  close(): void {
    for (const unregister of this.unregister) unregister();
    this.unregister = [];
    this._status$.next('disconnected');
  }

  on(): void {
    // No connection, so no connection events.
  }

  unwrap<T>(): T {
    return this.hub as T;
  }

  private dispatch(pattern: string, request: InProcessRequest, respond: (packet: WritePacket) => void): void {
    const ctx = new InProcessContext([pattern, { ...request.headers }]);
    const data = wireCopy(request.data);
    if (request.id === undefined) {
      Promise.resolve(this.handleEvent(pattern, { pattern, data }, ctx)).catch((error: unknown) =>
        this.handleError(String(error)),
      );
      return;
    }
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      respond({
        err: `There is no matching message handler defined in the remote service for ${pattern}.`,
        isDisposed: true,
      });
      return;
    }
    const done = this.handleRequest(
      ctx,
      async () => this.transformToObservable(await handler(data, ctx)),
      (packet) => respond(wireCopy(packet)),
    ) as unknown;
    Promise.resolve(done).catch((error: unknown) => {
      this.handleError(String(error));
      respond({ err: { status: 'error', message: 'Internal server error' }, isDisposed: true });
    });
  }
}

/** ClientProxy over the hub; `send(pattern, new InProcessRecord(data, headers))` carries headers. */
export class InProcessClient extends ClientProxy {
  private readonly pending = new Map<string, (packet: WritePacket) => void>();

  constructor(private readonly hub: InProcessHub) {
    super();
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  async connect(): Promise<InProcessHub> {
    this._status$.next('connected');
    return this.hub;
  }

  /** Fails the requests still waiting, as ClientNats does when its connection closes. */
  async close(): Promise<void> {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const callback of waiting)
      callback({ err: new RpcError('UPSTREAM_UNAVAILABLE', 'the client was closed before the reply arrived', 503) });
    this._status$.next('disconnected');
  }

  override on(): void {
    // No connection, so no connection events.
  }

  unwrap<T>(): T {
    return this.hub as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { id } = this.assignPacketId(packet);
    const pattern = patternKey(this.normalizePattern(packet.pattern));
    const { data, headers } = unwrapRecord(packet.data);
    this.pending.set(id, callback);
    const reply = (answer: WritePacket) => {
      if (!this.pending.has(id)) return;
      if (answer.isDisposed || answer.err) this.pending.delete(id);
      callback(answer);
    };
    // A broker answers on a later tick; so does the hub, so callers cannot come to rely
    // on a synchronous reply that NATS would never give.
    setImmediate(() => {
      if (!this.pending.has(id)) return;
      const route = this.hub.pick(pattern);
      if (!route) {
        reply({ err: new RpcError('UPSTREAM_UNAVAILABLE', `no service answers ${pattern}`, 503), isDisposed: true });
        return;
      }
      route({ id, pattern, data: wireCopy(data), headers }, reply);
    });
    return () => {
      this.pending.delete(id);
    };
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = patternKey(this.normalizePattern(packet.pattern));
    const { data, headers } = unwrapRecord(packet.data);
    const route = this.hub.pick(pattern);
    route?.({ pattern, data: wireCopy(data), headers }, () => undefined);
    return undefined as T;
  }
}

function unwrapRecord(data: unknown): { data: unknown; headers: InProcessHeaders } {
  if (data instanceof InProcessRecord) return { data: data.data, headers: { ...data.headers } };
  return { data, headers: {} };
}
