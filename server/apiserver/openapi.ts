// The protobuf OpenAPI v2 document kubectl fetches before apply, edit and diff: swagger "2.0", info, and
// one PATCH path per served kind carrying x-kubernetes-group-version-kind and a dryRun parameter, which
// is how kubectl 1.20's `diff` decides a kind supports server-side dry run. No definitions: kubectl then
// uses its built-in types for strategic merge and plain merge patch for custom resources.
// Field numbers are gnostic's openapi_v2 messages (Document, Paths, PathItem, Operation, ...).
import type { Registry, ResourceDef } from './registry';

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v >>>= 7; }
  out.push(v);
  return Buffer.from(out);
}

/** A length-delimited field (strings and embedded messages alike). */
const field = (num: number, content: Buffer | string) => {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return Buffer.concat([varint((num << 3) | 2), varint(bytes.length), bytes]);
};
const message = (...fields: Buffer[]) => Buffer.concat(fields);

function patchOperation(def: ResourceDef): Buffer {
  const gvk = `group: "${def.group}"\nkind: ${def.kind}\nversion: ${def.version}\n`;
  const dryRun = message(field(2, 'query'), field(4, 'dryRun'), field(6, 'string')); // QueryParameterSubSchema: in, name, type
  const parameter = field(1, field(2, field(3, dryRun))); // ParametersItem.parameter -> Parameter.non_body_parameter -> NonBodyParameter.query_parameter_sub_schema
  const extension = field(13, message(field(1, 'x-kubernetes-group-version-kind'), field(2, field(2, gvk)))); // Operation.vendor_extension: NamedAny{name, value: Any{yaml}}
  return message(field(5, `patch${def.kind}`), field(8, parameter), extension); // operation_id, parameters
}

function pathOf(def: ResourceDef): string {
  const prefix = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  return def.namespaced ? `${prefix}/namespaces/{namespace}/${def.resource}/{name}` : `${prefix}/${def.resource}/{name}`;
}

const cache = new WeakMap<Registry, Buffer>();

export function openApiV2Document(registry: Registry): Buffer {
  const cached = cache.get(registry);
  if (cached) return cached;
  const paths = registry.defs.map((def) => field(2, message(field(1, pathOf(def)), field(2, field(8, patchOperation(def)))))); // NamedPathItem{name, value: PathItem{patch}}
  const info = message(field(1, 'Kubernetes'), field(2, 'v1.33'));
  const doc = message(field(1, '2.0'), field(2, info), field(8, message(...paths)));
  cache.set(registry, doc);
  return doc;
}
