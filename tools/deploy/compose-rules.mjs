// What the compose specification's schema cannot say about our compose files: secrets
// without defaults, pinned images, health checks behind every "service_healthy", and the
// start order (stores and NATS, then the services, then the gateway).

/** Values that must come from the operator: never defaulted, never written in the file. */
export const COMPOSE_SECRETS = [
  'PSEUDONYM_KEY',
  'ENCRYPTION_KEY',
  'TOKEN_KEY',
  'PRINCIPAL_PRIVATE_KEY',
  'PRINCIPAL_PUBLIC_KEY',
  'ADMIN_PASSWORD',
  'POSTGRES_PASSWORD',
  'NATS_GATEWAY_PASSWORD',
  'NATS_SCHEDULING_PASSWORD',
  'NATS_ELIGIBILITY_PASSWORD',
  'NATS_NOTIFICATION_PASSWORD',
  'NATS_AUDIT_PASSWORD',
];
const SOUDAN_SERVICES = ['scheduling', 'eligibility', 'notification', 'audit', 'gateway'];

const isMap = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** docker compose's merge of an override file onto a base: maps merge, the rest replaces. */
export function mergeCompose(base, override) {
  if (!isMap(base) || !isMap(override)) return override === undefined ? base : override;
  const out = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // depends_on: !override replaces the whole mapping; every other map merges key by key.
    out[key] = key === 'depends_on' || !(key in base) ? value : mergeCompose(base[key], value);
  }
  return out;
}

/** Problems in the raw text: a secret with a default (`${X:-…}`, `${X-…}`) or without `:?`. */
export function secretProblems(text, where) {
  const problems = [];
  for (const name of COMPOSE_SECRETS) {
    for (const match of text.matchAll(new RegExp(`\\$\\{${name}([^}]*)\\}`, 'g'))) {
      if (!match[1].startsWith(':?') || match[1].length < 4)
        problems.push(`${where}: \${${name}${match[1]}} must be required with a message (\${${name}:?…})`);
    }
    for (const match of text.matchAll(new RegExp(`^\\s*${name}\\s*[:=]\\s*(.*)$`, 'gm'))) {
      if (!match[1].trim().startsWith('${')) problems.push(`${where}: ${name} is given a value in the file`);
    }
  }
  return problems;
}

/** Problems of a whole compose model (after merging override files). */
export function composeProblems(model, where) {
  const problems = [];
  const services = model.services ?? {};
  for (const [name, service] of Object.entries(services)) {
    if (service.image && !service.build) {
      const tag = /:([^:/@]+)$/.exec(service.image)?.[1];
      if (!tag || tag === 'latest' || !/\d/.test(tag)) problems.push(`${where}: ${name} uses image ${service.image}`);
    }
    for (const [target, dependency] of Object.entries(service.depends_on ?? {})) {
      if (!services[target]) problems.push(`${where}: ${name} depends on ${target}, which is not defined`);
      else if (services[target].profiles?.length)
        problems.push(`${where}: ${name} depends on ${target}, behind a profile`);
      else if (dependency?.condition === 'service_healthy' && !services[target].healthcheck)
        problems.push(`${where}: ${name} waits for ${target} to be healthy, but ${target} has no healthcheck`);
    }
  }
  const healthyDeps = (name) =>
    Object.entries(services[name]?.depends_on ?? {})
      .filter(([, dependency]) => dependency?.condition === 'service_healthy')
      .map(([target]) => target);
  for (const name of SOUDAN_SERVICES) {
    if (!services[name]) problems.push(`${where}: service ${name} is missing`);
    else if (!services[name].healthcheck) problems.push(`${where}: ${name} has no healthcheck`);
    else if (!healthyDeps(name).includes('nats')) problems.push(`${where}: ${name} starts before NATS is healthy`);
  }
  const gatewayWaits = healthyDeps('gateway');
  for (const name of SOUDAN_SERVICES.filter((s) => s !== 'gateway'))
    if (!gatewayWaits.includes(name)) problems.push(`${where}: the gateway starts before ${name} is healthy`);
  return problems;
}
