// What the Kubernetes schemas cannot say about deploy/k8s: a Deployment per service with
// probes, resources and a disruption budget that selects its pods, non-root containers
// on pinned images, references (Secrets, ConfigMaps, Services, kustomize resources)
// that line up, and NATS/JetStream settings that agree with the services' replicas.

import { natsValuesUsers } from './nats-auth.mjs';

export const SERVICES = ['gateway', 'scheduling', 'eligibility', 'notification', 'audit'];
/** Secrets the manifests read: the one operators create, and the one CloudNativePG creates. */
export const SECRETS = {
  'soudan-secrets': 'operator',
  'soudan-nats-users': 'operator',
  'soudan-principal-key': 'operator',
  'soudan-db-app': 'cloudnative-pg',
};

const matches = (selector = {}, labels = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

function containerProblems(where, container, pod) {
  const problems = [];
  const say = (text) => problems.push(`${where} container ${container.name}: ${text}`);
  const tag = /:([^:/@]+)$/.exec(container.image ?? '')?.[1];
  if (!tag || tag === 'latest' || !/\d/.test(tag)) say(`image ${container.image} is not pinned to a version`);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const port = container[probe]?.httpGet?.port;
    if (!container[probe]) say(`has no ${probe}`);
    else if (typeof port === 'string' && !(container.ports ?? []).some((p) => p.name === port))
      say(`${probe} uses port ${port}, which the container does not name`);
  }
  const { requests = {}, limits = {} } = container.resources ?? {};
  if (!requests.cpu || !requests.memory || !limits.memory) say('needs cpu and memory requests and a memory limit');
  const security = container.securityContext ?? {};
  if (security.allowPrivilegeEscalation !== false || security.readOnlyRootFilesystem !== true)
    say('must not escalate privileges and must have a read-only root file system');
  if (pod.securityContext?.runAsNonRoot !== true && security.runAsNonRoot !== true) say('may run as root');
  for (const env of container.env ?? []) {
    const secret = env.valueFrom?.secretKeyRef;
    if (secret && !(secret.name in SECRETS)) say(`reads ${env.name} from an unknown Secret ${secret.name}`);
    if (secret?.optional) say(`${env.name} is optional: secrets are required`);
  }
  return problems;
}

/** `manifests`: [{ file, manifest }] of every document under deploy/k8s. */
export function kubernetesProblems(manifests, { kustomization, files, natsValues, secretsDoc, natsUsers }) {
  const problems = [];
  const of = (kind) => manifests.filter((m) => m.manifest.kind === kind);
  const configMaps = new Set(of('ConfigMap').map((m) => m.manifest.metadata.name));
  const deployments = of('Deployment');
  for (const service of SERVICES) {
    const deployment = deployments.find((d) => d.manifest.metadata.name === `soudan-${service}`);
    if (!deployment) {
      problems.push(`no Deployment soudan-${service}`);
      continue;
    }
    const { spec } = deployment.manifest;
    const labels = spec.template.metadata?.labels ?? {};
    const where = `${deployment.file} Deployment ${deployment.manifest.metadata.name}`;
    if (!matches(spec.selector?.matchLabels, labels)) problems.push(`${where}: its selector misses its own pods`);
    if (!of('PodDisruptionBudget').some((p) => matches(p.manifest.spec.selector?.matchLabels, labels)))
      problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    if ((spec.replicas ?? 1) < 2) problems.push(`${where}: one replica cannot survive a node drain`);
    const pod = spec.template.spec;
    for (const container of pod.containers) {
      problems.push(...containerProblems(where, container, pod));
      for (const source of container.envFrom ?? [])
        if (source.configMapRef && !configMaps.has(source.configMapRef.name))
          problems.push(`${where}: reads the ConfigMap ${source.configMapRef.name}, which is not defined`);
      for (const env of container.env ?? []) {
        const secret = env.valueFrom?.secretKeyRef;
        if (secret && SECRETS[secret.name] === 'operator' && !secretsDoc.includes(secret.key))
          problems.push(`${where}: deploy/k8s/README.md does not tell operators to create ${secret.key}`);
      }
      // The bus is a trust boundary: each process connects as its own NATS user.
      const natsUrl = (container.env ?? []).find((e) => e.name === 'NATS_URL')?.valueFrom?.secretKeyRef;
      if (natsUrl?.name !== 'soudan-nats-users' || natsUrl.key !== `${service}-url`)
        problems.push(`${where}: NATS_URL must come from soudan-nats-users, key ${service}-url (its own NATS user)`);
    }
  }
  for (const { file, manifest } of of('Service')) {
    const target = deployments.find((d) => matches(manifest.spec.selector, d.manifest.spec.template.metadata?.labels));
    if (!target) problems.push(`${file} Service ${manifest.metadata.name} selects no Deployment`);
    const ports = target?.manifest.spec.template.spec.containers.flatMap((c) => c.ports ?? []) ?? [];
    for (const port of manifest.spec.ports ?? [])
      if (typeof port.targetPort === 'string' && !ports.some((p) => p.name === port.targetPort))
        problems.push(`${file} Service ${manifest.metadata.name}: targetPort ${port.targetPort} is not a named port`);
  }
  // CloudNativePG writes the owner's connection URI to the Secret <cluster>-app.
  if (!of('Cluster').some(({ manifest }) => SECRETS[`${manifest.metadata.name}-app`] === 'cloudnative-pg'))
    problems.push('no CloudNativePG Cluster whose app Secret is the soudan-db-app the services read');
  const listed = new Set(kustomization.resources ?? []);
  for (const file of files) if (!listed.has(file)) problems.push(`kustomization.yaml does not list ${file}`);
  for (const file of listed)
    if (!files.includes(file)) problems.push(`kustomization.yaml lists ${file}, which is missing`);
  const replicas = Number(
    of('ConfigMap').find((m) => m.manifest.data?.JETSTREAM_REPLICAS)?.manifest.data.JETSTREAM_REPLICAS,
  );
  if (replicas !== 3) problems.push('the services must create their streams with JETSTREAM_REPLICAS=3');
  if (!natsValues.config?.cluster?.enabled || natsValues.config.cluster.replicas < replicas)
    problems.push(`nats/values.yaml: the NATS cluster must have at least ${replicas} nodes`);
  if (!natsValues.config?.jetstream?.enabled) problems.push('nats/values.yaml: JetStream is off');
  if (natsValues.config?.jetstream?.merge?.sync_interval !== 'always')
    problems.push('nats/values.yaml: JetStream must fsync before every ack (sync_interval: always)');
  if (!natsValues.config?.nats?.tls?.enabled || !natsValues.config?.cluster?.tls?.enabled)
    problems.push('nats/values.yaml: clients and routes between the nodes must use TLS');
  // The users and permissions of the chart's values are those of deploy/nats/auth.conf.
  const inValues = natsValuesUsers(natsValues);
  const env = natsValues.container?.env ?? {};
  for (const want of natsUsers) {
    const got = inValues.find((u) => u.user === want.user);
    if (!got) problems.push(`nats/values.yaml: no NATS user ${want.user} (deploy/nats/auth.conf has one)`);
    else {
      for (const key of ['passwordVariable', 'publish', 'subscribe'])
        if (JSON.stringify(got[key]) !== JSON.stringify(want[key]))
          problems.push(`nats/values.yaml: user ${want.user}: ${key} differs from deploy/nats/auth.conf`);
      if (!got.allowResponses) problems.push(`nats/values.yaml: user ${want.user} cannot answer requests`);
      if (env[want.passwordVariable]?.valueFrom?.secretKeyRef?.name !== 'soudan-nats-users')
        problems.push(`nats/values.yaml: ${want.passwordVariable} must come from the Secret soudan-nats-users`);
    }
  }
  for (const got of inValues)
    if (!natsUsers.some((u) => u.user === got.user))
      problems.push(`nats/values.yaml: user ${got.user} is not in deploy/nats/auth.conf`);
  return problems;
}
