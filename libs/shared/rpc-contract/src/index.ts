// One pattern of a context's request-reply API with its request and response types:
// declared in the context's contracts (which import nothing of a transport), used by
// callers and handlers through @soudan/messaging's typed helpers.

export interface RpcContract<Req, Res> {
  readonly pattern: string;
  /** Types only: never set at run time. */
  readonly types?: { request: Req; response: Res };
}

export type RequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends RpcContract<unknown, infer Res> ? Res : never;

export function rpcContract<Req, Res>(pattern: string): RpcContract<Req, Res> {
  return { pattern };
}

/** No request body: patterns that only ask (lists, health). */
export type NoRequest = Record<string, never>;

export type DependencyState = 'up' | 'down';

/** What `<context>.health` answers: the state of the service's own dependencies. */
export interface ServiceHealth {
  status: DependencyState;
  checks: Record<string, DependencyState>;
}

/** `<context>.health`, which every service answers (the gateway's GET /health gathers them). */
export function healthContract(context: string): RpcContract<NoRequest, ServiceHealth> {
  return rpcContract<NoRequest, ServiceHealth>(`${context}.health`);
}

/** One error code of a context: its HTTP status and what people read (Japanese by default, English on request). */
export interface ErrorEntry {
  readonly status: number;
  readonly ja: string;
  readonly en: string;
}

/** A context's own error codes (`SchedulingErrors`, ...), exported from its contracts; platform composes them. */
export type ErrorTable = Readonly<Record<string, ErrorEntry>>;
