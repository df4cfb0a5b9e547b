import { natsConnection, serverHosts } from './nats-servers';

describe('NATS_URL with credentials', () => {
  it('gives nats.js the credentials as options (it ignores them in a URL) and servers without them', () => {
    expect(natsConnection('nats://gateway:p%40ss@nats-1:4222, nats://gateway:p%40ss@nats-2:4222')).toEqual({
      servers: ['nats://nats-1:4222', 'nats://nats-2:4222'],
      user: 'gateway',
      pass: 'p@ss',
      inboxPrefix: '_INBOX_gateway',
    });
    expect(natsConnection('tls://s3cret-token@nats.example.jp:4222')).toEqual({
      servers: ['tls://nats.example.jp:4222'],
      token: 's3cret-token',
    });
    expect(natsConnection('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
    expect(serverHosts('nats://gateway:pw@nats-1:4222,nats://tok@nats-2:4222')).toEqual(['nats-1:4222', 'nats-2:4222']);
  });

  it('takes replies on the user’s own inboxes only for a user name that fits in a subject', () => {
    expect(natsConnection('nats://scheduling:pw@nats:4222').inboxPrefix).toBe('_INBOX_scheduling');
    expect(natsConnection('nats://a.b:pw@nats:4222').inboxPrefix).toBeUndefined();
    expect(natsConnection('nats://token-only@nats:4222').inboxPrefix).toBeUndefined();
  });
});
