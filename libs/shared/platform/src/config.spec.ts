import { ConfigError, readConfig } from './config';

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
    const config = readConfig('embedded', {});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.natsUrl).toBeUndefined();
    expect(config.eventStoreUrl).toBeUndefined();
  });

  it('requires NATS_URL and EVENTSTORE_URL for a service in its own process, naming them', () => {
    expectConfigError(() => readConfig('distributed', { EVENTSTORE_URL: 'postgres://x/y' }), 'NATS_URL');
    expectConfigError(() => readConfig('distributed', { NATS_URL: 'nats://127.0.0.1:4222' }), 'EVENTSTORE_URL');
    expect(readConfig('distributed', { NATS_URL: 'nats://127.0.0.1:4222' }, { needsStore: false }).natsUrl).toBe('nats://127.0.0.1:4222');
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
    expectConfigError(() => readConfig('embedded', { [variable]: value }), variable);
  });

  it('accepts every event store the port has an adapter for', () => {
    for (const url of ['postgres://u@h/db', 'postgresql://u@h/db', 'kurrentdb://h:2113?tls=false', 'esdb://h:2113', 'pglite:///tmp/x']) {
      expect(readConfig('embedded', { EVENTSTORE_URL: url }).eventStoreUrl).toBe(url);
    }
  });
});
