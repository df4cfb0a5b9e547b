// The service side of the signed principal (principal.ts): a guard every service host
// registers for all its handlers, so no handler can forget it. It finds the handler's
// contract (set by @RpcHandler), checks the principal header against the contract's
// acting rule, and refuses with PRINCIPAL_INVALID (403) before the handler runs.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { contractFor, type RpcContract } from '@soudan/rpc-contract';
import type { MessagingLogger } from '../logger';
import { headerFrom } from './correlation';
import {
  checkActing,
  PRINCIPAL_HEADER,
  PrincipalError,
  type PrincipalClaims,
  type PrincipalVerifier,
} from './principal';

/** Reflect metadata key under which @RpcHandler keeps the handler's contract. */
export const RPC_CONTRACT = 'soudan:rpc-contract';

const VERIFIED = Symbol.for('soudan.principal');

type HeaderBag = Parameters<typeof headerFrom>[0];

function headersOf(ctx: unknown): HeaderBag | undefined {
  const getHeaders = (ctx as { getHeaders?: () => HeaderBag } | null)?.getHeaders;
  return typeof getHeaders === 'function' ? getHeaders.call(ctx) : undefined;
}

/** The subject (NATS) or pattern (in-process) a message came on. */
function patternOf(ctx: unknown): string | undefined {
  const c = ctx as { getSubject?: () => string; getPattern?: () => string } | null;
  return c?.getSubject?.() ?? c?.getPattern?.();
}

/** The principal the guard verified for this message (`@Ctx() ctx`), when one was sent. */
export function principalFrom(ctx: unknown): PrincipalClaims | undefined {
  return (ctx as { [VERIFIED]?: PrincipalClaims } | null)?.[VERIFIED];
}

/** The principal header as it arrived, for a service that passes it on unchanged. */
export function principalHeaderFrom(ctx: unknown): string | undefined {
  return headerFrom(headersOf(ctx), PRINCIPAL_HEADER);
}

@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    private readonly verifier: PrincipalVerifier,
    private readonly logger?: MessagingLogger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const rpc = context.switchToRpc();
    const data: unknown = rpc.getData();
    const ctx: unknown = rpc.getContext();
    const contract =
      (Reflect.getMetadata(RPC_CONTRACT, context.getHandler()) as RpcContract<unknown, unknown> | undefined) ??
      contractFor(patternOf(ctx) ?? '');
    try {
      if (!contract)
        throw new PrincipalError('no-contract', 'this handler declares no contract, so no one may call it');
      const rule = contract.acting ?? { acts: 'person' };
      const token = principalHeaderFrom(ctx);
      if (!token && (rule.acts === 'no-one' || rule.unsignedWhen?.(data as never) === true)) return true;
      const claims = this.verifier.verify(token, contract.pattern, data);
      checkActing(rule, claims.sub, data);
      if (ctx && typeof ctx === 'object') Object.defineProperty(ctx, VERIFIED, { value: claims });
      return true;
    } catch (error) {
      if (error instanceof PrincipalError)
        // Never the header itself: whoever reads the log could replay it within its minute.
        this.logger?.warn(
          { pattern: contract?.pattern, reason: error.reason, field: error.details.field },
          'refused a request whose principal does not hold',
        );
      throw error;
    }
  }
}
