// Who may call a route (api.md "Sign-in"): every route declares it with @Roles(...) or
// @Public(); the global AuthGuard enforces it and refuses a route that declares neither.
// The declarations also document the route (bearer auth, 401/403) in the OpenAPI file.
import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '@soudan/identity-contracts';
import { ErrorBodyDto } from './api-errors';

/** Staff roles are identity's (its contracts); a job seeker signs in too. */
export { STAFF_ROLES, type StaffRole };
export type Role = 'seeker' | StaffRole;
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

export type SeekerPrincipal = {
  kind: 'seeker';
  jobSeekerNumber: string;
  /** Eligibility's pseudonymous id: what events and access records name (R54). */
  seekerId: string;
  roles: ['seeker'];
  /**
   * When the sign-in began (ms since the epoch): the moment before eligibility matched the
   * roster for the link this token came from. A suspension or erasure recorded after it
   * ends the token (seeker-token-endings.ts); absent on a principal not read from a token.
   */
  signedInAt?: number;
};
export type StaffPrincipal = {
  kind: 'staff';
  username: string;
  roles: StaffRole[];
  /** The account's generation when the token was issued (staff-users.ts); absent counts as 0. */
  generation?: number;
  /** R72: the offices the member works for ('*': every office); absent: the configured office. */
  offices?: string[];
};
export type Principal = SeekerPrincipal | StaffPrincipal;

/** How events and access records name a principal: never a job seeker number (R54). */
export function actorOf(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'seeker' ? `seeker:${principal.seekerId}` : `staff:${principal.username}`;
}

/** The signed-in caller, set on the request (`request.principal`) by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return (ctx.switchToHttp().getRequest() as { principal?: Principal }).principal;
});
