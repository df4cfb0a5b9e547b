// JSON-schema validation of deploy/ against the schemas vendored in deploy/schemas (no
// network): the compose specification, the Kubernetes API of the release we target,
// the CRDs of CloudNativePG and its Barman Cloud plugin, and the NATS chart's values.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

export const SCHEMAS = new URL('../../deploy/schemas/', import.meta.url).pathname;
export const KUBERNETES_VERSION = '1.36';

const json = (file) => JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8'));

/** Compose's merge/replace tags (2.24.4+): the value is what matters for the schema. */
const composeTags = [
  { tag: '!override', collection: 'map', resolve: (value) => value },
  { tag: '!override', collection: 'seq', resolve: (value) => value },
  { tag: '!reset', resolve: () => null },
];

/** Every YAML document of a file as plain data, merge keys (`<<`) applied. */
export function yamlDocuments(text, where) {
  return parseAllDocuments(text, { merge: true, customTags: composeTags }).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${where} (document ${index + 1}): ${document.errors[0].message}`);
    return document.toJS({ maxAliasCount: 1000 });
  });
}

function ajv() {
  // strict: false lets the vendor keywords (x-kubernetes-*, deprecated) through unexamined.
  return new Ajv({ strict: false, allErrors: true, validateFormats: false });
}

const describe = (errors) =>
  (errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`,
  );

let composeValidator;
export function validateCompose(data) {
  // Draft-07, Ajv's own default; its $schema names the meta-schema by an https URL Ajv does not know.
  const { $schema: _draft07, ...schema } = json('compose-spec.json');
  composeValidator ??= ajv().compile(schema);
  return composeValidator(data) ? [] : describe(composeValidator.errors);
}

/**
 * As the API server with strict field validation (kubectl's default): an object schema
 * that lists its properties takes no others. IntOrString and Quantity take numbers too,
 * as they do in YAML (`port: 80`, `cpu: 1`).
 */
export function strictKubernetes(schema) {
  if (Array.isArray(schema)) return schema.map(strictKubernetes);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, strictKubernetes(value)]));
  if (out.format === 'int-or-string') return { anyOf: [{ type: 'string' }, { type: 'integer' }] };
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

let kubernetes;
function kubernetesValidators() {
  if (kubernetes) return kubernetes;
  const vendored = json(`kubernetes-${KUBERNETES_VERSION}.json`);
  const definitions = strictKubernetes(vendored.definitions);
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { anyOf: [{ type: 'string' }, { type: 'number' }] };
  const validator = ajv();
  validator.addSchema({ $id: 'k8s', definitions });
  const byKind = new Map();
  for (const name of vendored.kinds) {
    for (const gvk of vendored.definitions[name]['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      byKind.set(`${apiVersion} ${gvk.kind}`, validator.getSchema(`k8s#/definitions/${name}`));
    }
  }
  // Custom resources: <group>_<Kind>_<version>.json, from the CRDs' openAPIV3Schema.
  for (const file of readdirSync(SCHEMAS)) {
    const match = /^([a-z0-9.-]+\.[a-z]+)_([A-Za-z]+)_(v[0-9a-z]+)\.json$/.exec(file);
    if (match) byKind.set(`${match[1]}/${match[3]} ${match[2]}`, validator.compile(strictKubernetes(json(file))));
  }
  kubernetes = byKind;
  return byKind;
}

/** The schema problems of one manifest; an apiVersion and kind without a vendored schema is one too. */
export function validateManifest(manifest) {
  const key = `${manifest?.apiVersion} ${manifest?.kind}`;
  const validate = kubernetesValidators().get(key);
  if (!validate) return [`no vendored schema for ${key} (add it in tools/deploy/vendor-schemas.mjs)`];
  return validate(manifest) ? [] : describe(validate.errors);
}

let natsValues;
export function validateNatsValues(values) {
  natsValues ??= ajv().compile(json('helm-nats-2.14.2-values.json'));
  return natsValues(values) ? [] : describe(natsValues.errors);
}
