// The principal the gateway signs into every request-reply call it makes (messaging's
// principal.ts): whoever the AuthGuard found on the HTTP request being served, found
// through async context so that no controller has to pass it along (and none can pass
// another). Work that serves no request (the sign-in mail queue) runs as no one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrincipalSigner, type PrincipalSource, type PrincipalSubject } from '@soudan/messaging';
import type { KeyObject } from 'node:crypto';
import type { Principal } from './roles';

const storage = new AsyncLocalStorage<{ principal?: () => Principal | undefined }>();

/** Runs an HTTP request's handling with its principal, read when a call is signed (the guard sets it later). */
export function runForRequest<T>(request: { principal?: Principal }, fn: () => T): T {
  return storage.run({ principal: () => request.principal }, fn);
}

/** Runs work that acts for no one signed in (queued mail, timers). */
export function runAsNoOne<T>(fn: () => T): T {
  return storage.run({}, fn);
}

export function subjectOf(principal: Principal | undefined): PrincipalSubject {
  if (!principal) return { kind: 'anonymous' };
  if (principal.kind === 'seeker')
    return { kind: 'seeker', seekerId: principal.seekerId, jobSeekerNumber: principal.jobSeekerNumber };
  return { kind: 'staff', username: principal.username, roles: [...principal.roles] };
}

/** The gateway's RpcClient option: signs, for each call, the principal of the request being served. */
export function signingForRequests(privateKey: KeyObject): PrincipalSource {
  const signer = new PrincipalSigner(privateKey);
  return (pattern, payload) => signer.sign(subjectOf(storage.getStore()?.principal?.()), pattern, payload);
}
