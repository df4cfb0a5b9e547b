// Configuration comes from the environment (architecture.md "Config"). Missing or
// malformed values stop start-up with a message that names the variable.
import { resolve } from 'node:path';

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
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
  inboundSmtpPort?: number;
  dataDir: string;
  officeConfigPath?: string;
  logLevel: string;
  /** How long a request-reply call may take before it fails with UPSTREAM_TIMEOUT. */
  rpcTimeoutMs: number;
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

export function readConfig(mode: RunMode, env: Env = process.env, options: { needsStore?: boolean } = {}): SoudanConfig {
  const natsUrl = url(env, 'NATS_URL', ['nats:', 'tls:', 'ws:', 'wss:']);
  const eventStoreUrl = url(env, 'EVENTSTORE_URL', STORE_SCHEMES);
  if (mode === 'distributed') {
    if (!natsUrl) throw new ConfigError('NATS_URL', 'is required when a service runs as its own process (e.g. nats://127.0.0.1:4222)');
    if (!eventStoreUrl && options.needsStore !== false) {
      throw new ConfigError('EVENTSTORE_URL', 'is required when a service runs as its own process (postgres://... or kurrentdb://...)');
    }
  }
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const mailFrom = (env.MAIL_FROM ?? 'ハローワーク滑川 オンライン職業相談 <online-soudan@namerikawa.hellowork.example>').trim();
  if (/[\r\n]/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'must be a single line');
  return {
    mode,
    port: integer(env, 'PORT', 3000, 0, 65535) as number,
    natsUrl,
    eventStoreUrl,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    inboundSmtpPort: integer(env, 'INBOUND_SMTP_PORT', undefined, 0, 65535),
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    officeConfigPath: env.OFFICE_CONFIG?.trim() || undefined,
    logLevel,
    rpcTimeoutMs: integer(env, 'RPC_TIMEOUT_MS', 5000, 100, 120_000) as number,
  };
}
