// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) kubectl 1.33 sends for `create`
// (namespace, configmap, secret, serviceaccount, service, deployment, role, clusterrole, rolebinding,
// clusterrolebinding, ingress, poddisruptionbudget) and `auth can-i|whoami`, into the JSON the rest of the
// server handles. Every built-in kind the server stores can be read: the field numbers are k8s.io/api's own,
// in protobuf-schema.json (made by scripts/gen-protobuf-schema.mjs from the descriptors kubectl carries).
// Hand-written because no npm package carries those descriptors; pure.
import { err, ok, type Result } from '../../lib/result';
import schemaJson from './protobuf-schema.json';

/** [json name, scalar type or message name, repeated?] by field number; maps are messages flagged `map`. */
type FieldSpec = [string, string, number?];
type MessageSpec = Record<string, FieldSpec>;
const SCHEMA = schemaJson as unknown as Record<string, MessageSpec | { map: MessageSpec }>;

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;
const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity';
const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension';

// Pointer fields of the Go types (message.field) where false or 0 is a choice, not an absence: JSON keeps them.
// Every other false, 0 or "" is dropped, as omitempty does (gogo writes non-pointer zero values anyway).
const KEEP_ZERO = new Set([
  'DeploymentSpec.replicas', 'DeploymentSpec.revisionHistoryLimit', 'DeploymentSpec.progressDeadlineSeconds', 'ReplicaSetSpec.replicas',
  'StatefulSetSpec.replicas', 'StatefulSetSpec.revisionHistoryLimit', 'RollingUpdateStatefulSetStrategy.partition', 'DaemonSetSpec.revisionHistoryLimit',
  'PodSpec.terminationGracePeriodSeconds', 'PodSpec.activeDeadlineSeconds', 'PodSpec.priority', 'SecurityContext.runAsUser', 'SecurityContext.runAsGroup',
  'PodSecurityContext.runAsUser', 'PodSecurityContext.runAsGroup', 'PodSecurityContext.fsGroup', 'LeaseSpec.leaseDurationSeconds', 'LeaseSpec.leaseTransitions',
  'EndpointPort.port', 'SecretVolumeSource.defaultMode', 'ConfigMapVolumeSource.defaultMode',
]);
const KEEP_FALSE = new Set([
  'ServiceSpec.allocateLoadBalancerNodePorts', 'ConfigMap.immutable', 'Secret.immutable', 'OwnerReference.controller', 'OwnerReference.blockOwnerDeletion',
  'ServiceAccount.automountServiceAccountToken', 'PodSpec.automountServiceAccountToken', 'PodSpec.enableServiceLinks', 'PodSpec.shareProcessNamespace',
  'PodSpec.hostUsers', 'SecurityContext.runAsNonRoot', 'SecurityContext.privileged', 'SecurityContext.allowPrivilegeEscalation',
  'SecurityContext.readOnlyRootFilesystem', 'PodSecurityContext.runAsNonRoot', 'EndpointConditions.ready', 'EndpointConditions.serving',
  'EndpointConditions.terminating', 'SecretVolumeSource.optional', 'ConfigMapVolumeSource.optional',
]);

// Go structs embedded inline (`json:",inline"`): a field in protobuf, their fields merged in JSON.
const INLINE = new Set(['IngressRule.ingressRuleValue', 'Volume.volumeSource', 'Probe.handler', 'EphemeralContainer.ephemeralContainerCommon',
  ...['ConfigMapEnvSource', 'ConfigMapKeySelector', 'ConfigMapProjection', 'ConfigMapVolumeSource', 'SecretEnvSource', 'SecretKeySelector',
    'SecretProjection'].map((m) => `${m}.localObjectReference`)]);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done() { return this.pos >= this.buf.length; }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  fixed(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Signed as Go's int32/int64 fields are encoded (two's complement in ten bytes). */
const signed = (v: bigint) => Number(BigInt.asIntN(64, v));

function formatTime(seconds: number, nanos: number, micro: boolean): string | undefined {
  if (!seconds && !nanos) return undefined;
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

function decodeSpecial(name: string, buf: Buffer): { value: unknown } | undefined {
  switch (name) {
    case TIME:
    case MICRO_TIME: {
      const t = decodeMessage(buf, name, true) as { seconds?: number; nanos?: number };
      return { value: formatTime(t.seconds ?? 0, t.nanos ?? 0, name === MICRO_TIME) };
    }
    case INT_OR_STRING: {
      const v = decodeMessage(buf, name, true) as { type?: number; intVal?: number; strVal?: string };
      return { value: v.type === 1 ? v.strVal ?? '' : v.intVal ?? 0 };
    }
    case QUANTITY:
      return { value: (decodeMessage(buf, name, true) as { string?: string }).string ?? '0' };
    case RAW_EXTENSION: {
      const raw = new Reader(buf);
      while (!raw.done()) {
        const tag = Number(raw.varint());
        if (tag === 10) {
          const bytes = raw.bytes();
          try { return { value: JSON.parse(bytes.toString('utf8')) as unknown }; } catch { return { value: bytes.toString('base64') }; }
        }
        skip(raw, tag & 7);
      }
      return { value: undefined };
    }
    default:
      return undefined;
  }
}

function skip(r: Reader, wire: number) {
  if (wire === 0) r.varint();
  else if (wire === 2) r.bytes();
  else if (wire === 1) r.fixed(8);
  else if (wire === 5) r.fixed(4);
  else throw new Error(`unsupported wire type ${wire}`);
}

function scalar(r: Reader, wire: number, type: string, field: string): unknown {
  if (type === 'double') return r.fixed(8).readDoubleLE(0);
  if (type === 'float') return r.fixed(4).readFloatLE(0);
  if (wire !== 0 && type !== 'string' && type !== 'bytes') throw new Error(`field ${field}: unexpected wire type ${wire}`);
  if (type === 'int') return signed(r.varint());
  if (type === 'sint') { const v = r.varint(); return Number((v >> 1n) ^ -(v & 1n)); }
  if (type === 'bool') return r.varint() !== 0n;
  if (wire !== 2) throw new Error(`field ${field}: expected length-delimited`);
  const b = r.bytes();
  return type === 'string' ? b.toString('utf8') : b.toString('base64');
}

function mapEntry(buf: Buffer, name: string): [string, unknown] {
  const e = decodeMessage(buf, name, true);
  const valueType = (SCHEMA[name] as { map: MessageSpec }).map[2]?.[1];
  const empty = valueType === 'string' || valueType === 'bytes' ? '' : {};
  return [String(e.key ?? ''), e.value ?? empty];
}

function decodeField(r: Reader, wire: number, spec: FieldSpec, out: Record<string, unknown>) {
  const [name, type, repeated] = spec;
  const schema = SCHEMA[type];
  if (!schema) {
    // Packed repeated scalars arrive length-delimited.
    if (repeated && wire === 2 && type !== 'string' && type !== 'bytes') {
      const packed = new Reader(r.bytes());
      const list = (out[name] as unknown[] | undefined) ?? [];
      while (!packed.done()) list.push(scalar(packed, 0, type, name));
      out[name] = list;
      return;
    }
    const value = scalar(r, wire, type, name);
    if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), value];
    else out[name] = value;
    return;
  }
  if (wire !== 2) throw new Error(`field ${name}: expected a message`);
  const buf = r.bytes();
  if ('map' in schema) {
    const [k, v] = mapEntry(buf, type);
    out[name] = { ...(out[name] as object), [k]: v };
    return;
  }
  const special = decodeSpecial(type, buf);
  const value = special ? special.value : decodeMessage(buf, type);
  if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), value];
  else out[name] = value;
}

/** `keepEmpty` keeps zero values (map entries, helper messages); otherwise they go as Go's omitempty drops them. */
function decodeMessage(buf: Buffer, type: string, keepEmpty = false): Record<string, unknown> {
  const schema = SCHEMA[type];
  const fields = (schema && 'map' in schema ? schema.map : schema ?? {}) as MessageSpec;
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done()) {
    const tag = Number(r.varint());
    const spec = fields[String(Math.floor(tag / 8))];
    if (!spec) { skip(r, tag & 7); continue; }
    decodeField(r, tag & 7, spec, out);
  }
  const short = type.slice(type.lastIndexOf('.') + 1);
  for (const [k, v] of Object.entries(out)) {
    if (INLINE.has(`${short}.${k}`) && typeof v === 'object' && v !== null) {
      delete out[k];
      Object.assign(out, v);
    }
  }
  if (!keepEmpty) {
    // A message (IntOrString 0, an empty struct) is there because it was set; scalars go as omitempty drops them.
    const messages = new Set(Object.values(fields).filter((f) => SCHEMA[f[1]] !== undefined).map((f) => f[0]));
    for (const [k, v] of Object.entries(out)) {
      if (v === undefined) delete out[k];
      else if (messages.has(k)) continue;
      else if (v === '' || (v === 0 && !KEEP_ZERO.has(`${short}.${k}`)) || (v === false && !KEEP_FALSE.has(`${short}.${k}`))) delete out[k];
    }
  }
  return out;
}

export const PROTOBUF_MAGIC = Buffer.from('k8s\u0000', 'latin1');

/** The k8s.io/api message of an apiVersion and kind: `apps/v1` Deployment -> k8s.io.api.apps.v1.Deployment. */
export function messageOf(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = group === '' ? 'core' : group.split('.')[0];
  return `k8s.io.api.${pkg}.${version}.${kind}`;
}

/** The JSON object inside a protobuf body, or why it cannot be read. */
export function decodeProtobufObject(body: Buffer): Result<Record<string, unknown>, string> {
  if (!body.subarray(0, 4).equals(PROTOBUF_MAGIC)) return err('not a Kubernetes protobuf envelope');
  try {
    const r = new Reader(body.subarray(4));
    let apiVersion = '';
    let kind = '';
    let raw: Buffer = Buffer.alloc(0);
    while (!r.done()) {
      const tag = Number(r.varint());
      if (tag === 10) {
        const meta = new Reader(r.bytes());
        while (!meta.done()) {
          const t = Number(meta.varint());
          if (t === 10) apiVersion = meta.bytes().toString('utf8');
          else if (t === 18) kind = meta.bytes().toString('utf8');
          else skip(meta, t & 7);
        }
      } else if (tag === 18) raw = r.bytes();
      else skip(r, tag & 7);
    }
    const message = messageOf(apiVersion, kind);
    if (!kind || !SCHEMA[message]) return err(`protobuf is not supported for ${kind ? `${apiVersion} ${kind}` : 'this object'}; send it as JSON`);
    return ok({ apiVersion, kind, ...decodeMessage(raw, message) });
  } catch (e) {
    return err(`cannot decode protobuf body: ${(e as Error).message}`);
  }
}
