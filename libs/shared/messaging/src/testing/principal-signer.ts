// For tests and benchmarks that ask services directly, standing in for the gateway: it
// signs whoever the request's own fields name. Only as dangerous as the private key it
// is given, which in production only the gateway holds, and the gateway never uses this.
import type { KeyObject } from 'node:crypto';
import { PrincipalSigner, type PrincipalSubject } from '../rpc/principal';
import type { PrincipalSource } from '../rpc/rpc-client';

const ALL_STAFF_ROLES = ['counsellor', 'supervisor', 'auditor', 'admin'];

/** `actor: 'staff:<name>'` a member of staff, `'seeker:<id>'` (or a `seekerId` alone) that seeker; else staff `test`. */
export function subjectClaimedBy(payload: unknown): PrincipalSubject {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const actor = typeof p.actor === 'string' ? p.actor : undefined;
  const number = typeof p.jobSeekerNumber === 'string' ? p.jobSeekerNumber : '';
  if (actor?.startsWith('seeker:')) return { kind: 'seeker', seekerId: actor.slice(7), jobSeekerNumber: number };
  if (actor?.startsWith('staff:')) return { kind: 'staff', username: actor.slice(6), roles: ALL_STAFF_ROLES };
  if (actor === 'anonymous') return { kind: 'anonymous' };
  if (actor === undefined && typeof p.seekerId === 'string')
    return { kind: 'seeker', seekerId: p.seekerId, jobSeekerNumber: number };
  return { kind: 'staff', username: 'test', roles: ALL_STAFF_ROLES };
}

/** An RpcClient `principal` option that believes every request (tests only; see above). */
export function signAsRequestsSay(privateKey: KeyObject): PrincipalSource {
  const signer = new PrincipalSigner(privateKey);
  return (pattern, payload) => signer.sign(subjectClaimedBy(payload), pattern, payload);
}

/** One request's principal, as `{ principal }` of RpcRequestOptions. */
export function signedAs(privateKey: KeyObject, subject: PrincipalSubject, pattern: string, payload: unknown): string {
  return new PrincipalSigner(privateKey).sign(subject, pattern, payload);
}
