// The shipped RBAC is sufficient and minimal. The controller, the speakers and the dashboard run
// as their own ServiceAccounts (tokens loaded from the in-cluster paths, as in a Pod) against
// the embedded API server, which enforces RBAC over the Roles and bindings `kubectl apply -k
// deploy/` created. They do their whole job (allocation, sharing, pinned pools, announcing,
// failover, speaker restart, every dashboard write in ironlb and MetalLB mode), and the server's
// request log must then show: no request denied, and every shipped rule used by its component.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleAllows, type PolicyRule, type RequestAttributes } from '../../lib/rbac/evaluate';
import { ensureAdminSecret } from '../../server/cli/admin-secret';
import { startController } from '../../server/controller';
import { Dashboard } from '../../server/dashboard/dashboard';
import type { DashboardRuntime } from '../../server/dashboard/runtime-view';
import { createObject, formatMicroTime, getObject, listObjects, patchObject, RESOURCES, type Kube, type KubeObject } from '../../server/kube';
import { leaseNameFor } from '../../server/speaker/membership';
import { LEASE_NODE_LABEL, SPEAKER_LEASE_LABELS } from '../../server/speaker/sources';
import { startSimulatedSpeakers, type SimulatedSpeakers } from '../../server/speaker/simulated';
import { VirtualLan } from '../../server/speaker/transport';
import { detectLoadBalancers } from '../../server/worker/detect-load-balancers';
import { dashboardOps } from '../../server/worker/ops/dashboard';
import type { RequestRecord } from '../../server/apiserver/request-log';
import { startCluster, type Cluster } from '../support/cluster';
import { createAdvertisement, createLoadBalancer, createNode, createPool, setEndpoints, waitFor } from '../speaker/support';
import { applyInstall, COMPONENTS, kubeAs, NS, renderInstall, userOf, type Component } from './support';

let cluster: Cluster;
const kubes = {} as Record<Component, Kube>;
const stop = new AbortController();
let sim: SimulatedSpeakers;

const runtime = (kube: Kube, mode: 'cluster' | 'metallb'): DashboardRuntime => ({
  kube,
  systemNamespace: NS,
  push: () => undefined,
  describe: () => ({ mode, state: 'running', cluster: 'test', runsController: false, readOnly: false }),
});

beforeAll(async () => {
  cluster = await startCluster('ironlb-rbac-');
  process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
  process.env.KUBERNETES_SERVICE_PORT = String(cluster.api.port);
  await applyInstall(cluster.api.kubeconfigPath);
  for (const c of COMPONENTS) kubes[c] = (await kubeAs(cluster.kube, c)).kube;
  const admin = cluster.kube;
  for (const n of ['node-a', 'node-b', 'node-c']) await createNode(admin, n);
  await createObject(admin, RESOURCES.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { team: 'web' } } });
  await createPool(admin, 'main', ['192.0.2.0/28']);
  await createObject(admin, RESOURCES.ipaddresspools, {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'pinned', namespace: NS },
    spec: { addresses: ['198.51.100.0/29'], serviceAllocation: { namespaceSelectors: [{ matchLabels: { team: 'web' } }] } },
  });
  await createAdvertisement(admin, 'l2');
  await createObject(admin, RESOURCES.configmaps, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system' },
    data: { 'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\nipvs:\n  strictARP: false\n' },
  });
  // Services the controller allocates for (one shares an IP, one lands in the pinned pool).
  for (const [name, ns, annotations] of [
    ['a', 'default', { 'metallb.io/allow-shared-ip': 'k' }],
    ['b', 'default', { 'metallb.io/allow-shared-ip': 'k' }],
    ['c', 'web', {}],
  ] as const) {
    await createObject(admin, RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, annotations },
      spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: name === 'b' ? 443 : 80, protocol: 'TCP' }] },
    });
    await setEndpoints(admin, name, ['node-a', 'node-b'], ns);
  }
  startController({ kube: kubes.controller, systemNamespace: NS, leaseDurationMs: 5000, renewMs: 500, signal: stop.signal });
  // node-c's speaker crashed earlier and left its Lease: the new process takes its own Lease back (update).
  await createObject(admin, RESOURCES.leases, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: leaseNameFor('node-c'), namespace: NS, labels: { ...SPEAKER_LEASE_LABELS, [LEASE_NODE_LABEL]: 'node-c' } },
    spec: { holderIdentity: 'node-c', leaseDurationSeconds: 90, renewTime: formatMicroTime(new Date()) },
  });
  sim = startSimulatedSpeakers({ kube: kubes.speaker, lan: new VirtualLan(), systemNamespace: NS, signal: stop.signal, resyncMs: 500 });
}, 120_000);

afterAll(async () => {
  stop.abort();
  await sim?.stopped;
  await cluster?.close();
});

type Svc = KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } };
const ipOf = async (ns: string, name: string) => (await getObject<Svc>(cluster.kube, RESOURCES.services, { namespace: ns, name }))?.status?.loadBalancer?.ingress?.[0]?.ip;

describe('the shipped RBAC', () => {
  it('lets every component do its whole job', async () => {
    // Controller and speakers.
    await waitFor('IPs for every service', async () => ((await ipOf('default', 'a')) && (await ipOf('default', 'b')) && (await ipOf('web', 'c')) ? true : undefined));
    expect(await ipOf('web', 'c')).toMatch(/^198\.51\.100\./);
    await waitFor('a speaker announcing the shared IP', () => ([...sim.speakers().values()].some((s) => s.announced().size > 0) ? true : undefined));
    await sim.restart('node-a');
    // A Service asking for an IP no pool has fails, and fails again after an edit: the same Event, counted.
    await createObject(cluster.kube, RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nowhere', namespace: 'default', annotations: { 'metallb.io/loadBalancerIPs': '203.0.113.200' } },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80, protocol: 'TCP' }] },
    });
    const failures = async () =>
      ((await listObjects(cluster.kube, RESOURCES.events, { namespace: 'default' })).items as (KubeObject & { reason?: string; count?: number; involvedObject?: { name?: string } })[]).find(
        (e) => e.involvedObject?.name === 'nowhere' && (e.reason === 'AllocationFailed' || e.reason === 'LoadBalancerFailed'),
      );
    await waitFor('the failure event', async () => (await failures()) ?? undefined);
    await patchObject(cluster.kube, RESOURCES.services, { namespace: 'default', name: 'nowhere' }, { metadata: { labels: { edited: 'yes' } } });
    await waitFor('the same event counted twice', async () => ((await failures())?.count ?? 0) >= 2 || undefined);
    await createLoadBalancer(cluster.kube, 'preset', ['192.0.2.9'], { pool: 'main' });
    await setEndpoints(cluster.kube, 'preset', ['node-c']);
    // The dashboard, in ironlb mode and in MetalLB mode.
    const dash = new Dashboard(kubes.dashboard, runtime(kubes.dashboard, 'cluster'));
    dash.start(stop.signal);
    const metallbDash = new Dashboard(kubes.dashboard, runtime(kubes.dashboard, 'metallb'));
    metallbDash.start(stop.signal);
    await dash.ready();
    await metallbDash.ready();
    const op = (name: keyof typeof dashboardOps, args: Record<string, unknown> = {}) => Promise.resolve((dashboardOps[name] as (d: Dashboard, a: unknown) => unknown)(dash, args));
    await op('services.list');
    await op('overview.get');
    await op('preflight.get');
    const form = { name: 'extra', addresses: ['203.0.113.0/29'], autoAssign: true, avoidBuggyIPs: false };
    await op('pools.create', { form });
    await waitFor('the pool in the cache', async () => ((await op('pools.list')) as { items: { name: string }[] }).items.some((p) => p.name === 'extra') || undefined);
    await op('pools.update', { name: 'extra', form: { ...form, autoAssign: false } });
    await op('pools.delete', { name: 'extra', confirm: true });
    const ad = { name: 'l2-extra', ipAddressPools: ['main'], ipAddressPoolSelectors: [], nodeSelectors: [], interfaces: [], serviceSelectors: [], preferredNodeSelectors: [] };
    await op('l2advertisements.create', { form: ad });
    await waitFor('the advertisement in the cache', async () => ((await op('l2advertisements.list')) as { items: { name: string }[] }).items.some((a) => a.name === 'l2-extra') || undefined);
    await op('l2advertisements.update', { name: 'l2-extra', form: { ...ad, interfaces: ['eth0'] } });
    await op('l2advertisements.delete', { name: 'l2-extra' });
    await op('nodes.setExclusion', { nodes: ['node-c'], excluded: true });
    await op('nodes.setExclusion', { nodes: ['node-c'], excluded: false });
    await op('preflight.fixStrictArp');
    await op('import.source');
    await op('objects.get', { kind: 'IPAddressPool', name: 'main' });
    await op('objects.get', { kind: 'ConfigMap', name: 'kube-system/kube-proxy' });
    await detectLoadBalancers(kubes.dashboard, NS);
    expect((await ensureAdminSecret(kubes.dashboard, NS, 'ironlb-dashboard-admin')).ok).toBe(true);
    const denied = cluster.api.requests.entries().filter((r) => !r.allowed);
    expect(denied.map((r) => `${r.user} ${r.verb} ${r.apiGroup}/${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${r.namespace ?? '(cluster)'} ${r.name ?? ''}`)).toEqual([]);
  }, 120_000);

  it('has no rule its component never used', async () => {
    const objects = await renderInstall(cluster.api.kubeconfigPath);
    const unused: string[] = [];
    for (const c of COMPONENTS) {
      const mine = cluster.api.requests.entries().filter((r) => r.user === userOf(c));
      for (const { rule, namespace, role } of rulesOf(objects, `ironlb-${c}`)) {
        for (const atom of atoms(rule)) {
          if (RARE_PATHS.some((p) => p.component === c && ruleAllows(atom, p.request))) continue;
          const used = mine.some((r) => (namespace === undefined || r.namespace === namespace) && ruleAllows(atom, r as RequestAttributes));
          if (!used) unused.push(`${c}: ${role} ${atom.verbs[0]} ${atom.apiGroups?.[0]}/${atom.resources?.[0]}${atom.resourceNames ? ` (${atom.resourceNames.join()})` : ''}`);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});

/**
 * Rules for paths a healthy run does not take, each with the code that takes it. Every other
 * rule must be seen in use.
 */
const RARE_PATHS: { component: Component; request: RequestAttributes; why: string }[] = [
  {
    component: 'controller',
    request: { verb: 'get', apiGroup: '', resource: 'services', namespace: 'default', name: 'x' },
    why: 'a status write that conflicts re-reads the Service (updateWithRetry in server/kube/objects.ts)',
  },
  {
    component: 'controller',
    request: { verb: 'get', apiGroup: 'metallb.io', resource: 'ipaddresspools', namespace: 'metallb-system', name: 'x' },
    why: 'a pool status write that conflicts (the pool was edited meanwhile) re-reads the pool',
  },
  {
    component: 'dashboard',
    request: { verb: 'list', apiGroup: 'networking.k8s.io', resource: 'servicecidrs' },
    why: "preflight's overlap check lists ServiceCIDRs (server/dashboard/network-sources.ts); the embedded API server does not serve them, a Kubernetes 1.33 cluster does",
  },
];

/** The rules bound to a ServiceAccount, with the namespace a Role confines them to. */
function rulesOf(objects: KubeObject[], account: string): { rule: PolicyRule; namespace?: string; role: string }[] {
  const out: { rule: PolicyRule; namespace?: string; role: string }[] = [];
  const roles = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole') as (KubeObject & { rules: PolicyRule[] })[];
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') as (KubeObject & {
    roleRef: { kind: string; name: string };
    subjects: { kind: string; name: string; namespace?: string }[];
  })[]) {
    if (!b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === account)) continue;
    const role = roles.find((r) => r.kind === b.roleRef.kind && r.metadata.name === b.roleRef.name && (r.kind === 'ClusterRole' || r.metadata.namespace === b.metadata.namespace));
    for (const rule of role?.rules ?? []) out.push({ rule, namespace: b.kind === 'RoleBinding' ? b.metadata.namespace : undefined, role: `${b.roleRef.kind} ${b.roleRef.name}` });
  }
  return out;
}

/** A rule split into one rule per (group, resource, verb): each must be used. */
function atoms(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) for (const v of rule.verbs) out.push({ apiGroups: [g], resources: [r], verbs: [v], resourceNames: rule.resourceNames });
  return out;
}

export type { RequestRecord };
