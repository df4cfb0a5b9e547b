// The guard on its own: default deny, and the 401/403 codes of api.md.
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@soudan/platform';
import { systemClock } from '@soudan/time';
import { AccessTokens, type SeekerTokenEndings, type StaffDirectory } from '@soudan/identity-infra';
import { AuthGuard } from './auth.guard';
import { Public, Roles, type Principal, type SeekerPrincipal } from './roles';
import { quietLogger } from './testing/harness';

class Routes {
  undeclared() {
    return 'undeclared';
  }
  @Public() open() {
    return 'open';
  }
  @Roles('auditor') audit() {
    return 'audit';
  }
  @Public() @Roles('auditor') both() {
    return 'both';
  }
  @Roles('seeker') mine() {
    return 'mine';
  }
}

const tokens = new AccessTokens(new Uint8Array(32).fill(1), systemClock);

function contextFor(handler: keyof Routes, authorization?: string) {
  const request: { headers: Record<string, string>; principal?: Principal } = {
    headers: authorization ? { authorization } : {},
  };
  const headers: Record<string, string> = {};
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }),
    }),
  } as unknown as ExecutionContext;
  return { context, request, headers };
}

async function outcome(guard: AuthGuard, handler: keyof Routes, authorization?: string) {
  try {
    await guard.canActivate(contextFor(handler, authorization).context);
    return 'allowed';
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('AuthGuard', () => {
  // Every account as its token says (the directory's own checks are in staff-users.int.spec.ts).
  const staff = { current: (p: Principal) => Promise.resolve(p) } as unknown as StaffDirectory;
  // Seekers whose tokens ended (by seekerId, the end in ms); the endings' own checks are in identity-infra's seeker-token-endings.spec.ts.
  const ended = new Map<string, number>();
  const seekerTokens = {
    current: async (p: SeekerPrincipal) => {
      const end = ended.get(p.seekerId);
      if (end !== undefined && (p.signedInAt ?? 0) < end) throw new AppError('TOKEN_REVOKED', 401, 'ended');
      return p;
    },
  } as unknown as SeekerTokenEndings;
  const guard = new AuthGuard(new Reflector(), tokens, staff, seekerTokens, {}, quietLogger('silent'));

  it('refuses a route that declares neither @Roles nor @Public, even to admin', async () => {
    const admin = await tokens.issue({ kind: 'staff', username: 'admin', roles: ['admin', 'supervisor'] });
    expect(await outcome(guard, 'undeclared')).toBe('403 FORBIDDEN');
    expect(await outcome(guard, 'undeclared', `Bearer ${admin}`)).toBe('403 FORBIDDEN');
    expect(await outcome(guard, 'both', `Bearer ${admin}`)).toBe('403 FORBIDDEN');
  });

  it('opens a public route to anyone, and still notes a valid caller', async () => {
    expect(await outcome(guard, 'open')).toBe('allowed');
    expect(await outcome(guard, 'open', 'Bearer garbage')).toBe('allowed');
    const auditor = await tokens.issue({ kind: 'staff', username: 'kato', roles: ['auditor'] });
    const { context, request } = contextFor('open', `Bearer ${auditor}`);
    await guard.canActivate(context);
    expect(request.principal).toEqual({ kind: 'staff', username: 'kato', roles: ['auditor'], generation: 0 });
  });

  it('answers 401 UNAUTHENTICATED without a token, INVALID_TOKEN for a bad one, 403 FORBIDDEN for a wrong role', async () => {
    const seeker = await tokens.issue({
      kind: 'seeker',
      jobSeekerNumber: '16070-12345678',
      seekerId: 's1',
      roles: ['seeker'],
    });
    expect(await outcome(guard, 'audit')).toBe('401 UNAUTHENTICATED');
    expect(await outcome(guard, 'audit', 'Basic abc')).toBe('401 INVALID_TOKEN');
    expect(await outcome(guard, 'audit', 'Bearer')).toBe('401 INVALID_TOKEN');
    expect(await outcome(guard, 'audit', `Bearer ${seeker}`)).toBe('403 FORBIDDEN');
    const { context, request, headers } = contextFor('audit');
    await expect(guard.canActivate(context)).rejects.toBeInstanceOf(AppError);
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="soudan"');
    expect(request.principal).toBeUndefined();
  });

  it('R42, R54: refuses a seeker token whose sign-in came before a suspension or erasure (401 TOKEN_REVOKED, as for staff)', async () => {
    const seeker: SeekerPrincipal = {
      kind: 'seeker',
      jobSeekerNumber: '16070-87654321',
      seekerId: 's2',
      roles: ['seeker'],
    };
    const before = await tokens.issue({ ...seeker, signedInAt: Date.now() - 60_000 });
    expect(await outcome(guard, 'mine', `Bearer ${before}`)).toBe('allowed');
    ended.set('s2', Date.now() - 30_000);
    const { context, headers } = contextFor('mine', `Bearer ${before}`);
    await expect(guard.canActivate(context)).rejects.toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="soudan", error="invalid_token"');
    // Signed in after the end: works. Another seeker: untouched.
    expect(await outcome(guard, 'mine', `Bearer ${await tokens.issue(seeker)}`)).toBe('allowed');
    const other = await tokens.issue({ ...seeker, seekerId: 's3', signedInAt: Date.now() - 60_000 });
    expect(await outcome(guard, 'mine', `Bearer ${other}`)).toBe('allowed');
  });

  it('lets everything through only when authentication is switched off in code (the benchmark baseline)', async () => {
    const off = new AuthGuard(
      new Reflector(),
      tokens,
      staff,
      seekerTokens,
      { authentication: false },
      quietLogger('silent'),
    );
    expect(await outcome(off, 'audit')).toBe('allowed');
  });
});
