// Who may call a route (api.md "Sign-in"): every route declares it with @Roles(...) or
// @Public(). The guard that enforces it, and the sign-in that issues tokens, belong to
// the gateway's authentication work; routes written before it already say who they are for.
import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export type Role = 'seeker' | 'counsellor' | 'supervisor' | 'auditor' | 'admin';
export const ROLES = ['seeker', 'counsellor', 'supervisor', 'auditor', 'admin'] as const satisfies readonly Role[];

export const ROLES_KEY = 'soudan:roles';
export const PUBLIC_KEY = 'soudan:public';

/** Any one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No sign-in needed (availability, terms, health, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type Principal =
  | { kind: 'seeker'; jobSeekerNumber: string; roles: ['seeker'] }
  | { kind: 'staff'; username: string; roles: Role[] };

/** The signed-in caller, set on the request by the authentication guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return (ctx.switchToHttp().getRequest() as { principal?: Principal }).principal;
});
