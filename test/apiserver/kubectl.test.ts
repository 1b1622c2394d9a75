// Real kubectl (1.20 from Debian, 1.33 from the aws-cdk layer) against the embedded API server, black box:
// the seed walkthrough's commands, get -A / -w, apply create then change, edit, label, describe, delete, pools.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../support/kubectl';
import { SEED_CONFIGMAP_YAML } from '../support/seed';
import { startTestServer, type TestServer } from './harness';

const binaries = await kubectlBinaries();
const LEGACY_CONFIGMAP = SEED_CONFIGMAP_YAML;

const INGRESS_NGINX = `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: http}
  - {name: https, port: 443, protocol: TCP, targetPort: https}
  selector: {app.kubernetes.io/name: ingress-nginx}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  ports:
  - {name: https-webhook, port: 443, targetPort: webhook}
  selector: {app.kubernetes.io/name: ingress-nginx}
`;

const KUBE_PROXY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-proxy
  namespace: kube-system
data:
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    ipvs:
      strictARP: false
    mode: ipvs
`;

const webService = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
${ports}`;

const pool = (name: string, address: string) => `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: ${name}
  namespace: metallb-system
spec:
  addresses: ["${address}"]
`;

describe.each(binaries.map((b) => [b.version, b] as const))('kubectl %s', (_version, bin: KubectlBinary) => {
  let s: TestServer;
  let home: string;
  const k = (args: string[], input?: string, env?: Record<string, string>) => runKubectl(bin, s.kubeconfigPath, home, args, { input, env });
  const ok = async (args: string[], input?: string, env?: Record<string, string>) => {
    const r = await k(args, input, env);
    expect(r.stderr.replace(/^Warning:.*\n?/gm, '')).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const stored = async (path: string) => (await s.call('GET', path)).json;

  beforeAll(async () => {
    s = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'ironlb-kubectl-home-'));
  });
  afterAll(async () => { await s.stop(); });

  it('runs the seed walkthrough: legacy ConfigMap, ingress-nginx service, get svc shows <pending>', async () => {
    expect(await ok(['apply', '-f', '-'], LEGACY_CONFIGMAP)).toContain('configmap/config created');
    expect(await ok(['apply', '-f', '-'], INGRESS_NGINX)).toContain('service/ingress-nginx-controller created');
    const out = await ok(['get', 'svc', '-n', 'ingress-nginx']);
    const [header, ...rows] = out.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(rows[0]).toMatch(/^ingress-nginx-controller\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+<pending>\s+80:3\d{4}\/TCP,443:3\d{4}\/TCP\s+\d+s$/);
    expect(rows[1]).toMatch(/^ingress-nginx-controller-admission\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+443\/TCP\s+\d+s$/);
    const legacy = await stored('/api/v1/namespaces/metallb-system/configmaps/config');
    expect(legacy.data.config).toContain('10.20.13.15-10.20.13.20');
  });

  it('get svc -A adds the NAMESPACE column and keeps EXTERNAL-IP', async () => {
    const out = await ok(['get', 'svc', '-A']);
    expect(out.split('\n')[0].split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(out).toMatch(/\ningress-nginx\s+ingress-nginx-controller\s+LoadBalancer\s+\S+\s+<pending>/);
  });

  it("runs the seed's strictARP pipeline: kubectl diff shows the change, kubectl apply makes it", async () => {
    await ok(['create', '-f', '-'], KUBE_PROXY);
    const pipe = (last: string) => new Promise<{ code: number; out: string }>((resolve) => {
      const script = `"$K" get configmap kube-proxy -n kube-system -o yaml | sed -e "s/strictARP: false/strictARP: true/" | "$K" ${last} -f - -n kube-system`;
      const child = spawn('sh', ['-c', script], { env: { ...process.env, HOME: home, KUBECONFIG: s.kubeconfigPath, K: bin.path } });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      child.on('close', (code) => resolve({ code: code ?? -1, out }));
    });
    const diff = await pipe('diff');
    expect(diff.code).toBe(1); // kubectl diff exits 1 when there are differences
    expect(diff.out).toMatch(/-\s+strictARP: false\n\+\s+strictARP: true/);
    expect((await stored('/api/v1/namespaces/kube-system/configmaps/kube-proxy')).data['config.conf']).toContain('strictARP: false');
    const apply = await pipe('apply');
    expect(apply.code).toBe(0);
    expect(apply.out).toContain('configmap/kube-proxy configured');
    expect((await stored('/api/v1/namespaces/kube-system/configmaps/kube-proxy')).data['config.conf']).toContain('strictARP: true');
  });

  it('applies a Service, then a changed one: ports added and removed, nodePorts kept, nothing else touched', async () => {
    await ok(['apply', '-f', '-'], webService('  - {name: http, port: 80, targetPort: 8080}\n  - {name: https, port: 443}\n'));
    const before = await stored('/api/v1/namespaces/default/services/web');
    const httpNodePort = before.spec.ports[0].nodePort;
    expect(await ok(['apply', '-f', '-'], webService('  - {name: http, port: 80, targetPort: 9090}\n  - {name: dns, port: 53, protocol: UDP}\n'))).toContain('service/web configured');
    const after = await stored('/api/v1/namespaces/default/services/web');
    expect(after.spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090, nodePort: httpNodePort },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53, nodePort: expect.any(Number) },
    ]);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec).toEqual({
      type: 'LoadBalancer', selector: { app: 'web' }, ports: after.spec.ports,
      clusterIP: before.spec.clusterIP, clusterIPs: [before.spec.clusterIP], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true,
    });
  });

  it('edits through a scripted KUBE_EDITOR', async () => {
    const editor = join(home, 'edit.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i -e "s/targetPort: 9090/targetPort: 7070/" "$1"\n', { mode: 0o755 });
    expect(await ok(['edit', 'svc', 'web'], undefined, { KUBE_EDITOR: editor })).toContain('service/web edited');
    expect((await stored('/api/v1/namespaces/default/services/web')).spec.ports[0].targetPort).toBe(7070);
  });

  it('labels a service and shows it with --show-labels', async () => {
    expect(await ok(['label', 'svc', 'web', 'team=blue'])).toContain('service/web labeled');
    expect((await stored('/api/v1/namespaces/default/services/web')).metadata.labels).toEqual({ team: 'blue' });
    expect(await ok(['get', 'svc', 'web', '--show-labels'])).toMatch(/team=blue/);
  });

  it('describes a service with its events', async () => {
    const svc = await stored('/api/v1/namespaces/default/services/web');
    await s.call('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'web.allocated' }, type: 'Warning', reason: 'AllocationFailed', message: 'Failed to allocate IP for "default/web": no available IPs',
      involvedObject: { kind: 'Service', namespace: 'default', name: 'web', uid: svc.metadata.uid, apiVersion: 'v1' },
      source: { component: 'metallb-controller' }, count: 1, firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(),
    });
    const out = await ok(['describe', 'svc', 'web']);
    expect(out).toMatch(/Name:\s+web/);
    expect(out).toMatch(/Type:\s+LoadBalancer/);
    expect(out).toMatch(/Warning\s+AllocationFailed\s+.*no available IPs/);
  });

  it('get -w --output-watch-events shows ADDED, MODIFIED and DELETED', async () => {
    await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: watched\n');
    const watchesBefore = s.openWatches();
    const child = spawn(bin.path, ['get', 'svc', '-n', 'watched', '-w', '--output-watch-events'], { env: { ...process.env, HOME: home, KUBECONFIG: s.kubeconfigPath } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const waitFor = async (text: RegExp) => {
      const deadline = Date.now() + 15000;
      while (!text.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(out).toMatch(text);
    };
    try {
      const deadline = Date.now() + 15000;
      while (s.openWatches() === watchesBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(s.openWatches()).toBe(watchesBefore + 1);
      await ok(['apply', '-n', 'watched', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: w1\nspec:\n  ports: [{port: 80, targetPort: 8080}]\n');
      await waitFor(/ADDED\s+w1\s+ClusterIP/);
      await ok(['label', 'svc', 'w1', 'x=y', '-n', 'watched']);
      await waitFor(/MODIFIED\s+w1\s+ClusterIP/);
      await ok(['delete', 'svc', 'w1', '-n', 'watched']);
      await waitFor(/DELETED\s+w1\s+ClusterIP/);
    } finally {
      child.kill();
    }
  });

  it('creates a namespace, a configmap and services with kubectl create (1.33 sends these as protobuf)', async () => {
    await ok(['create', 'namespace', 'made']);
    await ok(['create', 'configmap', 'cfg', '-n', 'made', '--from-literal=a=b']);
    await ok(['create', 'service', 'nodeport', 'np', '-n', 'made', '--tcp=80:8080', '--node-port=30123']);
    await ok(['create', 'service', 'loadbalancer', 'lb', '-n', 'made', '--tcp=443:8443']);
    expect((await stored('/api/v1/namespaces/made')).status).toEqual({ phase: 'Active' });
    expect((await stored('/api/v1/namespaces/made/configmaps/cfg')).data).toEqual({ a: 'b' });
    const np = await stored('/api/v1/namespaces/made/services/np');
    expect(np.spec).toMatchObject({ type: 'NodePort', selector: { app: 'np' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, nodePort: 30123, protocol: 'TCP' }] });
    expect(await ok(['get', 'svc', 'lb', '-n', 'made'])).toMatch(/lb\s+LoadBalancer\s+\S+\s+<pending>\s+443:3\d{4}\/TCP/);
  });

  it('deletes a service and then reports it NotFound', async () => {
    expect(await ok(['delete', 'svc', 'web'])).toContain('service "web" deleted');
    const r = await k(['get', 'svc', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (NotFound): services "web" not found');
  });

  it('lists pools with their printer columns and refuses an overlapping pool with MetalLB\'s message', async () => {
    await ok(['apply', '-f', '-'], pool('first', '192.0.2.0/28'));
    const table = await ok(['get', 'ipaddresspools', '-n', 'metallb-system']);
    expect(table.split('\n')[0].split(/\s{2,}/)).toEqual(['NAME', 'AUTO ASSIGN', 'AVOID BUGGY IPS', 'ADDRESSES', 'AGE']);
    expect(table).toMatch(/\nfirst\s+true\s+false\s+\["192\.0\.2\.0\/28"\]\s+\d+s/);
    const r = await k(['apply', '-f', '-'], pool('second', '192.0.2.8-192.0.2.20'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden)');
    expect(r.stderr).toContain('admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "192.0.2.8-192.0.2.20" in pool "second" overlaps with already defined CIDR "192.0.2.0/28"');
    expect((await s.call('GET', '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/second')).status).toBe(404);
  });

  it('applies server-side (create, then merge)', async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: default\ndata:\n  v: "${v}"\n`;
    expect(await ok(['apply', '--server-side', '-f', '-'], cm('1'))).toContain('configmap/ssa serverside-applied');
    await ok(['apply', '--server-side', '-f', '-'], cm('2'));
    expect((await stored('/api/v1/namespaces/default/configmaps/ssa')).data).toEqual({ v: '2' });
  });
});
