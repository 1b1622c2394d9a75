// The seed walkthrough (MetalLB v0.12 + ingress-nginx), command for command with real kubectl:
// the legacy ConfigMap is applied, ingress-nginx-controller goes from <pending> to 10.20.13.15.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../support/kubectl';
import { SEED_CONFIGMAP_YAML } from '../support/seed';
import { cleanUp, eventsFor, eventually, runController, startCluster, waitForEvent, waitForIPs, type Cluster } from './support';

const LEGACY_CONFIG = SEED_CONFIGMAP_YAML;

const NAMESPACE_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: metallb-system
  labels:
    app: metallb
`;

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
  labels:
    app.kubernetes.io/component: controller
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: http
  - name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    app.kubernetes.io/component: controller
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  type: ClusterIP
  ports:
  - name: https-webhook
    port: 443
    targetPort: webhook
  selector:
    app.kubernetes.io/component: controller
`;

let cluster: Cluster;
let home: string;
let binaries: KubectlBinary[];

beforeAll(async () => {
  cluster = await startCluster();
  home = mkdtempSync(join(tmpdir(), 'ironlb-kubectl-home-'));
  binaries = await kubectlBinaries();
});
afterAll(async () => {
  await cluster?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** `kubectl get svc` rows as {name -> EXTERNAL-IP}. */
function externalIPs(table: string): Record<string, string> {
  const [header, ...rows] = table.trim().split('\n');
  const col = header.indexOf('EXTERNAL-IP');
  expect(col, `no EXTERNAL-IP column in:\n${table}`).toBeGreaterThan(0);
  return Object.fromEntries(rows.map((r) => [r.split(/\s+/)[0], r.slice(col).split(/\s+/)[0]]));
}

describe('seed walkthrough with kubectl', () => {
  it('the legacy ConfigMap pool gives ingress-nginx-controller 10.20.13.15, and kubectl shows it', async () => {
    const { kube, api } = cluster;
    const bin = binaries[0];
    const kubectl = async (args: string[], input?: string) => {
      const r = await runKubectl(bin, api.kubeconfigPath, home, args, { input });
      expect(r.code, `kubectl ${args.join(' ')} failed (${bin.version}): ${r.stderr}`).toBe(0);
      return r.stdout;
    };

    await kubectl(['apply', '-f', '-'], NAMESPACE_YAML);
    await kubectl(['apply', '-f', '-'], INGRESS_NGINX);
    expect(externalIPs(await kubectl(['get', 'svc', '-n', 'ingress-nginx']))).toEqual({
      'ingress-nginx-controller': '<pending>',
      'ingress-nginx-controller-admission': '<none>',
    });

    const controller = await runController(kube);
    try {
      await kubectl(['apply', '-f', '-'], LEGACY_CONFIG);
      await waitForIPs(kube, 'ingress-nginx-controller', ['10.20.13.15'], 'ingress-nginx');
      for (const b of binaries) {
        const out = (await runKubectl(b, api.kubeconfigPath, home, ['get', 'svc', '-n', 'ingress-nginx'])).stdout;
        expect(externalIPs(out), `kubectl ${b.version}`).toEqual({
          'ingress-nginx-controller': '10.20.13.15',
          'ingress-nginx-controller-admission': '<none>',
        });
      }
      const describe = await kubectl(['describe', 'svc', '-n', 'ingress-nginx', 'ingress-nginx-controller']);
      expect(describe).toMatch(/IPAllocated\s+.*Assigned IP \["10\.20\.13\.15"\]/);
      const legacy = await waitForEvent(kube, 'metallb-system', 'config', 'LegacyConfig', 'ironlb convert', 'ConfigMap');
      expect(legacy.type).toBe('Warning');
    } finally {
      await controller.stop();
    }
  });

  it('converting the ConfigMap to CRs keeps the IP where it is', async () => {
    const { kube, api } = cluster;
    const bin = binaries[0];
    const controller = await runController(kube);
    try {
      await waitForIPs(kube, 'ingress-nginx-controller', ['10.20.13.15'], 'ingress-nginx');
      const crs = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ip-space
  namespace: metallb-system
spec:
  addresses:
  - 10.20.13.15-10.20.13.20
`;
      const r = await runKubectl(bin, api.kubeconfigPath, home, ['apply', '-f', '-'], { input: crs });
      expect(r.code, r.stderr).toBe(0);
      await eventually(() => controller.status().configSource === 'ipAddressPools', 'the controller to switch to the IPAddressPool');
      await controller.idle();
      await waitForIPs(kube, 'ingress-nginx-controller', ['10.20.13.15'], 'ingress-nginx');
      const events = await eventsFor(kube, 'ingress-nginx', 'ingress-nginx-controller');
      expect(events.filter((e) => e.reason === 'ClearAssignment')).toEqual([]);
    } finally {
      await controller.stop();
      await cleanUp(kube, ['ingress-nginx']);
    }
  });
});
