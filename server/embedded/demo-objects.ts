// The demo cluster seeded on the embedded API server's first start: the story of the MetalLB
// layer2 walkthrough (ingress-nginx pending until the legacy pool my-ip-space exists).
import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube';

/** The walkthrough's ConfigMap, as its readers apply it. */
export const SEED_LEGACY_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  namespace: metallb-system
  name: config
data:
  config: |
    address-pools:
    - name: my-ip-space
      protocol: layer2
      addresses:
      - 10.20.13.15-10.20.13.20
`;

/** kube-proxy in IPVS mode with strictARP still false: the walkthrough's first step fixes it. */
const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: "ipvs"
ipvs:
  strictARP: false
  scheduler: ""
`;

export const DEMO_NODES = ['node01', 'node02', 'node03'];

/** A UUID-shaped identifier fixed by `seed` (so a node's machine and boot ids stay put across seeds). */
function stableId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const CAPACITY = { cpu: '2', memory: '4026532Ki', pods: '110', 'ephemeral-storage': '30830568Ki', 'hugepages-2Mi': '0' };

/** What a kubelet reports (clients such as Python's kubernetes require every nodeInfo field). */
function nodeStatus(name: string, index: number, now: string) {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now,
  });
  return {
    capacity: CAPACITY,
    allocatable: { ...CAPACITY, memory: '3924132Ki', 'ephemeral-storage': '28413653848' },
    addresses: [
      { type: 'InternalIP', address: `10.20.13.${11 + index}` },
      { type: 'Hostname', address: name },
    ],
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: stableId(`${name}/machine`).replace(/-/g, ''),
      systemUUID: stableId(`${name}/system`),
      bootID: stableId(`${name}/boot`),
      kernelVersion: '6.1.0-18-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.7.13',
      kubeletVersion: 'v1.27.3',
      kubeProxyVersion: 'v1.27.3',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

function node(name: string, index: number, now: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: nodeStatus(name, index, now),
  };
}

function endpointSlice(ns: string, service: string, ports: { name: string; port: number }[], nodes: string[], base: number): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: `${service}-demo`, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: nodes.map((nodeName, i) => ({
      addresses: [`172.16.${base}.${10 + i}`],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName,
    })),
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' })),
  };
}

/** Everything but the pool, in creation order (namespaces before what lives in them). */
export function demoObjects(now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')): { resource: string; object: KubeObject }[] {
  const nginxSelector = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
  return [
    { resource: 'namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } } },
    ...DEMO_NODES.map((n, i) => ({ resource: 'nodes', object: node(n, i, now) })),
    {
      resource: 'configmaps',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace: 'kube-system', name: 'kube-proxy', labels: { app: 'kube-proxy' } },
        data: { 'config.conf': KUBE_PROXY_CONFIG },
      },
    },
    {
      resource: 'services',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller', labels: nginxSelector },
        spec: {
          type: 'LoadBalancer',
          selector: nginxSelector,
          ports: [
            { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
            { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
          ],
        },
      },
    },
    {
      resource: 'services',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { namespace: 'ingress-nginx', name: 'ingress-nginx-controller-admission', labels: nginxSelector },
        spec: { type: 'ClusterIP', selector: nginxSelector, ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook' }] },
      },
    },
    {
      resource: 'endpointslices',
      object: endpointSlice('ingress-nginx', 'ingress-nginx-controller', [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], DEMO_NODES, 1),
    },
    {
      resource: 'services',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { namespace: 'default', name: 'echoserver', labels: { app: 'echoserver' } },
        spec: { type: 'ClusterIP', selector: { app: 'echoserver' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] },
      },
    },
    { resource: 'endpointslices', object: endpointSlice('default', 'echoserver', [{ name: '', port: 80 }], ['node02', 'node03'], 2) },
  ];
}
