import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePrincipalKeys, generatePrincipalKeys, keyId } from '@soudan/messaging';
import { ConfigError, readConfig } from './config';

const DATA_DIR = mkdtempSync(join(tmpdir(), 'soudan-config-'));
const PRINCIPAL = encodePrincipalKeys(generatePrincipalKeys());
const KEYS = {
  PSEUDONYM_KEY: 'a'.repeat(64),
  ENCRYPTION_KEY: 'b'.repeat(64),
  PRINCIPAL_PUBLIC_KEY: PRINCIPAL.publicKey,
};

const expectConfigError = (fn: () => unknown, variable: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    return;
  }
  throw new Error(`expected a ConfigError naming ${variable}`);
};

describe('configuration from the environment', () => {
  it('runs embedded with nothing set: port 3000, ./data, in-process bus', () => {
    const config = readConfig('embedded', { DATA_DIR });
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(DATA_DIR);
    expect(config.natsUrl).toBeUndefined();
    expect(config.eventStoreUrl).toBeUndefined();
  });

  it('requires NATS_URL and EVENTSTORE_URL for a service in its own process, naming them', () => {
    expectConfigError(() => readConfig('distributed', { EVENTSTORE_URL: 'postgres://x/y', ...KEYS }), 'NATS_URL');
    expectConfigError(
      () => readConfig('distributed', { NATS_URL: 'nats://127.0.0.1:4222', ...KEYS }),
      'EVENTSTORE_URL',
    );
    expect(
      readConfig(
        'distributed',
        { NATS_URL: 'nats://127.0.0.1:4222', DATA_DIR, PRINCIPAL_PUBLIC_KEY: PRINCIPAL.publicKey },
        { needsStore: false },
      ).natsUrl,
    ).toBe('nats://127.0.0.1:4222');
  });

  it('R54: requires the pseudonym and encryption keys for a service in its own process', () => {
    const base = { NATS_URL: 'nats://127.0.0.1:4222', EVENTSTORE_URL: 'postgres://x/y' };
    expectConfigError(
      () => readConfig('distributed', { ...base, ENCRYPTION_KEY: KEYS.ENCRYPTION_KEY }),
      'PSEUDONYM_KEY',
    );
    expectConfigError(() => readConfig('distributed', { ...base, ...KEYS, ENCRYPTION_KEY: 'short' }), 'ENCRYPTION_KEY');
    expect(readConfig('distributed', { ...base, ...KEYS }).pseudonymKey).toEqual(
      Buffer.from(KEYS.PSEUDONYM_KEY, 'hex'),
    );
  });

  it('issue 9: the gateway in its own process needs PRINCIPAL_PRIVATE_KEY, a service PRINCIPAL_PUBLIC_KEY', () => {
    const base = { NATS_URL: 'nats://127.0.0.1:4222', EVENTSTORE_URL: 'postgres://x/y', ...KEYS };
    const { PRINCIPAL_PUBLIC_KEY: _public, ...withoutPublic } = base;
    expectConfigError(() => readConfig('distributed', withoutPublic), 'PRINCIPAL_PUBLIC_KEY');
    expectConfigError(() => readConfig('distributed', base, { signsPrincipals: true }), 'PRINCIPAL_PRIVATE_KEY');
    expectConfigError(
      () => readConfig('distributed', { ...base, PRINCIPAL_PUBLIC_KEY: 'bm90IGEga2V5' }),
      'PRINCIPAL_PUBLIC_KEY',
    );
    // A service never takes the private key, even when one is in its environment.
    const service = readConfig('distributed', { ...base, PRINCIPAL_PRIVATE_KEY: PRINCIPAL.privateKey });
    expect(service.principalPrivateKey).toBeUndefined();
    expect(service.principalPublicKeys.map(keyId)).toHaveLength(1);
    const gateway = readConfig(
      'distributed',
      { ...withoutPublic, PRINCIPAL_PRIVATE_KEY: PRINCIPAL.privateKey },
      {
        signsPrincipals: true,
      },
    );
    expect(keyId(gateway.principalPrivateKey!)).toBe(keyId(service.principalPublicKeys[0]));
    expect(gateway.principalPublicKeys.map(keyId)).toEqual([keyId(service.principalPublicKeys[0])]);
  });

  it('issue 9: a refused private key is not quoted in the error', () => {
    const secret = PRINCIPAL.privateKey.slice(0, -8) + 'AAAAAAA=';
    try {
      readConfig(
        'distributed',
        { DATA_DIR, PRINCIPAL_PRIVATE_KEY: secret },
        { signsPrincipals: true, needsStore: false },
      );
    } catch (error) {
      expect((error as Error).message).not.toContain(secret.slice(10, 40));
    }
  });

  it('issue 9: embedded, one principal key pair for the whole process, made at start', () => {
    const a = readConfig('embedded', { DATA_DIR });
    const b = readConfig('embedded', { DATA_DIR: mkdtempSync(join(tmpdir(), 'soudan-config-')) });
    expect(a.principalPrivateKey).toBeDefined();
    expect(keyId(a.principalPrivateKey!)).toBe(keyId(b.principalPublicKeys[0]));
  });

  it('R54: embedded, makes its keys once and keeps them in DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'soudan-keys-'));
    const first = readConfig('embedded', { DATA_DIR: dir });
    const again = readConfig('embedded', { DATA_DIR: dir });
    expect(first.encryptionKey).toHaveLength(32);
    expect(again.encryptionKey).toEqual(first.encryptionKey);
    expect(again.pseudonymKey).not.toEqual(first.encryptionKey);
  });

  it('accepts NATS_URL naming the servers of a cluster, comma-separated, and checks each of them', () => {
    const cluster = 'nats://127.0.0.1:4222, nats://127.0.0.1:4223,nats://u:p@127.0.0.1:4224';
    expect(readConfig('distributed', { NATS_URL: cluster, EVENTSTORE_URL: 'postgres://x/y', ...KEYS }).natsUrl).toBe(
      'nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://u:p@127.0.0.1:4224',
    );
    expectConfigError(
      () => readConfig('embedded', { DATA_DIR, NATS_URL: 'nats://127.0.0.1:4222,http://x:1' }),
      'NATS_URL',
    );
    expectConfigError(() => readConfig('embedded', { DATA_DIR, NATS_URL: 'nats://127.0.0.1:4222,,' }), 'NATS_URL');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['EVENTSTORE_URL', 'mysql://db/x'],
    ['EVENTSTORE_URL', 'not a url'],
    ['SMTP_URL', 'mail.example.jp'],
    ['LOG_LEVEL', 'loud'],
    ['INBOUND_SMTP_PORT', '-1'],
    ['RPC_TIMEOUT_MS', '0'],
  ])('stops on a malformed %s (%s) with a message naming it', (variable, value) => {
    expectConfigError(() => readConfig('embedded', { DATA_DIR, [variable]: value }), variable);
  });

  it('R61: inbound SMTP is off unless set or defaulted by the run; `off` turns a default off, 0 asks for any free port', () => {
    expect(readConfig('embedded', { DATA_DIR }).inboundSmtpPort).toBeUndefined();
    const defaulted = readConfig('embedded', { DATA_DIR }, { inboundSmtpPortDefault: 2525 });
    expect(defaulted).toMatchObject({
      inboundSmtpPort: 2525,
      inboundSmtpHost: '127.0.0.1',
      inboundSmtpPortDefaulted: true,
    });
    expect(
      readConfig('embedded', { DATA_DIR, INBOUND_SMTP_PORT: 'off' }, { inboundSmtpPortDefault: 2525 }).inboundSmtpPort,
    ).toBeUndefined();
    expect(readConfig('embedded', { DATA_DIR, INBOUND_SMTP_PORT: '0', HOST: '0.0.0.0' })).toMatchObject({
      inboundSmtpPort: 0,
      inboundSmtpHost: '0.0.0.0',
      inboundSmtpPortDefaulted: false,
    });
    expect(
      readConfig(
        'embedded',
        { DATA_DIR, INBOUND_SMTP_PORT: '2626', INBOUND_SMTP_HOST: '::1' },
        { inboundSmtpPortDefault: 2525 },
      ),
    ).toMatchObject({ inboundSmtpPort: 2626, inboundSmtpHost: '::1' });
    expectConfigError(() => readConfig('embedded', { DATA_DIR, INBOUND_SMTP_HOST: 'a host' }), 'INBOUND_SMTP_HOST');
  });

  it('accepts every event store the port has an adapter for', () => {
    for (const url of [
      'postgres://u@h/db',
      'postgresql://u@h/db',
      'kurrentdb://h:2113?tls=false',
      'esdb://h:2113',
      'pglite:///tmp/x',
    ]) {
      expect(readConfig('embedded', { DATA_DIR, EVENTSTORE_URL: url }).eventStoreUrl).toBe(url);
    }
  });

  it('turns the operator port on with OPS_PORT, bound like the API unless OPS_HOST says otherwise', () => {
    expect(readConfig('embedded', { DATA_DIR }).opsPort).toBeUndefined();
    const on = readConfig('embedded', { DATA_DIR, OPS_PORT: '9464', HOST: '0.0.0.0' });
    expect(on).toMatchObject({ opsPort: 9464, opsHost: '0.0.0.0' });
    expect(readConfig('embedded', { DATA_DIR, OPS_PORT: '9464', OPS_HOST: '127.0.0.1' }).opsHost).toBe('127.0.0.1');
    expectConfigError(() => readConfig('embedded', { DATA_DIR, OPS_PORT: 'ninety' }), 'OPS_PORT');
  });

  it('creates JetStream streams with one replica unless JETSTREAM_REPLICAS asks for 3 on a cluster', () => {
    expect(readConfig('embedded', { DATA_DIR }).jetstreamReplicas).toBe(1);
    expect(readConfig('embedded', { DATA_DIR, JETSTREAM_REPLICAS: '3' }).jetstreamReplicas).toBe(3);
    expectConfigError(() => readConfig('embedded', { DATA_DIR, JETSTREAM_REPLICAS: '0' }), 'JETSTREAM_REPLICAS');
  });
});
