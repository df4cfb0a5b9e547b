// Enforces what each route declares (roles.ts). Default deny: a route with neither
// @Roles nor @Public is refused for everyone, so a forgotten declaration fails closed.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppError, LOGGER, type Logger } from '@soudan/platform';
import { AccessTokens, SeekerTokenEndings, StaffDirectory } from '@soudan/identity-infra';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';
import { PUBLIC_KEY, ROLES_KEY, type Principal, type Role } from './roles';

export type RequestWithPrincipal = Request & { principal?: Principal };

const BEARER = /^Bearer +(\S+)$/i;

/** What a route declares: its roles, public, or nothing (refused). */
export function declarationOf(reflector: Reflector, targets: Array<object>): { roles?: Role[]; isPublic: boolean } {
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets as never);
  const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets as never) === true;
  return { roles, isPublic };
}

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly warned = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(SeekerTokenEndings) private readonly seekerTokens: SeekerTokenEndings,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const response = context.switchToHttp().getResponse<Response>();
    // The benchmark's baseline only: never reachable from configuration.
    if (this.options.authentication === false) {
      request.principal = this.options.fixedPrincipal;
      return true;
    }

    const { roles, isPublic } = declarationOf(this.reflector, [context.getHandler(), context.getClass()]);
    if (isPublic && !roles) {
      // A valid token on a public route still says who asked (R50); a bad one is ignored.
      const token = this.bearer(request);
      if (token) request.principal = await this.tokens.verify(token).catch(() => undefined);
      return true;
    }
    if (!roles || roles.length === 0 || isPublic) {
      const name = `${context.getClass().name}.${context.getHandler().name}`;
      if (!this.warned.has(name)) {
        this.warned.add(name);
        this.logger.error({ route: name }, 'route declares neither @Roles nor @Public (or both); refused for everyone');
      }
      throw new AppError('FORBIDDEN', 403, 'this route is not open to anyone');
    }

    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      response.setHeader('WWW-Authenticate', 'Bearer realm="soudan"');
      throw new AppError('UNAUTHENTICATED', 401, 'sign in first');
    }
    const token = this.bearer(request);
    let principal: Principal;
    try {
      if (!token) throw new AppError('INVALID_TOKEN', 401, 'expected "Authorization: Bearer <token>"');
      principal = await this.tokens.verify(token);
      // A disabled account, or one whose roles or password changed, ends its tokens now;
      // so does a seeker's suspension or erasure, once the event has reached the gateway.
      principal =
        principal.kind === 'staff' ? await this.staff.current(principal) : await this.seekerTokens.current(principal);
    } catch (error) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="soudan", error="invalid_token"');
      throw error;
    }
    request.principal = principal;
    if (!principal.roles.some((role) => roles.includes(role)))
      throw new AppError('FORBIDDEN', 403, 'your role does not allow this', { allowed: roles });
    return true;
  }

  private bearer(request: Request): string | undefined {
    const header = request.headers.authorization;
    return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  }
}
