// Real kubectl (1.20 from Debian's .deb, 1.27 and 1.33 from Debian's google-cloud-cli-kubectl, 1.33 from the
// aws-cdk layer) on what a user tries beyond the walkthrough: auth can-i / whoami, scale, server-side apply of
// a whole install (twice, the second changing nothing), PodDisruptionBudgets, the printer columns of Leases
// and EndpointSlices.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoObjects } from '@/server/embedded/demo-objects';
import { gcloudKubectl, kubectlBinaries, runKubectl, type KubectlBinary } from '../support/kubectl';
import { startTestServer, type TestServer } from './harness';

const binaries = [...await kubectlBinaries(), gcloudKubectl('1.27')];
const minorOf = (b: KubectlBinary) => Number(/^v1\.(\d+)\./.exec(b.version)?.[1] ?? 0);

// What an install manifest holds: a labelled Namespace, RBAC, a ServiceAccount, a Secret, a Deployment,
// a DaemonSet, a Service and a PodDisruptionBudget.
const INSTALL = `apiVersion: v1
kind: Namespace
metadata:
  name: lb-system
  labels: {pod-security.kubernetes.io/enforce: privileged, app: lb}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: controller, namespace: lb-system}
---
apiVersion: v1
kind: Secret
metadata: {name: memberlist, namespace: lb-system}
type: Opaque
stringData: {secretkey: abc}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: lb-system:controller}
rules:
- apiGroups: [""]
  resources: [services, services/status]
  verbs: [get, list, watch, update]
- apiGroups: [metallb.io]
  resources: [ipaddresspools]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: lb-system:controller}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: lb-system:controller}
subjects:
- {kind: ServiceAccount, name: controller, namespace: lb-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-lister, namespace: lb-system}
rules:
- {apiGroups: [""], resources: [pods], verbs: [list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: pod-lister, namespace: lb-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-lister}
subjects:
- {kind: ServiceAccount, name: controller, namespace: lb-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: lb-system, labels: {app: lb, component: controller}}
spec:
  selector: {matchLabels: {app: lb, component: controller}}
  template:
    metadata: {labels: {app: lb, component: controller}}
    spec:
      serviceAccountName: controller
      securityContext: {runAsNonRoot: true, runAsUser: 65534}
      containers:
      - name: controller
        image: ironlb:dev
        args: [controller, --log-level=info]
        ports: [{name: monitoring, containerPort: 7472}]
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
        livenessProbe: {httpGet: {path: /metrics, port: monitoring}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: speaker, namespace: lb-system, labels: {app: lb, component: speaker}}
spec:
  selector: {matchLabels: {app: lb, component: speaker}}
  template:
    metadata: {labels: {app: lb, component: speaker}}
    spec:
      hostNetwork: true
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers:
      - name: speaker
        image: ironlb:dev
        args: [speaker]
        env: [{name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
        securityContext: {capabilities: {drop: [ALL], add: [NET_RAW]}, readOnlyRootFilesystem: true}
---
apiVersion: v1
kind: Service
metadata: {name: controller-monitor, namespace: lb-system}
spec:
  selector: {app: lb, component: controller}
  ports: [{name: monitoring, port: 7472, targetPort: monitoring}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: controller, namespace: lb-system}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: lb, component: controller}}
`;

const KINDS = ['namespace/lb-system', 'serviceaccount/controller', 'secret/memberlist', 'clusterrole.rbac.authorization.k8s.io/lb-system:controller',
  'clusterrolebinding.rbac.authorization.k8s.io/lb-system:controller', 'role.rbac.authorization.k8s.io/pod-lister', 'rolebinding.rbac.authorization.k8s.io/pod-lister',
  'deployment.apps/controller', 'daemonset.apps/speaker', 'service/controller-monitor', 'poddisruptionbudget.policy/controller'];

describe.each(binaries.map((b) => [b.version, b] as const))('kubectl %s', (_version, bin: KubectlBinary) => {
  let s: TestServer;
  let home: string;
  const k = (args: string[], input?: string) => runKubectl(bin, s.kubeconfigPath, home, args, { input });
  const ok = async (args: string[], input?: string) => {
    const r = await k(args, input);
    expect(r.stderr.replace(/^Warning:.*\n?/gm, '')).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const header = (out: string) => out.split('\n')[0].split(/\s{2,}/);

  beforeAll(async () => {
    s = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'ironlb-kubectl-home-'));
  });
  afterAll(async () => { await s.stop(); });

  it('auth can-i answers yes for the kubeconfig user, for anything', async () => {
    expect((await ok(['auth', 'can-i', 'create', 'ipaddresspools.metallb.io', '-n', 'metallb-system'])).trim()).toBe('yes');
    expect((await ok(['auth', 'can-i', 'delete', 'nodes', '--all-namespaces'])).trim()).toBe('yes');
    expect((await ok(['auth', 'can-i', 'get', '/healthz'])).trim()).toBe('yes');
    const list = await ok(['auth', 'can-i', '--list', '-n', 'default']);
    expect(list).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  // `auth whoami` came with kubectl 1.26.
  if (minorOf(bin) >= 26) it('auth whoami names the kubeconfig user', async () => {
    const out = await ok(['auth', 'whoami']);
    expect(out).toMatch(/Username\s+ironlb-admin/);
    expect(out).toMatch(/Groups\s+\[system:masters system:authenticated\]/);
  });

  it('explains built-in kinds and MetalLB kinds from the served OpenAPI, a stored CRD\'s own schema first', async () => {
    const svc = await ok(['explain', 'svc.spec.ports']);
    expect(svc).toMatch(/KIND:\s+Service/);
    expect(svc).toContain('The list of ports that are exposed by this service.');
    expect(svc).toMatch(/targetPort\s+<(string|Object|IntOrString)>/);
    const pool = await ok(['explain', 'ipaddresspool.spec']);
    expect(pool).toMatch(/KIND:\s+IPAddressPool/);
    expect(pool).toMatch(/addresses\s+<\[\]string> -required-/);
    expect(pool).toContain('AvoidBuggyIPs prevents addresses ending with .0 and .255');
    await s.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'l2advertisements.metallb.io' },
      spec: { group: 'metallb.io', scope: 'Namespaced', names: { plural: 'l2advertisements', kind: 'L2Advertisement' }, versions: [{ name: 'v1beta1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', description: 'From the stored CRD.', properties: { spec: { type: 'object', description: 'The CRD says so.', properties: { interfaces: { type: 'array', items: { type: 'string' }, description: 'Interfaces, per the CRD.' } } } } } } }] },
    });
    const l2 = await ok(['explain', 'l2advertisement.spec']);
    expect(l2).toContain('The CRD says so.');
    expect(l2).toContain('Interfaces, per the CRD.');
  });

  it('applies a whole install server-side, and a second apply changes nothing', async () => {
    const first = await ok(['apply', '--server-side', '-f', '-'], INSTALL);
    for (const kind of KINDS) expect(first).toContain(`${kind} serverside-applied`);
    const versions = async () => JSON.parse(await ok(['get', ...KINDS.map((x) => x.replace('namespace/', 'namespaces/')), '-n', 'lb-system', '-o', 'json']))
      .items.map((i: { kind: string; metadata: { name: string; resourceVersion: string } }) => `${i.kind}/${i.metadata.name}@${i.metadata.resourceVersion}`);
    const before = await versions();
    expect(before).toHaveLength(KINDS.length);
    const second = await ok(['apply', '--server-side', '-f', '-'], INSTALL);
    for (const kind of KINDS) expect(second).toContain(`${kind} serverside-applied`);
    expect(await versions()).toEqual(before);
    const ns = JSON.parse(await ok(['get', 'ns', 'lb-system', '-o', 'json']));
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', app: 'lb', 'kubernetes.io/metadata.name': 'lb-system' });
  });

  it('creates RBAC objects, an ingress and a PodDisruptionBudget with kubectl create (1.33 sends them as protobuf)', async () => {
    await ok(['create', 'namespace', 'made']);
    await ok(['create', 'role', 'reader', '-n', 'made', '--verb=get,list', '--resource=pods,services', '--resource-name=web']);
    await ok(['create', 'clusterrole', 'pool-reader', '--verb=get', '--resource=ipaddresspools.metallb.io', '--non-resource-url=/metrics']);
    await ok(['create', 'rolebinding', 'reader', '-n', 'made', '--role=reader', '--user=alice', '--serviceaccount=made:default']);
    await ok(['create', 'clusterrolebinding', 'pool-reader', '--clusterrole=pool-reader', '--group=ops']);
    await ok(['create', 'ingress', 'web', '-n', 'made', '--class=nginx', '--rule=web.example.com/api*=web:80,tls=web-tls']);
    // kubectl 1.20 knows only policy/v1beta1 PodDisruptionBudgets (policy/v1 came with 1.21).
    if (minorOf(bin) >= 21) await ok(['create', 'pdb', 'web', '-n', 'made', '--selector=app=web', '--min-available=0']);
    await ok(['create', 'deployment', 'zero', '-n', 'made', '--image=nginx', '--replicas=0']);
    await ok(['create', 'secret', 'generic', 'pw', '-n', 'made', '--from-literal=password=s3cret']);
    await ok(['create', 'serviceaccount', 'bot', '-n', 'made']);
    const get = (path: string) => s.call('GET', path).then((r) => r.json);
    expect((await get('/apis/rbac.authorization.k8s.io/v1/namespaces/made/roles/reader')).rules).toEqual([
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'services'], resourceNames: ['web'] },
    ]);
    expect((await get('/apis/rbac.authorization.k8s.io/v1/clusterroles/pool-reader')).rules).toEqual([
      { verbs: ['get'], apiGroups: ['metallb.io'], resources: ['ipaddresspools'] },
      { verbs: ['get'], nonResourceURLs: ['/metrics'] },
    ]);
    const binding = await get('/apis/rbac.authorization.k8s.io/v1/namespaces/made/rolebindings/reader');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(binding.subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'made' },
    ]);
    expect((await get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/pool-reader')).subjects).toEqual([{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }]);
    const ingress = await get('/apis/networking.k8s.io/v1/namespaces/made/ingresses/web');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
    });
    if (minorOf(bin) >= 21) expect((await get('/apis/policy/v1/namespaces/made/poddisruptionbudgets/web')).spec).toEqual({ minAvailable: 0, selector: { matchLabels: { app: 'web' } } });
    expect((await get('/apis/apps/v1/namespaces/made/deployments/zero')).spec.replicas).toBe(0);
    expect((await get('/api/v1/namespaces/made/secrets/pw')).data).toEqual({ password: Buffer.from('s3cret').toString('base64') });
    expect((await get('/api/v1/namespaces/made/serviceaccounts/bot')).metadata.name).toBe('bot');
    expect(await ok(['get', 'ingress', '-n', 'made'])).toMatch(/\nweb\s+nginx\s+web\.example\.com\s+80, 443\s+\d+s/);
  });

  it('lists PodDisruptionBudgets with their columns', async () => {
    const out = await ok(['get', 'pdb', '-n', 'lb-system']);
    expect(header(out)).toEqual(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    expect(out).toMatch(/\ncontroller\s+N\/A\s+1\s+0\s+\d+s/);
  });

  it('scales a Deployment, a ReplicaSet and a StatefulSet through /scale', async () => {
    await ok(['scale', 'deployment/controller', '-n', 'lb-system', '--replicas=3']);
    expect(JSON.parse(await ok(['get', 'deploy', 'controller', '-n', 'lb-system', '-o', 'json'])).spec.replicas).toBe(3);
    const rs = 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web, namespace: lb-system}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n';
    await ok(['apply', '-f', '-'], rs);
    await ok(['apply', '-f', '-'], rs.replace(/ReplicaSet/, 'StatefulSet').replace('name: web,', 'name: db,').replace('spec:\n  selector', 'spec:\n  serviceName: db\n  selector'));
    expect(await ok(['scale', 'rs/web', 'statefulset/db', '-n', 'lb-system', '--replicas=2'])).toMatch(/replicaset.apps\/web scaled\n.*statefulset.apps\/db scaled/);
    expect(JSON.parse(await ok(['get', 'rs', 'web', '-n', 'lb-system', '-o', 'json'])).spec.replicas).toBe(2);
    expect(header(await ok(['get', 'sts', '-n', 'lb-system']))).toEqual(['NAME', 'READY', 'AGE']);
    expect(await ok(['get', 'sts', 'db', '-n', 'lb-system', '--no-headers'])).toMatch(/^db\s+0\/2\s+\d+s/);
    const bad = await k(['scale', 'deployment/controller', '-n', 'lb-system', '--replicas=2', '--current-replicas=5']);
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(await ok(['get', 'deploy', 'controller', '-n', 'lb-system', '-o', 'json'])).spec.replicas).toBe(3);
  });

  it('describes a seeded node with heartbeats, capacity and percentages, and a Service with its Endpoints', async () => {
    const node = demoObjects().find((o) => o.resource === 'nodes')!.object;
    await s.call('POST', '/api/v1/nodes', node);
    const out = await ok(['describe', 'node', node.metadata.name!]);
    expect(out).not.toContain('0001-01-01');
    expect(out).not.toContain('-9223372036854775808');
    expect(out).toMatch(/Ready\s+True\s+\w{3}, \d{2} \w{3} \d{4}/);
    expect(out).toMatch(/Boot ID:\s+[0-9a-f-]{36}/);
    expect(out).toMatch(/cpu\s+0 \(0%\)\s+0 \(0%\)/);
    await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n');
    await s.call('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      metadata: { name: 'web-xyz', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['192.0.2.7'], conditions: { ready: true } }],
    });
    expect(await ok(['describe', 'svc', 'web'])).toMatch(/Endpoints:\s+192\.0\.2\.7:8080/);
  });

  it('shows a Lease with its HOLDER and an EndpointSlice with its columns', async () => {
    await s.call('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', { metadata: { name: 'held' }, spec: { holderIdentity: 'node01' } });
    const leases = await ok(['get', 'lease', 'held']);
    expect(header(leases)).toEqual(['NAME', 'HOLDER', 'AGE']);
    expect(leases).toMatch(/\nheld\s+node01\s+\d+s/);
    await s.call('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      metadata: { name: 'web-abc', labels: { 'kubernetes.io/service-name': 'other' } }, addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['192.0.2.5'] }, { addresses: ['192.0.2.6'] }],
    });
    const slices = await ok(['get', 'endpointslices']);
    expect(header(slices)).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(slices).toMatch(/\nweb-abc\s+IPv4\s+8080\s+192\.0\.2\.5,192\.0\.2\.6\s+\d+s/);
  });
});
