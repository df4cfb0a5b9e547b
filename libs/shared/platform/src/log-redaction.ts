// Logs never print credentials. Fields known to hold one are censored by name (pino's
// redact paths, logger.ts); what a line may still quote (a connection URL with a
// password in an error message, a sign-in link, a bearer token, a meeting link, the
// configured keys themselves) is replaced in the finished line, whatever field or
// message it is in. The replacements hold no quote or backslash, so a JSON line stays JSON.
import type { SoudanConfig } from './config';

const REDACTED = '[redacted]';

/** Schemes whose user part alone is a credential (NATS token auth: `nats://<token>@host`). */
const TOKEN_USER_SCHEMES = /^(nats|tls|ws|wss):\/\/$/i;

// scheme://userinfo@ — userinfo stops at what cannot be in it (and at a JSON string's end).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{1,15}:\/\/)([^\s/?#@"'<>\\]+)@/gi;
// token=…, password=… in a query string, a fragment (`#token=` of a sign-in link) or a DSN.
const SECRET_PARAMS =
  /([?&#;\s"]|^)(token|access_token|refresh_token|id_token|password|passwd|pwd|secret|client_secret|api_?key|sig|signature|nkey|seed|jwt)=([^&\s"'#;\\]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
// The meeting link of the e-mails: whoever has it joins the consultation (R15).
const JOIN_LINK = /\/join\/[A-Za-z0-9_-]{16,64}/g;
// NATS nkey seeds (SU…, SA…) and user JWT credentials files.
const NKEY_SEED = /\bS[UANOC][A-Z2-7]{56}\b/g;
// A private key in PEM, whatever it is for (PRINCIPAL_PRIVATE_KEY among them).
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
// A signed principal (messaging's principal.ts: base64url of `{"kid":…}`, a dot, the signature).
const SIGNED_PRINCIPAL = /\beyJraWQiOi[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{40,}/g;

/** The URL with its password (and a NATS token in the user part) replaced; anything else unchanged. */
export function redactUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : redactPatterns(url);
}

function redactPatterns(text: string): string {
  return text
    .replace(URL_USERINFO, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
      return TOKEN_USER_SCHEMES.test(scheme) ? `${scheme}${REDACTED}@` : `${scheme}${userinfo}@`;
    })
    .replace(SECRET_PARAMS, (_match, before: string, name: string) => `${before}${name}=${REDACTED}`)
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(JOIN_LINK, `/join/${REDACTED}`)
    .replace(NKEY_SEED, REDACTED)
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(SIGNED_PRINCIPAL, REDACTED);
}

/**
 * Replaces credentials in a finished log line (or any text bound for a log): the
 * patterns above, and each of `secrets` as it is and as JSON would escape it.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let out = redactPatterns(text);
  for (const secret of secrets) {
    if (!out.includes(secret) && !out.includes(jsonEscaped(secret))) continue;
    out = out.split(secret).join(REDACTED).split(jsonEscaped(secret)).join(REDACTED);
  }
  return out;
}

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** Too short to search for without censoring ordinary words. */
const MIN_SECRET_LENGTH = 6;

/**
 * The secrets of a configuration, in every form a line might quote them: the keys as
 * given (hex or base64) and as hex, the first admin's password, and the passwords and
 * tokens inside NATS_URL, EVENTSTORE_URL and SMTP_URL (as written and percent-decoded).
 */
export function secretsOf(config: Partial<SoudanConfig>, env: Record<string, string | undefined> = {}): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= MIN_SECRET_LENGTH) found.add(value);
  };
  for (const key of [config.pseudonymKey, config.encryptionKey, config.tokenKey]) {
    if (!key) continue;
    add(key.toString('hex'));
    add(key.toString('base64'));
  }
  add(config.adminPassword);
  if (config.principalPrivateKey) {
    add(config.principalPrivateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
    // The 32 bytes of the key proper, as the JWK form (and some tools) write them.
    add(config.principalPrivateKey.export({ format: 'jwk' }).d);
  }
  for (const name of ['PSEUDONYM_KEY', 'ENCRYPTION_KEY', 'TOKEN_KEY', 'ADMIN_PASSWORD', 'PRINCIPAL_PRIVATE_KEY'])
    add(env[name]?.trim());
  for (const url of [config.natsUrl, config.eventStoreUrl, config.smtpUrl, config.rateLimitStoreUrl]) {
    if (!url) continue;
    for (const part of url.split(',')) {
      try {
        const parsed = new URL(part.trim());
        // A NATS URL's user part alone is a token; beside a password it is only a user name.
        const token = !parsed.password && TOKEN_USER_SCHEMES.test(`${parsed.protocol}//`) ? parsed.username : '';
        for (const raw of [parsed.password, token]) {
          add(raw);
          add(safeDecode(raw));
        }
      } catch {
        // Not a URL: readConfig has refused it already.
      }
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
