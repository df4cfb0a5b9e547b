// NATS_URL as nats.js wants it (no imports: the RPC and the JetStream side both use it).

/** `NATS_URL` may list several servers, comma-separated, as for a cluster. */
function servers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** How to reach NATS: the servers, and the credentials a URL carried (`user:pass@` or a token as `token@`). */
export interface NatsServerOptions {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  /**
   * `_INBOX_<user>` when the URL names a user: replies then come to subjects only that
   * user may subscribe to (deploy/nats/auth.conf), so no service reads another's answers.
   */
  inboxPrefix?: string;
}

/** A user name that can be part of a subject token. */
const INBOX_USER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * nats.js takes no credentials from a server URL (it would connect without them and be
 * refused), so they are taken out of the URLs and given as options; the first URL that
 * carries some gives them. The servers keep no user part, so no log line of nats.js can
 * print one either.
 */
export function natsConnection(url: string): NatsServerOptions {
  const connection: NatsServerOptions = { servers: [] };
  for (const server of servers(url)) {
    let parsed: URL;
    try {
      parsed = new URL(server.includes('://') ? server : `nats://${server}`);
    } catch {
      connection.servers.push(server);
      continue;
    }
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    if (user && connection.user === undefined && connection.token === undefined) {
      if (parsed.password) {
        Object.assign(connection, { user, pass });
        if (INBOX_USER.test(user)) connection.inboxPrefix = `_INBOX_${user}`;
      } else connection.token = user;
    }
    connection.servers.push(`${parsed.protocol}//${parsed.host}`);
  }
  return connection;
}

/** Where the servers are, without the user, password or token a URL may carry: what a log line may say. */
export function serverHosts(url: string): string[] {
  return natsConnection(url).servers.map((server) => server.replace(/^[a-z]+:\/\//, ''));
}
