// deploy/ is validated offline: compose files against the compose specification,
// manifests against the Kubernetes and CRD schemas (all vendored in deploy/schemas), the
// Dockerfile with a linter, and each against our rules. Each check is also shown to fail
// on a broken copy, so a green run means something.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain ESM modules of the deploy checks, without type declarations.
import { checkCompose, checkDockerfile, checkKubernetes, ROOT } from './validate.mjs';
// @ts-expect-error: as above.
import { validateCompose, validateManifest, yamlDocuments } from './schemas.mjs';
// @ts-expect-error: as above.
import { composeProblems, secretProblems } from './compose-rules.mjs';
// @ts-expect-error: as above.
import { kubernetesProblems } from './kubernetes-rules.mjs';
// @ts-expect-error: as above.
import { dockerfileProblems } from './dockerfile-rules.mjs';
// @ts-expect-error: as above.
import { natsAuthUsers } from './nats-auth.mjs';
// @ts-expect-error: as above.
import { natsUserProblems } from './validate.mjs';

const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const compose = () => yamlDocuments(text('docker-compose.yml'), 'docker-compose.yml')[0];
const manifests = (file: string) =>
  yamlDocuments(text(`deploy/k8s/${file}`), file).map((manifest: any) => ({ file, manifest }));

describe('deploy: compose', () => {
  it('validates against the compose specification, with required secrets, pinned images and start order', () => {
    expect(checkCompose()).toEqual([]);
  });

  it('refuses a defaulted secret, a secret written in the file and an unpinned image', () => {
    const broken = text('docker-compose.yml')
      .replace(
        '${PSEUDONYM_KEY:?',
        '${PSEUDONYM_KEY:-0000000000000000000000000000000000000000000000000000000000000001}${X:?',
      )
      .replace(/ADMIN_PASSWORD: \$\{ADMIN_PASSWORD:\?[^}]*\}/, 'ADMIN_PASSWORD: hunter2-hunter2');
    expect(secretProblems(broken, 'broken')).toEqual([
      expect.stringContaining('${PSEUDONYM_KEY:-'),
      'broken: ADMIN_PASSWORD is given a value in the file',
    ]);
    const model = compose();
    model.services.nats.image = 'nats:latest';
    expect(composeProblems(model, 'broken')).toEqual(['broken: nats uses image nats:latest']);
  });

  it('refuses a gateway that starts before the services, and a wait on a service without a healthcheck', () => {
    const model = compose();
    delete model.services.gateway.depends_on.audit;
    delete model.services.nats.healthcheck;
    expect(composeProblems(model, 'broken')).toEqual(
      expect.arrayContaining([
        'broken: scheduling waits for nats to be healthy, but nats has no healthcheck',
        'broken: the gateway starts before audit is healthy',
      ]),
    );
  });

  it('the schema refuses what compose would refuse: an unknown key and a malformed depends_on', () => {
    const model = compose();
    model.services.audit.dependson = ['nats'];
    model.services.scheduling.depends_on = 'nats';
    const problems = validateCompose(model);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('dependson')]));
    expect(problems.some((p: string) => p.startsWith('/services/scheduling/depends_on'))).toBe(true);
  });
});

describe('deploy: Kubernetes manifests', () => {
  it('validate against the Kubernetes 1.36 and CloudNativePG schemas and our rules', () => {
    expect(checkKubernetes()).toEqual([]);
  });

  it('the schemas refuse a misspelt field, a wrong type and a kind nobody vendored', () => {
    const [{ manifest: deployment }] = manifests('scheduling.yaml');
    deployment.spec.replica = 2;
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'ops';
    const problems = validateManifest(deployment);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('replica')]));
    expect(problems.some((p: string) => p.includes('/containerPort'))).toBe(true);
    const [{ manifest: cluster }] = manifests('postgres.yaml');
    cluster.spec.instance = 3;
    expect(validateManifest(cluster)).toEqual([expect.stringContaining('instance')]);
    expect(validateManifest({ apiVersion: 'apps/v1', kind: 'StatefulSet' })).toEqual([
      expect.stringContaining('no vendored schema for apps/v1 StatefulSet'),
    ]);
  });

  it('our rules refuse a Deployment without a readiness probe or a disruption budget, on an unpinned image', () => {
    const files = ['config.yaml', 'postgres.yaml', 'gateway.yaml', 'scheduling.yaml', 'eligibility.yaml'];
    // notification without its PodDisruptionBudget (its first document is the Deployment).
    const all = files.flatMap(manifests).concat(manifests('notification.yaml').slice(0, 1));
    const audit = manifests('audit.yaml')[0];
    delete audit.manifest.spec.template.spec.containers[0].readinessProbe;
    audit.manifest.spec.template.spec.containers[0].image = 'soudan:latest';
    const natsValues = yamlDocuments(text('deploy/k8s/nats/values.yaml'), 'values')[0];
    natsValues.config.jetstream.merge = {};
    const problems = kubernetesProblems([...all, audit], {
      kustomization: { resources: [...files, 'audit.yaml', 'notification.yaml'] },
      files: [...files, 'audit.yaml', 'notification.yaml'],
      natsValues,
      secretsDoc: text('deploy/k8s/README.md'),
      natsUsers: natsAuthUsers(text('deploy/nats/auth.conf')),
    });
    expect(problems).toEqual([
      'notification.yaml Deployment soudan-notification: no PodDisruptionBudget selects its pods',
      'audit.yaml Deployment soudan-audit: no PodDisruptionBudget selects its pods',
      'audit.yaml Deployment soudan-audit container audit: image soudan:latest is not pinned to a version',
      'audit.yaml Deployment soudan-audit container audit: has no readinessProbe',
      'nats/values.yaml: JetStream must fsync before every ack (sync_interval: always)',
    ]);
  });
});

describe('deploy: the NATS users (issue 9: the bus is a trust boundary)', () => {
  const natsUsers = () => natsAuthUsers(text('deploy/nats/auth.conf'));

  it('reads one user per process from deploy/nats/auth.conf, each answering only its own subjects', () => {
    const users = natsUsers();
    expect(users.map((u: { user: string }) => u.user)).toEqual([
      'gateway',
      'scheduling',
      'eligibility',
      'notification',
      'audit',
    ]);
    for (const { user, subscribe, publish } of users) {
      expect(subscribe).toEqual([`${user}.>`, `_INBOX_${user}.>`]);
      expect(publish.filter((s: string) => s.startsWith('events.'))).toEqual([`events.${user}.>`]);
    }
  });

  it('refuses a Helm user whose permissions differ from auth.conf, a shared NATS_URL and NATS without TLS', () => {
    const values = yamlDocuments(text('deploy/k8s/nats/values.yaml'), 'values')[0];
    values.config.merge.authorization.users[4].permissions.publish.allow.push('scheduling.>');
    delete values.config.nats.tls;
    const gateway = manifests('gateway.yaml')[0];
    const env = gateway.manifest.spec.template.spec.containers[0].env;
    env.find((e: { name: string }) => e.name === 'NATS_URL').valueFrom.secretKeyRef.key = 'audit-url';
    const problems = kubernetesProblems([gateway], {
      kustomization: { resources: ['gateway.yaml'] },
      files: ['gateway.yaml'],
      natsValues: values,
      secretsDoc: text('deploy/k8s/README.md'),
      natsUsers: natsUsers(),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'gateway.yaml Deployment soudan-gateway: NATS_URL must come from soudan-nats-users, key gateway-url (its own NATS user)',
        'nats/values.yaml: clients and routes between the nodes must use TLS',
        'nats/values.yaml: user audit: publish differs from deploy/nats/auth.conf',
      ]),
    );
  });

  it('refuses a compose file where a service connects as another user or NATS runs without auth.conf', () => {
    const model = compose();
    model.services.audit.environment.NATS_URL = model.services.gateway.environment.NATS_URL;
    model.services.nats.configs = model.services.nats.configs.slice(0, 1);
    expect(natsUserProblems(model, 'listen: 0.0.0.0:4222\n', text('deploy/nats/auth.conf'))).toEqual([
      'docker-compose.yml: the NATS configuration does not include ./auth.conf',
      'docker-compose.yml: deploy/nats/auth.conf is not mounted at /etc/nats/auth.conf for nats',
      'docker-compose.yml: audit must connect to NATS as its own user (nats://audit:${NATS_AUDIT_PASSWORD:?…}@…)',
    ]);
  });
});

describe('deploy: Dockerfile', () => {
  it('lints clean: pinned Node 24, multi-stage, built output run by plain node as a non-root user', () => {
    expect(checkDockerfile()).toEqual([]);
  });

  it('refuses a single-stage image on an unpinned base that runs TypeScript as root', () => {
    const broken = [
      'FROM node:latest',
      'ENV DATA_DIR=/data',
      'COPY . .',
      'RUN npm ci',
      'CMD ["node", "--import", "./tools/register.mjs", "apps/gateway/src/main.ts"]',
    ].join('\n');
    expect(dockerfileProblems(broken, ROOT)).toEqual(
      expect.arrayContaining([
        'FROM node:latest (node:latest) is not node pinned to a full version',
        'not a multi-stage build',
        'the runtime stage runs as "root", not a numeric non-root user',
        '/data is not made writable for uid ',
        'CMD does not start the built JavaScript with plain node',
        'no stage runs npm run build',
      ]),
    );
  });
});
