import { Writable } from 'node:stream';
import { encodePrincipalKeys, generatePrincipalKeys, PrincipalSigner } from '@soudan/messaging';
import { readConfig } from './config';
import { redactCredentials, redactUrl, secretsOf } from './log-redaction';
import { createLogger } from './logger';

function capture(secrets: readonly string[] = []) {
  let out = '';
  const logger = createLogger({
    name: 'test',
    level: 'trace',
    secrets,
    destination: new Writable({
      write: (chunk, _e, done) => {
        out += String(chunk);
        done();
      },
    }),
  });
  return { logger, text: () => out };
}

describe('logs never print credentials', () => {
  it('removes the password of a URL, and the token of a NATS URL, keeping where it points', () => {
    expect(redactUrl('nats://gateway:s3cret-pw@nats-1:4222')).toBe('nats://gateway:[redacted]@nats-1:4222');
    expect(redactUrl('nats://tok3n-abcdef@nats-1:4222,nats://u:p4ss@nats-2:4222')).toBe(
      'nats://[redacted]@nats-1:4222,nats://u:[redacted]@nats-2:4222',
    );
    expect(redactUrl('postgres://soudan:Pa%40ss@db:5432/soudan')).toBe('postgres://soudan:[redacted]@db:5432/soudan');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/x')).toBe('postgres://postgres@127.0.0.1:5432/x');
    expect(redactUrl('smtps://mailer:pw-123456@smtp.example.jp:465')).toBe(
      'smtps://mailer:[redacted]@smtp.example.jp:465',
    );
  });

  it('removes sign-in tokens in links, bearer tokens, JWTs, meeting links and nkey seeds from any text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGFmZjphZG1pbiJ9.c2lnbmF0dXJlLXBhcnQtMTIz';
    const line = [
      'https://soudan.example.jp/auth/seeker#token=AbCdEf0123456789_-xyz',
      'https://x.example/cb?code=1&access_token=zzzzzzzz&state=ok',
      `authorization: Bearer ${jwt}`,
      `token ${jwt} seen`,
      'GET /join/Zm9vYmFyYmF6cXV4MTIzNDU2',
      'seed SUAM2YAIT4VCMVIRBAFD4VDQKCAIXTPMUPOCMY2SUSJMB7DRVUTG5ABUJM',
      'password=hunter22 ok',
    ].join(' | ');
    const clean = redactCredentials(line);
    for (const secret of [
      'AbCdEf0123456789_-xyz',
      'zzzzzzzz',
      jwt,
      'Zm9vYmFyYmF6cXV4MTIzNDU2',
      'SUAM2YAIT4VCMVIRBAFD4VDQKCAIXTPMUPOCMY2SUSJMB7DRVUTG5ABUJM',
      'hunter22',
    ])
      expect(clean).not.toContain(secret);
    expect(clean).toContain('state=ok');
    expect(clean).toContain('/join/[redacted]');
  });

  it("knows a configuration's secrets in every form, and a JSON line stays JSON", () => {
    const pair = generatePrincipalKeys();
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = encodePrincipalKeys(pair).privateKey;
    const signed = new PrincipalSigner(pair.privateKey).sign({ kind: 'anonymous' }, 'p', {});
    const env = {
      NATS_URL: 'nats://gw:n%40ts-pass@127.0.0.1:4222',
      EVENTSTORE_URL: 'postgres://soudan:pg-pass-77@127.0.0.1:5432/soudan',
      PSEUDONYM_KEY: 'ab'.repeat(32),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ADMIN_PASSWORD: 'Quote"and\\slash-2026!',
      PRINCIPAL_PRIVATE_KEY: pem,
    };
    const config = readConfig('distributed', env, { signsPrincipals: true });
    const secrets = secretsOf(config, env);
    expect(secrets).toEqual(
      expect.arrayContaining(['n@ts-pass', 'n%40ts-pass', 'pg-pass-77', 'ab'.repeat(32), env.ENCRYPTION_KEY]),
    );
    const { logger, text } = capture(secrets);
    logger.info({ config }, 'starting');
    logger.error({ err: new Error(`connect ECONNREFUSED ${env.EVENTSTORE_URL}`) }, 'store down');
    logger.warn(`admin password is ${env.ADMIN_PASSWORD}; key ${Buffer.alloc(32, 7).toString('hex')}`);
    logger.info({ nested: { password: 'x', token: 'y', accessToken: 'z' }, url: env.NATS_URL }, 'fields');
    // Issue 9: the gateway's private key, however it turns up, and the principals it signs.
    logger.error({ err: new Error(`bad key ${pem}`), der, headers: { 'x-soudan-principal': signed } }, 'key');
    logger.warn(`forwarding ${signed}; key ${der}`);
    const lines = text().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const pemBody = pem.split('\n')[1];
    for (const secret of [
      ...secrets,
      'n@ts-pass',
      'pg-pass-77',
      env.ADMIN_PASSWORD,
      '"y"',
      '"z"',
      der,
      pemBody,
      signed,
    ])
      expect(text()).not.toContain(secret);
    expect(text()).toContain('127.0.0.1:5432/soudan');
    // A user name beside a password is not a secret (the service would be named [redacted] everywhere).
    expect(secrets).not.toContain('gw');
    expect(
      secretsOf(
        readConfig('distributed', { ...env, NATS_URL: 'nats://tok3n-only@127.0.0.1:4222' }, { signsPrincipals: true }),
        env,
      ),
    ).toContain('tok3n-only');
  });
});
