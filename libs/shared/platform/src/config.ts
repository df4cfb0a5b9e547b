// Configuration comes from the environment (architecture.md "Config"). Missing or
// malformed values stop start-up with a message that names the variable.
import { randomBytes, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generatePrincipalKeys, parsePrivateKey, parsePublicKeys } from '@soudan/messaging';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type RunMode = 'embedded' | 'distributed';

export interface SoudanConfig {
  mode: RunMode;
  port: number;
  natsUrl?: string;
  eventStoreUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  /** R61: port of the SMTP server for replies to offers (INBOUND_SMTP_PORT); absent = off, 0 = any free port. */
  inboundSmtpPort?: number;
  /** Address it binds (INBOUND_SMTP_HOST, else HOST, else 127.0.0.1). */
  inboundSmtpHost: string;
  /** The port is the run's default rather than configured: when it is taken, inbound mail stays off instead of stopping start-up. */
  inboundSmtpPortDefaulted: boolean;
  dataDir: string;
  officeConfigPath?: string;
  logLevel: string;
  /** How long a request-reply call may take before it fails with UPSTREAM_TIMEOUT. */
  rpcTimeoutMs: number;
  /** HMAC key for pseudonymous seeker ids and device pseudonyms (R52, R54); 32 bytes. */
  pseudonymKey: Buffer;
  /** Key that wraps each seeker's own data key (R54); 32 bytes. */
  encryptionKey: Buffer;
  /**
   * R54: a PostgreSQL database for the per-seeker keys (KEY_STORE_URL), backed up apart from
   * the events; without it the keys take a schema of their own beside the events' schema.
   */
  keyStoreUrl?: string;
  /** Password of the first `admin`; required outside the embedded default. */
  adminPassword?: string;
  /**
   * Gateway: the Ed25519 key that signs the principal of every request it sends
   * (PRINCIPAL_PRIVATE_KEY); embedded, a pair is made at every start. Services never have it.
   */
  principalPrivateKey?: KeyObject;
  /**
   * The gateway's public key(s) that principals are checked with (PRINCIPAL_PUBLIC_KEY, two
   * during a rotation); the gateway adds its own.
   */
  principalPublicKeys: KeyObject[];
  /** Gateway: key for signing access tokens (TOKEN_KEY); derived from pseudonymKey when absent. */
  tokenKey?: Buffer;
  /** Gateway: browser origins allowed by CORS (WEB_ORIGIN, comma-separated); none by default. */
  webOrigins: string[];
  /** Gateway: proxies in front of it whose X-Forwarded-For is believed (TRUST_PROXY, a hop count). */
  trustProxyHops: number;
  /** Gateway: requests per client address per minute over all routes (RATE_LIMIT_PER_MINUTE). */
  requestsPerIpPerMinute: number;
  /** Gateway: reservation requests one seeker may send per hour (SEEKER_REQUESTS_PER_HOUR). */
  requestsPerSeekerPerHour: number;
  /**
   * Gateway: a PostgreSQL database for the limits every replica shares (RATE_LIMIT_STORE_URL),
   * for a gateway whose own store is not SQL (KurrentDB); otherwise its store holds them.
   */
  rateLimitStoreUrl?: string;
  /**
   * Where people reach the system (PUBLIC_BASE_URL): sign-in and meeting links in e-mails
   * start with it. Overrides the office settings' `publicBaseUrl`; see officeFor().
   */
  publicBaseUrl?: string;
  /** Replicas of the JetStream streams the services create (JETSTREAM_REPLICAS): 1 on one server, 3 on a cluster. */
  jetstreamReplicas: number;
  /** The process's operator port (OPS_PORT: /health/live, /health/ready); off when absent. */
  opsPort?: number;
  /** Address the operator port binds (OPS_HOST, else HOST, else 127.0.0.1). */
  opsHost: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const STORE_SCHEMES = ['postgres:', 'postgresql:', 'kurrentdb:', 'esdb:', 'kdb:', 'pglite:'];

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}" (expected ${schemes.map((s) => `${s}//...`).join(', ')})`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(name, `has scheme ${parsed.protocol} but must be one of ${schemes.join(', ')}`);
  }
  return raw;
}

/**
 * Several URLs, comma-separated (NATS_URL naming the servers of a cluster, so a client
 * reconnects to another node when one goes away): each is checked as `url` checks one,
 * and the value is kept as written.
 */
function urlList(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part === ''))
    throw new ConfigError(name, `has an empty entry in its comma-separated list: "${raw}"`);
  for (const part of parts) url({ [name]: part }, name, schemes);
  return parts.join(',');
}

/**
 * A 32-byte key given as 64 hex digits or base64. Outside the embedded default it must
 * be set; embedded, a key is made once and kept in DATA_DIR/keys.json so that data
 * written before a restart stays readable.
 */
function key(
  env: Env,
  name: 'PSEUDONYM_KEY' | 'ENCRYPTION_KEY',
  mode: RunMode,
  dataDir: string,
  needed: boolean,
): Buffer {
  const raw = env[name]?.trim();
  if (raw) {
    const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (bytes.length !== 32)
      throw new ConfigError(name, 'must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
    return bytes;
  }
  if (mode === 'distributed' && needed)
    throw new ConfigError(
      name,
      'is required when a service runs as its own process (32 bytes: `openssl rand -hex 32`)',
    );
  return embeddedKeys(dataDir)[name];
}

function embeddedKeys(dataDir: string): Record<'PSEUDONYM_KEY' | 'ENCRYPTION_KEY', Buffer> {
  const file = join(dataDir, 'keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh = { PSEUDONYM_KEY: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('hex') };
    try {
      writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return {
    PSEUDONYM_KEY: Buffer.from(stored.PSEUDONYM_KEY, 'hex'),
    ENCRYPTION_KEY: Buffer.from(stored.ENCRYPTION_KEY, 'hex'),
  };
}

/** Origins only (scheme, host, port): anything more would never match a browser's Origin header. */
function origins(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, `"${value}" is not an origin such as https://soudan.example.jp`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError(name, `"${value}" must be an origin only (https://host[:port]), without a path`);
    }
    return parsed.origin;
  });
}

function optionalKey(env: Env, name: string): Buffer | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (bytes.length !== 32)
    throw new ConfigError(name, 'must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)');
  return bytes;
}

let embeddedPair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/**
 * The principal key pair of this process when it runs embedded (made at its first use):
 * what every embedded configuration of the process gets, and what tests that stand in
 * for the gateway sign with.
 */
export function embeddedPrincipalKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  embeddedPair ??= generatePrincipalKeys();
  return embeddedPair;
}

/**
 * The principal keys (README "The bus is a trust boundary"). Distributed, the gateway
 * (`signs`) needs PRINCIPAL_PRIVATE_KEY and every other service PRINCIPAL_PUBLIC_KEY;
 * embedded, one process both signs and checks, with a pair made now unless given.
 */
function principalKeys(
  env: Env,
  mode: RunMode,
  signs: boolean,
): { principalPrivateKey?: KeyObject; principalPublicKeys: KeyObject[] } {
  const privateRaw = env.PRINCIPAL_PRIVATE_KEY?.trim();
  const publicRaw = env.PRINCIPAL_PUBLIC_KEY?.trim();
  let privateKey: KeyObject | undefined;
  let publicKeys: KeyObject[] = [];
  try {
    if (privateRaw && (signs || mode === 'embedded')) privateKey = parsePrivateKey(privateRaw);
  } catch (error) {
    // Never the value: it is the key.
    throw new ConfigError(
      'PRINCIPAL_PRIVATE_KEY',
      `is not an Ed25519 private key as PEM or base64 DER (${(error as Error).message.split('\n')[0].slice(0, 80)})`,
    );
  }
  try {
    if (publicRaw) publicKeys = parsePublicKeys(publicRaw);
  } catch (error) {
    throw new ConfigError(
      'PRINCIPAL_PUBLIC_KEY',
      `is not one or more Ed25519 public keys as PEM or base64 DER (${(error as Error).message.slice(0, 80)})`,
    );
  }
  if (mode === 'embedded' && !privateKey && publicKeys.length === 0) {
    // One pair for the process: everything in it (and every test's service) agrees on it.
    // Not kept anywhere: a principal lives a minute, so a restart may well make a new one.
    const pair = embeddedPrincipalKeys();
    return { principalPrivateKey: pair.privateKey, principalPublicKeys: [pair.publicKey] };
  }
  const hint = '`node tools/deploy/principal-keys.mjs` makes a pair';
  if ((signs || mode === 'embedded') && !privateKey)
    throw new ConfigError('PRINCIPAL_PRIVATE_KEY', `is required for the gateway in its own process (${hint})`);
  if (!signs && mode === 'distributed' && publicKeys.length === 0)
    throw new ConfigError(
      'PRINCIPAL_PUBLIC_KEY',
      `is required when a service runs as its own process: the gateway's public key (${hint})`,
    );
  if (privateKey) {
    const own = createPublicKey(privateKey);
    const ownDer = own.export({ type: 'spki', format: 'der' });
    if (!publicKeys.some((k) => k.export({ type: 'spki', format: 'der' }).equals(ownDer))) publicKeys.push(own);
  }
  if (publicKeys.length === 0) throw new ConfigError('PRINCIPAL_PUBLIC_KEY', `is required (${hint})`);
  return { principalPrivateKey: privateKey, principalPublicKeys: publicKeys };
}

/** INBOUND_SMTP_PORT: a port, `off` (or empty) for none, or the default of the way the system runs. */
function inboundSmtpPort(env: Env, fallback: number | undefined): { port?: number; defaulted: boolean } {
  const raw = env.INBOUND_SMTP_PORT?.trim();
  if (raw === undefined) return { port: fallback, defaulted: fallback !== undefined };
  if (raw === '' || raw.toLowerCase() === 'off') return { port: undefined, defaulted: false };
  return { port: integer(env, 'INBOUND_SMTP_PORT', undefined, 0, 65535), defaulted: false };
}

function host(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(raw))
    throw new ConfigError(name, `must be a host name or an IP address, got "${raw}"`);
  return raw;
}

export function readConfig(
  mode: RunMode,
  env: Env = process.env,
  options: {
    needsStore?: boolean;
    /** `npm start` listens for replies (R61) unless told otherwise. */ inboundSmtpPortDefault?: number;
    /** The gateway: it signs principals, so it needs the private key (distributed). */
    signsPrincipals?: boolean;
  } = {},
): SoudanConfig {
  const natsUrl = urlList(env, 'NATS_URL', ['nats:', 'tls:', 'ws:', 'wss:']);
  const eventStoreUrl = url(env, 'EVENTSTORE_URL', STORE_SCHEMES);
  if (mode === 'distributed') {
    if (!natsUrl)
      throw new ConfigError(
        'NATS_URL',
        'is required when a service runs as its own process (e.g. nats://127.0.0.1:4222)',
      );
    if (!eventStoreUrl && options.needsStore !== false) {
      throw new ConfigError(
        'EVENTSTORE_URL',
        'is required when a service runs as its own process (postgres://... or kurrentdb://...)',
      );
    }
  }
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const mailFrom = (
    env.MAIL_FROM ?? 'ハローワーク滑川 オンライン職業相談 <online-soudan@namerikawa.hellowork.example>'
  ).trim();
  if (/[\r\n]/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'must be a single line');
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const needsKeys = options.needsStore !== false;
  const inbound = inboundSmtpPort(env, options.inboundSmtpPortDefault);
  return {
    mode,
    port: integer(env, 'PORT', 3000, 0, 65535) as number,
    natsUrl,
    eventStoreUrl,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    inboundSmtpPort: inbound.port,
    inboundSmtpHost: host(env, 'INBOUND_SMTP_HOST') ?? (env.HOST?.trim() || '127.0.0.1'),
    inboundSmtpPortDefaulted: inbound.defaulted,
    dataDir,
    officeConfigPath: env.OFFICE_CONFIG?.trim() || undefined,
    logLevel,
    rpcTimeoutMs: integer(env, 'RPC_TIMEOUT_MS', 5000, 100, 120_000) as number,
    pseudonymKey: key(env, 'PSEUDONYM_KEY', mode, dataDir, needsKeys),
    encryptionKey: key(env, 'ENCRYPTION_KEY', mode, dataDir, needsKeys),
    keyStoreUrl: url(env, 'KEY_STORE_URL', ['postgres:', 'postgresql:']),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    ...principalKeys(env, mode, options.signsPrincipals === true),
    tokenKey: optionalKey(env, 'TOKEN_KEY'),
    webOrigins: origins(env, 'WEB_ORIGIN'),
    trustProxyHops: integer(env, 'TRUST_PROXY', 0, 0, 10) as number,
    requestsPerIpPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000) as number,
    requestsPerSeekerPerHour: integer(env, 'SEEKER_REQUESTS_PER_HOUR', 30, 1, 1_000_000) as number,
    rateLimitStoreUrl: url(env, 'RATE_LIMIT_STORE_URL', ['postgres:', 'postgresql:']),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    jetstreamReplicas: integer(env, 'JETSTREAM_REPLICAS', 1, 1, 5) as number,
    opsPort: integer(env, 'OPS_PORT', undefined, 0, 65535),
    opsHost: host(env, 'OPS_HOST') ?? (env.HOST?.trim() || '127.0.0.1'),
  };
}
