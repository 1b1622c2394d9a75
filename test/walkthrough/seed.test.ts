// The seed walkthrough (MetalLB v0.12.1 layer2 + ingress-nginx), command for command, with real kubectl 1.20
// and 1.33, each against its own `ironlb lab --no-seed` process. Asserts what the reader sees in kubectl's output.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoObjects } from '../../server/embedded/demo-objects';
import { kubectlBinaries, runKubectl, type KubectlBinary, type KubectlResult } from '../support/kubectl';
import { pollUntil, startLab, type LabProcess } from './lab-process';

const binaries = await kubectlBinaries();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** What a kubeadm cluster already has before the walkthrough starts: three Ready nodes and kube-proxy's ConfigMap (IPVS, strictARP false). */
const CLUSTER = demoObjects()
  .filter((o) => o.resource === 'nodes' || (o.resource === 'configmaps' && o.object.metadata.name === 'kube-proxy'))
  .map((o) => stringify(o.object)).join('---\n');

/** The Services ingress-nginx's deploy manifest creates (the part MetalLB cares about), as the walkthrough installed it first. */
const INGRESS_NGINX = `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels: {app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/name: ingress-nginx}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: {app.kubernetes.io/component: controller, app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/name: ingress-nginx}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: http, appProtocol: http}
  - {name: https, port: 443, protocol: TCP, targetPort: https, appProtocol: https}
  selector: {app.kubernetes.io/component: controller, app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/name: ingress-nginx}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  type: ClusterIP
  ports:
  - {name: https-webhook, port: 443, targetPort: webhook, appProtocol: https}
  selector: {app.kubernetes.io/component: controller, app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/name: ingress-nginx}
`;

/** The seed's ingress-echoserver-test.yaml, comments and all. */
const INGRESS_ECHOSERVER = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ingress-echoserver-test
spec:
  rules:
  - host: echoserver.test # 域名
    http:
      paths:
      - path: /\t# 代理目录
        pathType: Prefix\t#path类型,下面
        backend:
          service:
            name: echoserver\t# 对应service名称
            port:
              number: 80\t\t# service 端口
  ingressClassName: nginx\t\t# 指定选择的 Ingress Controller
`;

const METALLB_APPLY_LINES = [
  'podsecuritypolicy.policy/controller', 'podsecuritypolicy.policy/speaker', 'serviceaccount/controller', 'serviceaccount/speaker',
  'clusterrole.rbac.authorization.k8s.io/metallb-system:controller', 'clusterrole.rbac.authorization.k8s.io/metallb-system:speaker',
  'role.rbac.authorization.k8s.io/config-watcher', 'role.rbac.authorization.k8s.io/pod-lister', 'role.rbac.authorization.k8s.io/controller',
  'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:controller', 'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:speaker',
  'rolebinding.rbac.authorization.k8s.io/config-watcher', 'rolebinding.rbac.authorization.k8s.io/pod-lister', 'rolebinding.rbac.authorization.k8s.io/controller',
  'daemonset.apps/speaker', 'deployment.apps/controller',
];

const rowsOf = (out: string) => out.trim().split('\n');
const columnsOf = (line: string) => line.trim().split(/\s{2,}/);
const withoutWarnings = (s: string) => s.replace(/^Warning:.*\n?/gm, '');

describe.each(binaries.map((b) => [b.version, b] as const))('the seed walkthrough with kubectl %s', (_version, bin: KubectlBinary) => {
  let lab: LabProcess;
  let home: string;
  const kubectl = (args: string[], input?: string, env?: Record<string, string>): Promise<KubectlResult> =>
    runKubectl(bin, lab.kubeconfig, home, args, { input, env });
  const ok = async (args: string[], input?: string, env?: Record<string, string>) => {
    const r = await kubectl(args, input, env);
    expect(withoutWarnings(r.stderr), `kubectl ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };
  /** A shell pipeline, as the reader types it; $K is this kubectl. */
  const shell = (script: string) => new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn('sh', ['-c', script], { env: { ...process.env, HOME: home, KUBECONFIG: lab.kubeconfig, K: bin.path } });
    let out = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { out += String(d); });
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });

  beforeAll(async () => {
    lab = await startLab();
    home = mkdtempSync(join(tmpdir(), 'ironlb-walkthrough-home-'));
    await ok(['create', '-f', '-'], CLUSTER);
  });
  afterAll(async () => { await lab?.stop(); });

  it('starts where the walkthrough starts: ingress-nginx-controller is <pending>', async () => {
    expect(await ok(['apply', '-f', '-'], INGRESS_NGINX)).toContain('service/ingress-nginx-controller created');
    const out = await ok(['get', 'svc', '-n', 'ingress-nginx']);
    expect(columnsOf(rowsOf(out)[0])).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(out).toMatch(/\ningress-nginx-controller\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+<pending>\s+80:3\d{4}\/TCP,443:3\d{4}\/TCP\s/);
  });

  it('1. strictARP: kubectl diff shows the change, kubectl apply makes it, kubectl edit shows it', async () => {
    const pipeline = (last: string) => shell(`"$K" get configmap kube-proxy -n kube-system -o yaml | \\\nsed -e "s/strictARP: false/strictARP: true/" | \\\n"$K" ${last}  -f - -n kube-system`);
    const diff = await pipeline('diff');
    expect(diff.code).toBe(1); // differences found
    expect(diff.out).toMatch(/-\s+strictARP: false\n\+\s+strictARP: true/);
    const apply = await pipeline('apply');
    expect(apply.code).toBe(0);
    expect(apply.out).toContain('configmap/kube-proxy configured');
    const viewed = join(home, 'viewed-kube-proxy.yaml');
    const editor = join(home, 'look.sh');
    writeFileSync(editor, `#!/bin/sh\ncp "$1" "${viewed}"\n`, { mode: 0o755 });
    const edit = await kubectl(['edit', 'configmap', '-n', 'kube-system', 'kube-proxy'], undefined, { KUBE_EDITOR: editor });
    expect(edit.code).toBe(0);
    expect(edit.stderr).toContain('Edit cancelled, no changes made.'); // only looked, as the walkthrough does
    expect(readFileSync(viewed, 'utf8')).toMatch(/strictARP: true/);
    expect(readFileSync(viewed, 'utf8')).not.toMatch(/strictARP: false/);
  });

  it('2. kubectl apply -f namespace.yaml and metallb.yaml from MetalLB v0.12.1 store every object', async () => {
    expect(await ok(['apply', '-f', fixture('metallb-v0.12.1/namespace.yaml')])).toMatch(/^namespace\/metallb-system (created|configured)$/m);
    const applied = await kubectl(['apply', '-f', fixture('metallb-v0.12.1/metallb.yaml')]);
    expect(applied.code).toBe(0);
    expect(rowsOf(applied.stdout)).toEqual(METALLB_APPLY_LINES.map((l) => `${l} created`));
    // What a 1.21-1.24 cluster said about the two PodSecurityPolicies (1.25 removed the API).
    expect(applied.stderr).toContain('Warning: policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+');
    const again = await ok(['apply', '-f', fixture('metallb-v0.12.1/metallb.yaml')]);
    expect(rowsOf(again)).toEqual(METALLB_APPLY_LINES.map((l) => `${l} unchanged`));
    const ds = await ok(['-n', 'metallb-system', 'get', 'ds']);
    expect(columnsOf(rowsOf(ds)[0])).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(rowsOf(ds)[1]).toMatch(/^speaker\s+0\s+0\s+0\s+0\s+0\s+kubernetes\.io\/os=linux\s+\d+s$/);
    const deploy = await ok(['-n', 'metallb-system', 'get', 'deploy', '-o', 'wide']);
    expect(columnsOf(rowsOf(deploy)[0])).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(rowsOf(deploy)[1]).toMatch(/^controller\s+0\/1\s+0\s+0\s+\d+s\s+controller\s+quay\.io\/metallb\/controller:v0\.12\.1\s+app=metallb,component=controller$/);
    expect(await ok(['get', 'psp'])).toMatch(/\nspeaker\s+true\s+NET_RAW\s+RunAsAny\s+RunAsAny\s+RunAsAny\s+RunAsAny\s+true\s+configMap,secret,emptyDir\n/);
    expect(await ok(['get', 'clusterrolebinding', 'metallb-system:speaker'])).toMatch(/\nmetallb-system:speaker\s+ClusterRole\/metallb-system:speaker\s+\d+s\n/);
    expect(await ok(['-n', 'metallb-system', 'get', 'sa'])).toMatch(/\ncontroller\s+0\s+\d+s\n/);
  });

  it('3. kubectl -n metallb-system get pods lists the controller and a speaker per node, Running', async () => {
    const probe = () => kubectl(['-n', 'metallb-system', 'get', 'pods', '-o', 'wide']);
    const out = await pollUntil(probe, (r) => r.stdout.split('\n').filter((l) => /\s1\/1\s+Running\s+0\s/.test(l)).length === 4, 90_000);
    const [header, ...rows] = rowsOf(out.stdout);
    expect(columnsOf(header).slice(0, 7)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => /^controller-[b-z2-9]{10}-[b-z2-9]{5}\s+1\/1\s+Running\s+0\s/.test(r))).toHaveLength(1);
    const speakers = rows.filter((r) => /^speaker-[b-z2-9]{5}\s+1\/1\s+Running\s+0\s/.test(r));
    expect(speakers.map((r) => columnsOf(r)[6]).sort()).toEqual(['node01', 'node02', 'node03']);
    expect(speakers.map((r) => columnsOf(r)[5]).sort()).toEqual(['10.20.13.11', '10.20.13.12', '10.20.13.13']);
  });

  it('4-5. kubectl apply -f the layer2 ConfigMap; ingress-nginx-controller gets EXTERNAL-IP 10.20.13.15', async () => {
    expect(await ok(['apply', '-f', fixture('seed-configmap.yaml')])).toContain('configmap/config created');
    const probe = () => kubectl(['-n', 'ingress-nginx', 'get', 'svc']);
    const out = await pollUntil(probe, (r) => /\ningress-nginx-controller\s+LoadBalancer\s+\S+\s+10\.20\.13\.15\s/.test(r.stdout), 60_000);
    const [header, ...rows] = rowsOf(out.stdout);
    expect(columnsOf(header)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(columnsOf(rows[0]).slice(0, 5)).toEqual(['ingress-nginx-controller', 'LoadBalancer', expect.stringMatching(/^10\./), '10.20.13.15', expect.stringMatching(/^80:3\d{4}\/TCP,443:3\d{4}\/TCP$/)]);
    expect(columnsOf(rows[1]).slice(0, 5)).toEqual(['ingress-nginx-controller-admission', 'ClusterIP', expect.stringMatching(/^10\./), '<none>', '443/TCP']);
  });

  it('6. create deploy, expose, apply the Ingress, get ingress', async () => {
    expect(await ok(['create', 'deploy', 'echoserver', '--image=cilium/echoserver', '--replicas=2'])).toContain('deployment.apps/echoserver created');
    expect(await ok(['expose', 'deployment', 'echoserver', '--port=80'])).toContain('service/echoserver exposed');
    expect(await ok(['apply', '-f', '-'], INGRESS_ECHOSERVER)).toContain('ingress.networking.k8s.io/ingress-echoserver-test created');
    const ing = await ok(['get', 'ingress']);
    expect(columnsOf(rowsOf(ing)[0])).toEqual(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
    // No ingress controller runs in the embedded cluster, so nothing fills ADDRESS (ingress-nginx would).
    expect(rowsOf(ing)[1]).toMatch(/^ingress-echoserver-test\s+nginx\s+echoserver\.test\s+80\s+\d+s$/);
    // Stored, not run: nothing here pulls images, so the deployment stays at 0 of 2 ready.
    expect(rowsOf(await ok(['get', 'deploy', 'echoserver']))[1]).toMatch(/^echoserver\s+0\/2\s+0\s+0\s+\d+s$/);
    expect(rowsOf(await ok(['get', 'svc', 'echoserver', '-o', 'wide']))[1]).toMatch(/^echoserver\s+ClusterIP\s+10\.\S+\s+<none>\s+80\/TCP\s+\d+s\s+app=echoserver$/);
  });
});
