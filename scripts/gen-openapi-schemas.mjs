// Writes server/apiserver/openapi-builtin.json: OpenAPI (v2-style) definitions of the built-in kinds the
// embedded API server stores, named as the real API server names them (io.k8s.api.core.v1.Service...).
// Structure and field types come from k8s.io/api's protobuf descriptors (server/apiserver/protobuf-schema.json,
// see gen-protobuf-schema.mjs); descriptions, formats and required fields from @kubernetes/client-node's
// generated models (made from the upstream OpenAPI document). Patch strategies are added at run time from
// the server's own strategic-merge table, so kubectl and the server always agree.
// Run: node scripts/gen-openapi-schemas.mjs (after gen-protobuf-schema.mjs).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const proto = JSON.parse(readFileSync(`${root}server/apiserver/protobuf-schema.json`, 'utf8'));
const models = `${root}node_modules/@kubernetes/client-node/dist/gen/models/`;

// The kinds with a group-version-kind (as in protobuf-schema.json's roots) and their API versions.
const KINDS = Object.keys(proto).filter((n) => /^k8s\.io\.api\.\w+\.v\w+\.\w+$/.test(n) && proto[n]['1']?.[0] === 'metadata' && !proto[n].map)
  .filter((n) => !/List$|Spec$|Status$|Template$/.test(n));

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const defName = (protoName) => protoName.replace(/^k8s\.io\./, 'io.k8s.');
const GROUPS = { core: '', rbac: 'rbac.authorization.k8s.io', networking: 'networking.k8s.io', discovery: 'discovery.k8s.io', events: 'events.k8s.io',
  coordination: 'coordination.k8s.io', authorization: 'authorization.k8s.io', authentication: 'authentication.k8s.io', apps: 'apps', policy: 'policy', autoscaling: 'autoscaling' };

const SPECIAL = {
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time', description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time', description: 'MicroTime is version of Time with microsecond level precision.' },
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string', description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.' },
  'k8s.io.apimachinery.pkg.api.resource.Quantity': { type: 'string', description: 'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.' },
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
  'k8s.io.apimachinery.pkg.runtime.RawExtension': { type: 'object', description: 'RawExtension is used to hold extensions in external versions.' },
};
const INLINE = new Set(['IngressRule.ingressRuleValue', 'Volume.volumeSource', 'Probe.handler', 'EphemeralContainer.ephemeralContainerCommon',
  ...['ConfigMapEnvSource', 'ConfigMapKeySelector', 'ConfigMapProjection', 'ConfigMapVolumeSource', 'SecretEnvSource', 'SecretKeySelector', 'SecretProjection'].map((m) => `${m}.localObjectReference`)]);

const unescape = (s) => s.replace(/\\(['"])/g, '$1').replace(/\s*\n\s*\*\s?/g, '\n').trim();

/** Descriptions and required fields of a client-node model for a proto message, if one matches. */
function model(protoName) {
  const parts = protoName.split('.');
  const name = parts.at(-1);
  const version = parts.at(-2);
  const pkg = parts.at(-3);
  const candidates = protoName.startsWith('k8s.io.apimachinery') ? [`${cap(version)}${name}`] : [`${cap(pkg)}${cap(version)}${name}`, `${cap(version)}${name}`];
  for (const c of candidates) {
    const file = `${models}${c}.d.ts`;
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const js = readFileSync(`${models}${c}.js`, 'utf8');
    const description = /\/\*\*\n\* ((?:(?!\*\/)[\s\S])*?)\n\*\/\nexport declare class/.exec(text)?.[1];
    const fields = {};
    for (const m of text.matchAll(/\/\*\*\n\s*\* ((?:(?!\*\/)[\s\S])*?)\n\s*\*\/\n\s*'(\w+)'(\??):/g)) fields[m[2]] = { description: unescape(m[1]), required: m[3] !== '?' };
    for (const m of text.matchAll(/\n\s*'(\w+)'(\??):/g)) fields[m[1]] ??= { required: m[2] !== '?' };
    const formats = {};
    for (const m of js.matchAll(/"name": "(\w+)",\s*"baseName": "\w+",\s*"type": "[^"]*",\s*"format": "([^"]*)"/g)) formats[m[1]] = m[2];
    return { description: description && unescape(description), fields, formats };
  }
  return undefined;
}

const definitions = {};
function scalarSchema(type, format) {
  if (type === 'string') return { type: 'string' };
  if (type === 'bool') return { type: 'boolean' };
  if (type === 'bytes') return { type: 'string', format: 'byte' };
  if (type === 'double' || type === 'float') return { type: 'number', format: 'double' };
  return { type: 'integer', format: format === 'int64' ? 'int64' : 'int32' };
}

function valueSchema(type, format) {
  if (SPECIAL[type]) { define(type); return { $ref: `#/definitions/${defName(type)}` }; }
  if (proto[type]?.map) {
    const value = proto[type].map['2'];
    return { type: 'object', additionalProperties: valueSchema(value[1], '') };
  }
  if (proto[type]) { define(type); return { $ref: `#/definitions/${defName(type)}` }; }
  return scalarSchema(type, format);
}

function define(protoName) {
  const name = defName(protoName);
  if (definitions[name]) return;
  if (SPECIAL[protoName]) { definitions[name] = SPECIAL[protoName]; return; }
  const m = model(protoName);
  const def = { description: m?.description ?? '', type: 'object', properties: {} };
  definitions[name] = def;
  const short = protoName.split('.').at(-1);
  const required = [];
  for (const [, [field, type, repeated]] of Object.entries(proto[protoName])) {
    if (INLINE.has(`${short}.${field}`)) {
      define(type);
      const inner = definitions[defName(type)];
      Object.assign(def.properties, inner.properties);
      required.push(...(inner.required ?? []));
      continue;
    }
    const info = m?.fields[field];
    let schema = valueSchema(type, m?.formats[field] ?? '');
    if (repeated && !proto[type]?.map) schema = { type: 'array', items: schema };
    if (info?.description) schema = { ...schema, description: info.description };
    def.properties[field] = schema;
    if (info?.required) required.push(field);
  }
  if (required.length) def.required = required;
}

const roots = {};
for (const kind of KINDS) {
  const parts = kind.split('.');
  const [pkg, version, k] = parts.slice(-3);
  const group = GROUPS[pkg];
  if (group === undefined) continue;
  define(kind);
  const d = definitions[defName(kind)];
  d['x-kubernetes-group-version-kind'] = [{ group, kind: k, version }];
  for (const f of ['apiVersion', 'kind']) {
    d.properties = { [f]: { type: 'string', description: f === 'kind' ? 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds' : 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources' }, ...d.properties };
  }
  roots[`${group ? `${group}/` : ''}${version}/${k}`] = defName(kind);
}
const target = `${root}server/apiserver/openapi-builtin.json`;
writeFileSync(target, `${JSON.stringify({ roots, definitions: Object.fromEntries(Object.keys(definitions).sort().map((n) => [n, definitions[n]])) })}\n`);
console.log(`${Object.keys(roots).length} kinds, ${Object.keys(definitions).length} definitions -> ${target}`);
