// OpenAPI for kubectl explain, apply and diff: v2 (protobuf, as kubectl asks for it; JSON otherwise) and v3
// (a root listing one document per group-version). Definitions: the built-in kinds (openapi-builtin.json,
// real names and descriptions), each CustomResourceDefinition's own schema, and MetalLB's for the metallb.io
// kinds no CRD describes. Patch strategies come from the server's strategic-merge table (patch-meta.ts), so
// kubectl computes exactly the patches this server applies. Every PATCH path carries dryRun and
// fieldValidation (kubectl 1.20's diff checks the first; 1.33 then leaves field validation to the server).
// kubectl 1.20's MIME parser refuses the long protobuf media type: v2 protobuf goes out as application/octet-stream.
// Field numbers of the protobuf form are gnostic's openapi_v2 messages (Document, Schema, Operation, ...).
import { createHash } from 'node:crypto';
import { stringify as toYaml } from 'yaml';
import type { ApiContext } from './context';
import { asList, asMap, asString, isMap } from './json-path';
import builtin from './openapi-builtin.json';
import { METALLB_SCHEMAS } from './openapi-metallb';
import type { ResourceDef } from './registry';
import type { PatchMeta } from './types';

type Schema = Record<string, unknown>;
const BUILTIN = builtin as unknown as { roots: Record<string, string>; definitions: Record<string, Schema> };
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const INFO = { title: 'Kubernetes', version: 'v1.33.0' };

interface Model {
  definitions: Record<string, Schema>;
  /** Served kinds with a definition, in registry order. */
  kinds: { def: ResourceDef; name: string }[];
}

const reverseGroup = (group: string) => group.split('.').reverse().join('.');
const gvkOf = (def: ResourceDef) => ({ group: def.group, kind: def.kind, version: def.version });

function typeMetaProps(): Schema {
  return {
    apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources' },
    kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds' },
    metadata: { $ref: `#/definitions/${OBJECT_META}`, description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata" },
  };
}

/** A custom resource's definition as the API server publishes it: the CRD's schema, metadata by reference. */
function customResourceSchema(def: ResourceDef, description: string, spec?: Schema, status?: Schema): Schema {
  const props: Schema = typeMetaProps();
  if (spec) props.spec = spec;
  if (status) props.status = status;
  return { description, type: 'object', properties: props, 'x-kubernetes-group-version-kind': [gvkOf(def)] };
}

/** The schema a stored CRD gives for def's group/version/kind, if one does. */
function crdSchema(ctx: ApiContext, def: ResourceDef): Schema | undefined {
  const crd = ctx.store.getCommitted('customresourcedefinitions.apiextensions.k8s.io', '', `${def.resource}.${def.group}`);
  if (!crd) return undefined;
  const version = asList(asMap(crd.obj.spec).versions).map(asMap).find((v) => v.name === def.version);
  const schema = asMap(asMap(version?.schema).openAPIV3Schema);
  if (!isMap(schema.properties)) return undefined;
  const props = asMap(schema.properties);
  return customResourceSchema(def, asString(schema.description) ?? '', isMap(props.spec) ? props.spec : undefined, isMap(props.status) ? props.status : undefined);
}

/** Marks list fields with their patch strategy along `meta`, following references. */
function annotate(definitions: Record<string, Schema>, name: string, meta: PatchMeta, seen = new Set<string>()) {
  const target = definitions[name];
  if (!target || !meta.fields || seen.has(name)) return;
  seen.add(name);
  const props = asMap(target.properties);
  for (const [field, sub] of Object.entries(meta.fields)) {
    const prop = props[field];
    if (!isMap(prop)) continue;
    if (sub.list === 'set') Object.assign(prop, { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' });
    else if (sub.list) {
      Object.assign(prop, {
        'x-kubernetes-patch-merge-key': sub.list.mergeKey, 'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [sub.list.mergeKey, ...(sub.list.extraKeys ?? [])],
      });
    }
    const ref = (s: unknown) => asString(asMap(s).$ref)?.replace('#/definitions/', '');
    const direct = ref(prop);
    if (direct && sub.fields) annotate(definitions, direct, sub, seen);
    const item = ref(prop.items);
    if (item && sub.items) annotate(definitions, item, sub.items, seen);
  }
}

function buildModel(ctx: ApiContext): Model {
  const definitions = structuredClone(BUILTIN.definitions);
  const kinds: Model['kinds'] = [];
  for (const def of ctx.registry.defs) {
    let name = BUILTIN.roots[`${def.apiVersion}/${def.kind}`];
    const custom = crdSchema(ctx, def);
    const native = def.group === 'metallb.io' ? METALLB_SCHEMAS[def.kind] : undefined;
    if (!name && (custom || native)) {
      name = `${reverseGroup(def.group)}.${def.version}.${def.kind}`;
      definitions[name] = custom ?? customResourceSchema(def, ...(native as [string, Schema, Schema?]));
    }
    if (!name || kinds.some((k) => k.name === name)) continue;
    if (def.patchMeta) annotate(definitions, name, def.patchMeta);
    kinds.push({ def, name });
  }
  return { definitions, kinds };
}

function patchPath(def: ResourceDef): string {
  const prefix = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  return def.namespaced ? `${prefix}/namespaces/{namespace}/${def.resource}/{name}` : `${prefix}/${def.resource}/{name}`;
}

const QUERY_PARAMS = [
  { name: 'dryRun', description: 'When present, indicates that modifications should not be persisted. Valid value: All' },
  { name: 'fieldValidation', description: 'Ignore, Warn or Strict: how the server treats unknown and duplicate fields.' },
  { name: 'fieldManager', description: 'A name associated with the actor or entity making these changes.' },
];

// ---- v2 ----

export function openApiV2Json(ctx: ApiContext): string {
  const model = buildModel(ctx);
  const paths = Object.fromEntries(model.kinds.filter((k) => !k.def.review).map(({ def }) => [patchPath(def), {
    patch: {
      operationId: `patch${def.kind}`,
      parameters: QUERY_PARAMS.map((p) => ({ ...p, in: 'query', type: 'string', uniqueItems: true })),
      'x-kubernetes-group-version-kind': gvkOf(def),
    },
  }]));
  return JSON.stringify({ swagger: '2.0', info: INFO, paths, definitions: model.definitions });
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited field (strings and embedded messages alike). */
const field = (num: number, content: Buffer | string) => {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return Buffer.concat([varint((num << 3) | 2), varint(bytes.length), bytes]);
};
const boolField = (num: number, v: boolean) => Buffer.concat([varint(num << 3), varint(v ? 1 : 0)]);
const message = (...fields: Buffer[]) => Buffer.concat(fields);
/** NamedAny{name, value: Any{yaml}}: a vendor extension. */
const extension = (name: string, value: unknown) => message(field(1, name), field(2, field(2, toYaml(value))));

/** gnostic Schema (field numbers from openapi_v2.Schema). */
function encodeSchema(s: Schema): Buffer {
  const parts: Buffer[] = [];
  const str = (n: number, key: string) => { if (typeof s[key] === 'string') parts.push(field(n, s[key])); };
  str(1, '$ref');
  str(2, 'format');
  str(4, 'description');
  for (const r of asList(s.required)) parts.push(field(19, String(r)));
  if (isMap(s.additionalProperties)) parts.push(field(21, field(1, encodeSchema(s.additionalProperties))));
  else if (typeof s.additionalProperties === 'boolean') parts.push(field(21, boolField(2, s.additionalProperties)));
  if (typeof s.type === 'string') parts.push(field(22, field(1, s.type)));
  if (isMap(s.items)) parts.push(field(23, field(1, encodeSchema(s.items))));
  for (const a of asList(s.allOf)) if (isMap(a)) parts.push(field(24, encodeSchema(a)));
  if (isMap(s.properties)) {
    parts.push(field(25, message(...Object.entries(s.properties).filter(([, v]) => isMap(v))
      .map(([k, v]) => field(1, message(field(1, k), field(2, encodeSchema(v as Schema))))))));
  }
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) parts.push(field(31, extension(k, v)));
  return message(...parts);
}

function encodeOperation(def: ResourceDef): Buffer {
  // ParametersItem.parameter -> Parameter.non_body_parameter -> NonBodyParameter.query_parameter_sub_schema{in, name, type}
  const params = QUERY_PARAMS.map((p) => field(8, field(1, field(2, field(3, message(field(2, 'query'), field(4, p.name), field(6, 'string')))))));
  return message(field(5, `patch${def.kind}`), ...params, field(13, extension('x-kubernetes-group-version-kind', gvkOf(def))));
}

export function openApiV2Document(ctx: ApiContext): Buffer {
  const model = buildModel(ctx);
  const paths = model.kinds.filter((k) => !k.def.review)
    .map(({ def }) => field(2, message(field(1, patchPath(def)), field(2, field(8, encodeOperation(def)))))); // NamedPathItem{name, PathItem{patch}}
  const definitions = Object.entries(model.definitions).map(([name, s]) => field(1, message(field(1, name), field(2, encodeSchema(s)))));
  const info = message(field(1, INFO.title), field(2, INFO.version));
  return message(field(1, '2.0'), field(2, info), field(8, message(...paths)), field(9, message(...definitions)));
}

// ---- v3 ----

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

/** v2 schema -> v3: references under components, and a described reference wrapped in allOf (OpenAPI 3.0 ignores $ref siblings). */
function toV3(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV3);
  if (!isMap(value)) return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', '#/components/schemas/') : toV3(v);
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  return out;
}

function closure(definitions: Record<string, Schema>, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !definitions[name]) return;
    seen.add(name);
    JSON.stringify(definitions[name], (k, v: unknown) => {
      if (k === '$ref' && typeof v === 'string') visit(v.replace('#/definitions/', ''));
      return v;
    });
  };
  roots.forEach(visit);
  return [...seen].sort();
}

function v3Documents(ctx: ApiContext): Map<string, string> {
  const model = buildModel(ctx);
  const docs = new Map<string, string>();
  for (const { group, version } of ctx.registry.groupVersions()) {
    const kinds = model.kinds.filter((k) => k.def.group === group && k.def.version === version);
    if (kinds.length === 0) continue;
    const paths = Object.fromEntries(kinds.filter((k) => !k.def.review).map(({ def }) => [patchPath(def), {
      patch: {
        operationId: `patch${def.kind}`,
        parameters: QUERY_PARAMS.map((p) => ({ ...p, name: p.name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
        responses: { 200: { description: 'OK' } },
        'x-kubernetes-group-version-kind': gvkOf(def),
      },
    }]));
    const schemas = Object.fromEntries(closure(model.definitions, kinds.map((k) => k.name)).map((n) => [n, toV3(model.definitions[n])]));
    docs.set(gvPath(group, version), JSON.stringify({ openapi: '3.0.0', info: INFO, paths, components: { schemas } }));
  }
  return docs;
}

const hashOf = (doc: string) => createHash('sha512').update(doc).digest('hex').toUpperCase();

/** GET /openapi/v3: where each group-version's document is, with a content hash kubectl caches by. */
export function openApiV3Root(ctx: ApiContext): string {
  const paths = Object.fromEntries([...v3Documents(ctx)].map(([path, doc]) => [path, { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(doc)}` }]));
  return JSON.stringify({ paths });
}

/** GET /openapi/v3/<api/v1 | apis/group/version>, or undefined (404). */
export function openApiV3Document(ctx: ApiContext, path: string): string | undefined {
  return v3Documents(ctx).get(path);
}
