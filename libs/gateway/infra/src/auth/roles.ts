// Who may call a route (api.md "Sign-in"): every route declares it with @Roles(...) or
// @Public(); the global AuthGuard enforces it and refuses a route that declares neither.
// The declarations also document the route (bearer auth, 401/403) in the OpenAPI file.
import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import {
  actorOf,
  STAFF_ROLES,
  type Principal,
  type SeekerPrincipal,
  type StaffPrincipal,
  type StaffRole,
} from '@soudan/identity-contracts';
import { ErrorBodyDto } from './api-errors';

/** Staff roles are identity's (its contracts); a job seeker signs in too. */
export { STAFF_ROLES, type StaffRole };
export type Role = 'seeker' | StaffRole;
/** Who signed in: identity's (its contracts), as the AuthGuard sets it on the request. */
export { actorOf, type Principal, type SeekerPrincipal, type StaffPrincipal };
export const ROLES = ['seeker', ...STAFF_ROLES] as const satisfies readonly Role[];

export const ROLES_KEY = 'soudan:roles';
export const PUBLIC_KEY = 'soudan:public';

/** Any one of these roles may call the route. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiResponse({
      status: 401,
      description: 'UNAUTHENTICATED | INVALID_TOKEN | TOKEN_EXPIRED | TOKEN_REVOKED',
      type: ErrorBodyDto,
    }),
    ApiResponse({ status: 403, description: `FORBIDDEN (allowed: ${roles.join(', ')})`, type: ErrorBodyDto }),
    ApiResponse({ status: 429, description: 'RATE_LIMITED', type: ErrorBodyDto }),
  );

/** No sign-in needed (availability, terms, health, sign-in itself). */
export const Public = () =>
  applyDecorators(
    SetMetadata(PUBLIC_KEY, true),
    ApiResponse({ status: 429, description: 'RATE_LIMITED', type: ErrorBodyDto }),
  );

/** The signed-in caller, set on the request (`request.principal`) by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return (ctx.switchToHttp().getRequest() as { principal?: Principal }).principal;
});
