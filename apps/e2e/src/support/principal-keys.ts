// The gateway's principal key pair for a run of the distributed form (issue 9): the
// private key goes to the gateway alone, the public one to every service, as deploy/ does.
import type { KeyObject } from 'node:crypto';
import { encodePrincipalKeys, generatePrincipalKeys } from '@soudan/messaging';

export interface PrincipalKeysForRun {
  /** The gateway's environment: PRINCIPAL_PRIVATE_KEY. */
  gateway: Record<string, string>;
  /** Every other service's: PRINCIPAL_PUBLIC_KEY. */
  services: Record<string, string>;
  /** For a test that asks a service directly, standing in for the gateway. */
  privateKey: KeyObject;
}

export function principalKeysForRun(): PrincipalKeysForRun {
  const pair = generatePrincipalKeys();
  const encoded = encodePrincipalKeys(pair);
  return {
    gateway: { PRINCIPAL_PRIVATE_KEY: encoded.privateKey },
    services: { PRINCIPAL_PUBLIC_KEY: encoded.publicKey },
    privateKey: pair.privateKey,
  };
}

/** The environment of one process: the gateway's key for the gateway, the public key for the rest. */
export function principalEnvFor(keys: PrincipalKeysForRun, process: string): Record<string, string> {
  return process.startsWith('gateway') ? keys.gateway : keys.services;
}
