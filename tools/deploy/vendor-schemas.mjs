// Refreshes the JSON schemas that deploy.spec.ts validates deploy/ against, so that CI
// needs no network. Run by hand when moving to a newer Kubernetes or CloudNativePG:
//
//   node tools/deploy/vendor-schemas.mjs --kubernetes path/to/swagger.json --kubernetes-version 1.36 \
//     --crd path/to/postgresql.cnpg.io_clusters.yaml --crd ... --crd-source "CloudNativePG 1.30.0"
//
// Kubernetes: the definitions of the OpenAPI v2 document (api/openapi-spec/swagger.json of
// the release) reachable from the kinds in KINDS, descriptions dropped, refs unchanged.
// CRDs: each served version's openAPIV3Schema, descriptions dropped.
// Helm chart values (--helm-values, for charts that ship no values.schema.json): a schema
// derived from the chart's default values.yaml: a mapping with keys accepts those keys
// only, an empty mapping, a list or a null default accepts anything.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

/** The built-in kinds deploy/k8s may use; add one here before using it. */
export const KINDS = [
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.apps.v1.Deployment',
  'io.k8s.api.policy.v1.PodDisruptionBudget',
  'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
];

const OUT = resolve(import.meta.dirname, '../../deploy/schemas');

function withoutDescriptions(value) {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, inner]) => [key, withoutDescriptions(inner)]),
  );
}

function reachable(definitions, roots) {
  const seen = new Set();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') {
        const name = inner.replace('#/definitions/', '');
        if (!seen.has(name)) {
          seen.add(name);
          visit(definitions[name]);
        }
      } else visit(inner);
    }
  };
  for (const root of roots) visit({ $ref: `#/definitions/${root}` });
  return [...seen].sort();
}

function vendorKubernetes(swaggerPath, version) {
  const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));
  const names = reachable(definitions, KINDS);
  const schema = {
    $comment:
      `Kubernetes ${version} OpenAPI v2 definitions reachable from ${KINDS.length} kinds, ` +
      'descriptions removed; refreshed by tools/deploy/vendor-schemas.mjs.',
    kinds: KINDS,
    definitions: Object.fromEntries(names.map((name) => [name, withoutDescriptions(definitions[name])])),
  };
  const file = resolve(OUT, `kubernetes-${version}.json`);
  writeFileSync(file, `${JSON.stringify(schema)}\n`);
  return `${file}: ${names.length} definitions`;
}

function vendorCrd(crdPath, source) {
  const written = [];
  for (const document of parseAllDocuments(readFileSync(crdPath, 'utf8'))) {
    const crd = document.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const schema = {
        $comment: `${crd.spec.group} ${crd.spec.names.kind} ${version.name} from ${source}, descriptions removed`,
        ...withoutDescriptions(version.schema.openAPIV3Schema),
      };
      const file = resolve(OUT, `${crd.spec.group}_${crd.spec.names.kind}_${version.name}.json`);
      writeFileSync(file, `${JSON.stringify(schema)}\n`);
      written.push(file);
    }
  }
  return written.join('\n');
}

/** The shape of a chart's default values: known keys with their types; empty maps, lists and nulls open. */
export function schemaOfDefaults(value) {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) return { type: 'array' };
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return { type: 'object' };
    return {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(entries.map(([key, inner]) => [key, schemaOfDefaults(inner)])),
    };
  }
  if (typeof value === 'number') return { type: 'number' };
  return { type: typeof value };
}

function vendorHelmValues(valuesPath, chart) {
  const schema = {
    $comment: `the keys and types of the default values of the Helm chart ${chart}; refreshed by tools/deploy/vendor-schemas.mjs`,
    ...schemaOfDefaults(parse(readFileSync(valuesPath, 'utf8'))),
  };
  const file = resolve(OUT, `helm-${chart.replace(/\s+/g, '-')}-values.json`);
  writeFileSync(file, `${JSON.stringify(schema)}\n`);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      kubernetes: { type: 'string' },
      'kubernetes-version': { type: 'string' },
      crd: { type: 'string', multiple: true, default: [] },
      'crd-source': { type: 'string' },
      'helm-values': { type: 'string' },
      'helm-chart': { type: 'string' },
    },
  });
  mkdirSync(OUT, { recursive: true });
  if (values.kubernetes) console.log(vendorKubernetes(values.kubernetes, values['kubernetes-version'] ?? 'unknown'));
  for (const crd of values.crd) console.log(vendorCrd(crd, values['crd-source'] ?? crd));
  if (values['helm-values']) console.log(vendorHelmValues(values['helm-values'], values['helm-chart'] ?? 'chart'));
}
