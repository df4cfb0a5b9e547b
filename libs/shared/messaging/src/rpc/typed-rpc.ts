// Typed request-reply: a context's contracts declare, per pattern, the request and the
// response (`rpcContract<Req, Res>('scheduling.staff.offer')`); callers use
// `requestTyped(rpc, SchedulingApi.offer, request)` and handlers `@RpcHandler(SchedulingApi.offer)`,
// whose method the compiler checks against the same two types. Nothing ties a caller's
// payload to a handler's by hand any more.
import { SetMetadata } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RpcContract } from '@soudan/rpc-contract';
import type { RpcClient, RpcRequestOptions } from './rpc-client';
import { RPC_CONTRACT } from './principal.guard';

export {
  actsForNoOne,
  healthContract,
  rpcContract,
  seekerActs,
  staffActs,
  staffAsks,
  type ActingRule,
  type NoRequest,
  type RpcContract,
  type RequestOf,
  type ResponseOf,
} from '@soudan/rpc-contract';

/** A typed request: the payload must be the contract's request, the answer is its response. */
export function requestTyped<Req, Res>(
  rpc: Pick<RpcClient, 'request'>,
  contract: RpcContract<Req, Res>,
  request: Req,
  options?: RpcRequestOptions,
): Promise<Res> {
  return rpc.request<Res>(contract.pattern, request, options);
}

/**
 * `@MessagePattern` for a contract, checked: the decorated method takes the contract's
 * request (and, optionally, the transport context) and answers its response. The
 * contract stays on the method for the principal guard (principal.guard.ts).
 */
export function RpcHandler<Req, Res>(contract: RpcContract<Req, Res>) {
  return <M extends (request: Req, ...rest: never[]) => Res | Promise<Res>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M> | void => {
    MessagePattern(contract.pattern)(target, key, descriptor);
    // The principal guard reads the contract's acting rule from here.
    SetMetadata(RPC_CONTRACT, contract)(target, key, descriptor);
  };
}
