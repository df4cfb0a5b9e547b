// One pattern of a context's request-reply API with its request and response types:
// declared in the context's contracts (which import nothing of a transport), used by
// callers and handlers through @soudan/messaging's typed helpers.

export interface RpcContract<Req, Res> {
  readonly pattern: string;
  /** Who the request acts for, and which of its fields name them (see `ActingRule`); absent: a person, any field. */
  readonly acting?: ActingRule<Req>;
  /** Types only: never set at run time. */
  readonly types?: { request: Req; response: Res };
}

/** Whom the gateway vouches for in a signed principal: a staff user, a job seeker, or no one signed in. */
export type PrincipalKind = 'staff' | 'seeker' | 'anonymous';

/**
 * What a payload field holding the acting person must equal in the principal:
 * `actor` the name events record (`staff:<username>`, `seeker:<seekerId>`, `anonymous`),
 * `seekerId` and `jobSeekerNumber` the signed-in seeker's own (absent for anyone else).
 */
export type ActorPart = 'actor' | 'seekerId' | 'jobSeekerNumber';

/**
 * How a service knows who a request acts for (README "The bus is a trust boundary"):
 * - `person` (the default): the request must carry a principal signed by the gateway for
 *   this pattern and this payload; `fields` names the payload fields that carry the actor,
 *   and each must agree with the principal; `kinds` limits who may act at all.
 *   `unsignedWhen` names the requests of this pattern that another service sends for a
 *   person it vouches for itself (an e-mail consent, which notification reads); NATS
 *   permissions alone say who may send those.
 * - `no-one`: a query or a service's own question that acts for no person; a principal,
 *   if one is sent, is still checked.
 */
export type ActingRule<Req> =
  | {
      readonly acts: 'person';
      readonly kinds?: readonly PrincipalKind[];
      readonly fields?: { readonly [K in keyof Req & string]?: ActorPart };
      readonly unsignedWhen?: (request: Req) => boolean;
    }
  | ActsForNoOne;

/** See `ActingRule`. */
export interface ActsForNoOne {
  readonly acts: 'no-one';
  readonly why: string;
}

export type RequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends RpcContract<unknown, infer Res> ? Res : never;

const declared = new Map<string, RpcContract<unknown, unknown>>();

export function rpcContract<Req, Res>(pattern: string, acting?: ActingRule<Req>): RpcContract<Req, Res> {
  const contract: RpcContract<Req, Res> = acting ? { pattern, acting } : { pattern };
  // Known by its pattern too, so the principal guard finds the rule of a handler declared
  // with a bare @MessagePattern (test stand-ins do that).
  declared.set(pattern, contract as RpcContract<unknown, unknown>);
  return contract;
}

/** The contract declared for a pattern, once the contracts that declare it have been loaded. */
export function contractFor(pattern: string): RpcContract<unknown, unknown> | undefined {
  return declared.get(pattern);
}

/** A staff action whose `actor` field names the member of staff. */
export const staffActs = { acts: 'person', kinds: ['staff'], fields: { actor: 'actor' } } as const;
/** A staff query: a member of staff must be signed in, no field names them. */
export const staffAsks = { acts: 'person', kinds: ['staff'] } as const;
/** A seeker's own business: `actor` and `seekerId` are theirs. */
export const seekerActs = {
  acts: 'person',
  kinds: ['seeker'],
  fields: { actor: 'actor', seekerId: 'seekerId' },
} as const;

/** A query or service-to-service question that acts for no person (`why` says who asks). */
export function actsForNoOne(why: string): ActsForNoOne {
  return { acts: 'no-one', why };
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
  return rpcContract<NoRequest, ServiceHealth>(`${context}.health`, actsForNoOne('probes and the gateway'));
}

/** One error code of a context: its HTTP status and what people read (Japanese by default, English on request). */
export interface ErrorEntry {
  readonly status: number;
  readonly ja: string;
  readonly en: string;
}

/** A context's own error codes (`SchedulingErrors`, ...), exported from its contracts; platform composes them. */
export type ErrorTable = Readonly<Record<string, ErrorEntry>>;
