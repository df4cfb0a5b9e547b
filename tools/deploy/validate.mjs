// Validates deploy/ without a network, a Docker engine or a cluster: the compose files,
// the Kubernetes manifests and the NATS chart values against their vendored schemas and
// our rules, and the Dockerfile with a linter. `node tools/deploy/validate.mjs` prints
// the problems; deploy.spec.ts runs the same checks in CI.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { composeProblems, mergeCompose, secretProblems } from './compose-rules.mjs';
import { dockerfileProblems } from './dockerfile-rules.mjs';
import { kubernetesProblems } from './kubernetes-rules.mjs';
import { natsAuthUsers } from './nats-auth.mjs';
import { validateCompose, validateManifest, validateNatsValues, yamlDocuments } from './schemas.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
const read = (root, path) => readFileSync(join(root, path), 'utf8');
const prefixed = (where, problems) => problems.map((p) => `${where}: ${p}`);

/** The base file, then each override merged onto it, the way `docker compose -f … -f …` reads them. */
export const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.kurrentdb.yml'];

/**
 * The bus is a trust boundary: the NATS server of compose loads deploy/nats/auth.conf
 * (mounted beside its configuration) with every user's password, and each soudan process
 * connects as its own user.
 */
export function natsUserProblems(model, natsConfigText, authText) {
  const where = COMPOSE_FILES[0];
  const problems = [];
  const users = natsAuthUsers(authText);
  if (!/^\s*include\s+\.\/auth\.conf\s*$/m.test(natsConfigText))
    problems.push(`${where}: the NATS configuration does not include ./auth.conf`);
  const mounted = (model.services?.nats?.configs ?? []).some(
    (c) => c.target === '/etc/nats/auth.conf' && model.configs?.[c.source]?.file === './deploy/nats/auth.conf',
  );
  if (!mounted) problems.push(`${where}: deploy/nats/auth.conf is not mounted at /etc/nats/auth.conf for nats`);
  const natsEnv = model.services?.nats?.environment ?? {};
  for (const { user, passwordVariable } of users) {
    if (!natsEnv[passwordVariable]) problems.push(`${where}: nats is not given ${passwordVariable}`);
    const service = model.services?.[user];
    const url = String(service?.environment?.NATS_URL ?? '');
    if (service && !url.startsWith(`nats://${user}:\${${passwordVariable}:?`))
      problems.push(
        `${where}: ${user} must connect to NATS as its own user (nats://${user}:\${${passwordVariable}:?…}@…)`,
      );
  }
  return problems;
}

export function checkCompose(root = ROOT) {
  const problems = [];
  const [base, ...overrides] = COMPOSE_FILES.map((file) => {
    const text = read(root, file);
    const [model] = yamlDocuments(text, file);
    problems.push(...prefixed(file, validateCompose(model)), ...secretProblems(text, file));
    // An override's depends_on replaces the base's only when tagged so; merged, the base's would stay.
    if (file !== COMPOSE_FILES[0] && /^\s*depends_on:(?!\s*!override)/m.test(text))
      problems.push(`${file}: depends_on without !override would keep the base file's dependencies`);
    return model;
  });
  problems.push(...composeProblems(base, COMPOSE_FILES[0]));
  overrides.forEach((override, index) =>
    problems.push(
      ...composeProblems(mergeCompose(base, override), `${COMPOSE_FILES[0]} + ${COMPOSE_FILES[index + 1]}`),
    ),
  );
  const natsConfig = base.configs?.['nats-conf']?.file;
  if (!natsConfig || !/^\s*sync_interval:\s*always\s*$/m.test(read(root, natsConfig)))
    problems.push(`${COMPOSE_FILES[0]}: the NATS configuration must fsync before every ack (sync_interval: always)`);
  problems.push(
    ...natsUserProblems(base, natsConfig ? read(root, natsConfig) : '', read(root, 'deploy/nats/auth.conf')),
  );
  return problems;
}

export function checkKubernetes(root = ROOT) {
  const dir = 'deploy/k8s';
  const files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  const manifests = files.flatMap((file) =>
    yamlDocuments(read(root, join(dir, file)), file)
      .filter(Boolean)
      .map((manifest) => ({ file, manifest })),
  );
  const natsValues = yamlDocuments(read(root, join(dir, 'nats/values.yaml')), 'nats/values.yaml')[0];
  return [
    ...manifests.flatMap(({ file, manifest }) =>
      prefixed(`${file} ${manifest.kind} ${manifest.metadata?.name}`, validateManifest(manifest)),
    ),
    ...prefixed('nats/values.yaml', validateNatsValues(natsValues)),
    ...kubernetesProblems(manifests, {
      kustomization: yamlDocuments(read(root, join(dir, 'kustomization.yaml')), 'kustomization.yaml')[0],
      files,
      natsValues,
      secretsDoc: read(root, join(dir, 'README.md')),
      natsUsers: natsAuthUsers(read(root, 'deploy/nats/auth.conf')),
    }),
  ];
}

export function checkDockerfile(root = ROOT) {
  return prefixed('Dockerfile', dockerfileProblems(read(root, 'Dockerfile'), root));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  for (const [what, check] of [
    ['compose', checkCompose],
    ['kubernetes', checkKubernetes],
    ['Dockerfile', checkDockerfile],
  ]) {
    const problems = check();
    failed ||= problems.length > 0;
    console.log(problems.length === 0 ? `${what}: ok` : `${what}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  process.exitCode = failed ? 1 : 0;
}
