// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the few kinds kubectl 1.33's
// `create namespace|configmap|service|deployment|secret|serviceaccount` send that way, into the JSON the rest
// of the server handles. Field numbers are those of k8s.io/api generated.proto (the Deployment, Secret and
// ServiceAccount ones read off kubectl 1.33's own request bodies). Pure.
import { err, ok, type Result } from '../../lib/result';

type Scalar = 'string' | 'int' | 'bool' | 'bytes';
/** [json name, type, repeated?] ; a Schema type is an embedded message; 'map' is map<string, string|bytes>. */
type FieldSpec = [string, Scalar | 'map' | 'bytesmap' | 'time' | 'intOrString' | Schema, boolean?];
interface Schema { [field: number]: FieldSpec }

const TIME: Schema = { 1: ['seconds', 'int'], 2: ['nanos', 'int'] };
const OWNER_REFERENCE: Schema = {
  1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'],
};
const OBJECT_META: Schema = {
  1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 5: ['uid', 'string'], 6: ['resourceVersion', 'string'],
  7: ['generation', 'int'], 8: ['creationTimestamp', 'time'], 11: ['labels', 'map'], 12: ['annotations', 'map'],
  13: ['ownerReferences', OWNER_REFERENCE, true], 14: ['finalizers', 'string', true],
};
const SERVICE_PORT: Schema = {
  1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int'], 4: ['targetPort', 'intOrString'], 5: ['nodePort', 'int'], 6: ['appProtocol', 'string'],
};
const SERVICE_SPEC: Schema = {
  1: ['ports', SERVICE_PORT, true], 2: ['selector', 'map'], 3: ['clusterIP', 'string'], 4: ['type', 'string'], 5: ['externalIPs', 'string', true],
  7: ['sessionAffinity', 'string'], 8: ['loadBalancerIP', 'string'], 9: ['loadBalancerSourceRanges', 'string', true], 10: ['externalName', 'string'],
  11: ['externalTrafficPolicy', 'string'], 12: ['healthCheckNodePort', 'int'], 13: ['publishNotReadyAddresses', 'bool'], 17: ['ipFamilyPolicy', 'string'],
  18: ['clusterIPs', 'string', true], 19: ['ipFamilies', 'string', true], 20: ['allocateLoadBalancerNodePorts', 'bool'], 21: ['loadBalancerClass', 'string'],
  22: ['internalTrafficPolicy', 'string'],
};
const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', 'map'], 2: ['matchExpressions', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true] }, true],
};
const CONTAINER: Schema = {
  1: ['name', 'string'], 2: ['image', 'string'], 3: ['command', 'string', true], 4: ['args', 'string', true], 5: ['workingDir', 'string'],
  6: ['ports', { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] }, true],
  7: ['env', { 1: ['name', 'string'], 2: ['value', 'string'] }, true], 8: ['resources', {}], 13: ['terminationMessagePath', 'string'],
  14: ['imagePullPolicy', 'string'], 16: ['stdin', 'bool'], 17: ['stdinOnce', 'bool'], 18: ['tty', 'bool'], 20: ['terminationMessagePolicy', 'string'],
};
const POD_SPEC: Schema = {
  2: ['containers', CONTAINER, true], 3: ['restartPolicy', 'string'], 6: ['dnsPolicy', 'string'], 8: ['serviceAccountName', 'string'],
  10: ['nodeName', 'string'], 11: ['hostNetwork', 'bool'], 12: ['hostPID', 'bool'], 13: ['hostIPC', 'bool'], 16: ['hostname', 'string'],
  17: ['subdomain', 'string'], 19: ['schedulerName', 'string'], 24: ['priorityClassName', 'string'],
};
const DEPLOYMENT_SPEC: Schema = {
  1: ['replicas', 'int'], 2: ['selector', LABEL_SELECTOR], 3: ['template', { 1: ['metadata', OBJECT_META], 2: ['spec', POD_SPEC] }],
  4: ['strategy', { 1: ['type', 'string'] }], 5: ['minReadySeconds', 'int'], 7: ['paused', 'bool'],
};
const KINDS: Record<string, Schema> = {
  Namespace: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', 'string', true] }], 3: ['status', { 1: ['phase', 'string'] }] },
  ConfigMap: { 1: ['metadata', OBJECT_META], 2: ['data', 'map'], 3: ['binaryData', 'bytesmap'], 4: ['immutable', 'bool'] },
  Service: { 1: ['metadata', OBJECT_META], 2: ['spec', SERVICE_SPEC] },
  Secret: { 1: ['metadata', OBJECT_META], 2: ['data', 'bytesmap'], 3: ['type', 'string'] },
  ServiceAccount: { 1: ['metadata', OBJECT_META] },
  Deployment: { 1: ['metadata', OBJECT_META], 2: ['spec', DEPLOYMENT_SPEC], 3: ['status', {}] },
};
/** The group/version each kind above is decoded for. */
const API_VERSIONS: Record<string, string> = { Namespace: 'v1', ConfigMap: 'v1', Service: 'v1', Secret: 'v1', ServiceAccount: 'v1', Deployment: 'apps/v1' };
// Pointer fields in the Go types: present means set, even when false or 0.
const KEEP_FALSE = new Set(['allocateLoadBalancerNodePorts', 'immutable', 'controller', 'blockOwnerDeletion']);
const KEEP_ZERO = new Set(['replicas']);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  done() { return this.pos >= this.buf.length; }
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number) {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function decodeTime(buf: Buffer): string | undefined {
  const t = decodeMessage(buf, TIME) as { seconds?: number };
  return t.seconds ? new Date(t.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

function decodeIntOrString(buf: Buffer): number | string | undefined {
  const v = decodeMessage(buf, { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] }) as { type?: number; intVal?: number; strVal?: string };
  return v.type === 1 ? v.strVal ?? '' : v.intVal ?? 0;
}

function decodeMapEntry(buf: Buffer, bytesValue: boolean): [string, string] {
  const e = decodeMessage(buf, { 1: ['key', 'string'], 2: ['value', bytesValue ? 'bytes' : 'string'] }, true) as { key?: string; value?: string };
  return [e.key ?? '', e.value ?? ''];
}

function decodeValue(r: Reader, wire: number, type: FieldSpec[1], name: string, out: Record<string, unknown>, repeated: boolean) {
  let value: unknown;
  if (type === 'int' || type === 'bool') {
    const n = r.varint();
    value = type === 'bool' ? n !== 0 : n;
  } else {
    if (wire !== 2) throw new Error(`field ${name}: expected length-delimited`);
    const b = r.bytes();
    if (type === 'map' || type === 'bytesmap') {
      const [k, v] = decodeMapEntry(b, type === 'bytesmap');
      out[name] = { ...(out[name] as object), [k]: v };
      return;
    }
    value = type === 'string' ? b.toString('utf8') : type === 'bytes' ? b.toString('base64') : type === 'time' ? decodeTime(b)
      : type === 'intOrString' ? decodeIntOrString(b) : decodeMessage(b, type);
  }
  if (repeated) out[name] = [...((out[name] as unknown[]) ?? []), value];
  else out[name] = value;
}

/** `keepEmpty` keeps zero values (map entries); otherwise they are dropped as Go's omitempty would. */
function decodeMessage(buf: Buffer, schema: Schema, keepEmpty = false): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done()) {
    const tag = r.varint();
    const spec = schema[Math.floor(tag / 8)];
    if (!spec) { r.skip(tag & 7); continue; }
    decodeValue(r, tag & 7, spec[1], spec[0], out, spec[2] ?? false);
  }
  if (!keepEmpty) {
    for (const [k, v] of Object.entries(out)) {
      if (v === undefined || v === '' || (v === 0 && !KEEP_ZERO.has(k)) || (v === false && !KEEP_FALSE.has(k))) delete out[k];
    }
  }
  return out;
}

export const PROTOBUF_MAGIC = Buffer.from('k8s\u0000', 'latin1');

/** The JSON object inside a protobuf body, or why it cannot be read. */
export function decodeProtobufObject(body: Buffer): Result<Record<string, unknown>, string> {
  if (!body.subarray(0, 4).equals(PROTOBUF_MAGIC)) return err('not a Kubernetes protobuf envelope');
  try {
    const unknown = decodeMessage(body.subarray(4), { 1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }], 2: ['raw', 'bytes'] }, true) as {
      typeMeta?: { apiVersion?: string; kind?: string }; raw?: string;
    };
    const kind = unknown.typeMeta?.kind ?? '';
    const schema = KINDS[kind];
    const apiVersion = unknown.typeMeta?.apiVersion ?? '';
    if (!schema || API_VERSIONS[kind] !== apiVersion) {
      return err(`protobuf is supported only for ${Object.entries(API_VERSIONS).map(([k, v]) => `${v} ${k}`).join(', ')}; send ${kind || 'this object'} as JSON`);
    }
    const obj = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema);
    return ok({ apiVersion, kind, ...obj });
  } catch (e) {
    return err(`cannot decode protobuf body: ${(e as Error).message}`);
  }
}
