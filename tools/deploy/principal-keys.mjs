// Makes the gateway's principal key pair (README "The bus is a trust boundary"):
// PRINCIPAL_PRIVATE_KEY for the gateway alone, PRINCIPAL_PUBLIC_KEY for every service.
// Both as base64 DER on one line each, which env files and secrets take as they are.
//   node tools/deploy/principal-keys.mjs >> .env      (then keep the private line out of every other place)
import { generateKeyPairSync } from 'node:crypto';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
process.stdout.write(
  `PRINCIPAL_PRIVATE_KEY=${privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')}\n` +
    `PRINCIPAL_PUBLIC_KEY=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}\n`,
);
