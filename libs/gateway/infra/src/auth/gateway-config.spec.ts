// The gateway's settings from the environment: a malformed one stops start-up naming it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readConfig } from '@soudan/platform';

const DATA_DIR = mkdtempSync(join(tmpdir(), 'soudan-gw-config-'));

describe('gateway configuration', () => {
  it('has no CORS origin, no trusted proxy and 1200 requests a minute by default', () => {
    const config = readConfig('embedded', { DATA_DIR });
    expect(config.webOrigins).toEqual([]);
    expect(config.trustProxyHops).toBe(0);
    expect(config.requestsPerIpPerMinute).toBe(1200);
    expect(config.tokenKey).toBeUndefined();
  });

  it('reads WEB_ORIGIN (comma-separated origins), TRUST_PROXY, RATE_LIMIT_PER_MINUTE and TOKEN_KEY', () => {
    const config = readConfig('embedded', {
      DATA_DIR,
      WEB_ORIGIN: 'https://soudan.example.jp, http://localhost:5173',
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_MINUTE: '600',
      TOKEN_KEY: 'ab'.repeat(32),
    });
    expect(config.webOrigins).toEqual(['https://soudan.example.jp', 'http://localhost:5173']);
    expect(config.trustProxyHops).toBe(1);
    expect(config.requestsPerIpPerMinute).toBe(600);
    expect(config.tokenKey).toEqual(Buffer.from('ab'.repeat(32), 'hex'));
  });

  it.each([
    ['WEB_ORIGIN', 'soudan.example.jp'],
    ['WEB_ORIGIN', 'https://soudan.example.jp/app'],
    ['WEB_ORIGIN', 'ftp://soudan.example.jp'],
    ['TRUST_PROXY', 'yes'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['TOKEN_KEY', 'short'],
  ])('stops on a malformed %s (%s), naming it', (variable, value) => {
    expect(() => readConfig('embedded', { DATA_DIR, [variable]: value })).toThrow(ConfigError);
    expect(() => readConfig('embedded', { DATA_DIR, [variable]: value })).toThrow(variable);
  });
});
