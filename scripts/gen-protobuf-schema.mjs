// Writes server/apiserver/protobuf-schema.json: the protobuf field numbers and types of the built-in kinds
// the embedded API server stores (and the review kinds kubectl creates), read from the gzipped
// FileDescriptorProtos of k8s.io/api that every kubectl binary carries (its generated.pb.go registers them).
// Run: node scripts/gen-protobuf-schema.mjs [path/to/kubectl] (default: the kubectl 1.33 tests unpack into .cache).
// Only messages reachable from the roots below are kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const ROOTS = [
  'core.v1.Namespace', 'core.v1.Node', 'core.v1.Service', 'core.v1.Pod', 'core.v1.ServiceAccount', 'core.v1.Secret', 'core.v1.Endpoints',
  'core.v1.ConfigMap', 'core.v1.Event', 'events.v1.Event', 'discovery.v1.EndpointSlice', 'coordination.v1.Lease', 'apps.v1.Deployment',
  'apps.v1.DaemonSet', 'apps.v1.ReplicaSet', 'apps.v1.StatefulSet', 'rbac.v1.Role', 'rbac.v1.ClusterRole', 'rbac.v1.RoleBinding',
  'rbac.v1.ClusterRoleBinding', 'policy.v1.PodDisruptionBudget', 'networking.v1.Ingress', 'networking.v1.IngressClass',
  'authorization.v1.SelfSubjectAccessReview', 'authorization.v1.SelfSubjectRulesReview', 'authentication.v1.SelfSubjectReview',
  'authentication.v1beta1.SelfSubjectReview', 'autoscaling.v1.Scale',
].map((r) => `k8s.io.api.${r}`);

const TYPES = { 1: 'double', 2: 'float', 3: 'int', 4: 'int', 5: 'int', 8: 'bool', 9: 'string', 11: 'message', 12: 'bytes', 13: 'int', 14: 'int', 17: 'sint', 18: 'sint' };

function reader(buf) {
  let pos = 0;
  const varint = () => { let r = 0n; let shift = 0n; for (;;) { const b = buf[pos++]; r |= BigInt(b & 0x7f) << shift; if (!(b & 0x80)) return r; shift += 7n; } };
  return {
    done: () => pos >= buf.length,
    next() {
      const tag = Number(varint());
      const wire = tag & 7;
      if (wire === 0) return [tag >> 3, varint()];
      if (wire === 2) { const len = Number(varint()); const v = buf.subarray(pos, pos + len); pos += len; return [tag >> 3, v]; }
      if (wire === 1) { pos += 8; return [tag >> 3, null]; }
      if (wire === 5) { pos += 4; return [tag >> 3, null]; }
      throw new Error(`wire type ${wire}`);
    },
  };
}

function fields(buf) {
  const out = [];
  const r = reader(buf);
  while (!r.done()) out.push(r.next());
  return out;
}

function parseMessage(buf, prefix, into) {
  let name = '';
  const fieldList = [];
  const nested = [];
  let mapEntry = false;
  for (const [n, v] of fields(buf)) {
    if (n === 1) name = v.toString();
    else if (n === 2) fieldList.push(v);
    else if (n === 3) nested.push(v);
    else if (n === 7) mapEntry = fields(v).some(([o, x]) => o === 7 && x === 1n);
  }
  const full = `${prefix}.${name}`;
  const spec = {};
  for (const f of fieldList) {
    const d = Object.fromEntries(fields(f).map(([k, v]) => [k, v]));
    const type = TYPES[Number(d[5])];
    if (!type) throw new Error(`${full}: unsupported field type ${d[5]}`);
    const entry = [d[1].toString(), type === 'message' ? d[6].toString().slice(1) : type];
    if (Number(d[4]) === 3) entry.push(1);
    spec[Number(d[3])] = entry;
  }
  into[full] = mapEntry ? { map: spec } : spec;
  for (const n of nested) parseMessage(n, full, into);
}

const kubectl = process.argv[2] ?? new URL('../.cache/kubectl/1.33/kubectl', import.meta.url).pathname;
const bin = readFileSync(kubectl);
const all = {};
const magic = Buffer.from([0x1f, 0x8b, 0x08]);
for (let i = bin.indexOf(magic); i >= 0; i = bin.indexOf(magic, i + 1)) {
  let out;
  try { out = gunzipSync(bin.subarray(i, i + 400_000), { finishFlush: 2 }); } catch { continue; }
  if (out[0] !== 0x0a || !/^k8s\.io\/[\w./-]+\.proto$/.test(fields(out).find(([n]) => n === 1)?.[1]?.toString() ?? '')) continue;
  const pkg = fields(out).find(([n]) => n === 2)[1].toString();
  for (const [n, v] of fields(out)) if (n === 4) parseMessage(v, pkg, all);
}

// Keep what the roots reach.
const kept = {};
const visit = (name) => {
  if (kept[name] || !all[name]) return;
  kept[name] = all[name];
  const spec = all[name].map ?? all[name];
  for (const f of Object.values(spec)) if (all[f[1]]) visit(f[1]);
};
for (const root of ROOTS) {
  if (!all[root]) throw new Error(`${root} is not in ${kubectl}`);
  visit(root);
}
const sorted = Object.fromEntries(Object.keys(kept).sort().map((k) => [k, kept[k]]));
const target = new URL('../server/apiserver/protobuf-schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(sorted)}\n`);
console.log(`${Object.keys(sorted).length} messages -> ${target.pathname}`);
