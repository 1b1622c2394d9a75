// The controller's view of a core/v1 Service: the plain shape it reads, and its flattening into
// the allocator's AllocService. Pure; no client-node types (lib/ runs in the browser too).
import type { AllocPort, AllocService, IPFamilyPolicy } from '../allocator';
import type { KubeService } from '../shapes/kube';
import { ipFamilyOf, type IPFamily } from '../ip';

export type Labels = Readonly<Record<string, string>>;

/** The Service as the controller reads it: lib/shapes/kube's. */
export type ServiceObject = KubeService;

export const serviceKey = (svc: ServiceObject): string => `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;

export const isLoadBalancer = (svc: ServiceObject): boolean => svc.spec?.type === 'LoadBalancer';

/** IPs in status.loadBalancer.ingress, in order (hostnames ignored). */
export function statusIPs(svc: ServiceObject): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

/** The service's ClusterIPs; `None` (headless) and empty strings do not count. */
export function clusterIPsOf(svc: ServiceObject): string[] {
  const all = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : [svc.spec?.clusterIP ?? ''];
  return all.filter((ip) => ip !== '' && ip !== 'None');
}

function familiesOf(svc: ServiceObject): IPFamily[] {
  const declared = (svc.spec?.ipFamilies ?? []).filter((f): f is IPFamily => f === 'IPv4' || f === 'IPv6');
  if (declared.length) return declared;
  const fromClusterIPs = clusterIPsOf(svc)
    .map((ip) => ipFamilyOf(ip))
    .filter((f): f is IPFamily => f !== null);
  return fromClusterIPs.length ? fromClusterIPs : ['IPv4'];
}

function policyOf(svc: ServiceObject): IPFamilyPolicy {
  const p = svc.spec?.ipFamilyPolicy;
  return p === 'PreferDualStack' || p === 'RequireDualStack' ? p : 'SingleStack';
}

function portsOf(svc: ServiceObject): AllocPort[] {
  return (svc.spec?.ports ?? []).map((p) => ({ protocol: (p.protocol ?? 'TCP').toUpperCase(), port: p.port ?? 0 }));
}

export function toAllocService(svc: ServiceObject, namespaceLabels: Labels): AllocService {
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    labels: svc.metadata.labels ?? {},
    namespaceLabels,
    annotations: svc.metadata.annotations ?? {},
    loadBalancerIP: svc.spec?.loadBalancerIP || undefined,
    ipFamilies: familiesOf(svc),
    ipFamilyPolicy: policyOf(svc),
    ports: portsOf(svc),
    externalTrafficPolicy: svc.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    selector: svc.spec?.selector ?? {},
  };
}

/**
 * SEMANTICS §2: without a configured class only class-less services are ours; with one, only
 * services of exactly that class.
 */
export function isOurClass(svc: ServiceObject, loadBalancerClass: string | undefined): boolean {
  const cls = svc.spec?.loadBalancerClass || undefined;
  return loadBalancerClass ? cls === loadBalancerClass : cls === undefined;
}

/** What the first pass orders services by (compareForFirstPass). */
interface FirstPassFacts {
  pending: number;
  created: string;
  key: string;
}

const firstPassFacts = (svc: ServiceObject): FirstPassFacts => ({
  pending: statusIPs(svc).length > 0 ? 0 : 1,
  created: svc.metadata.creationTimestamp ?? '',
  key: serviceKey(svc),
});

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const compareFacts = (a: FirstPassFacts, b: FirstPassFacts): number =>
  a.pending - b.pending || compareText(a.created, b.created) || compareText(a.key, b.key);

/**
 * Restart order: services that already have IPs first (oldest first, then by key), so a
 * restart re-records every existing IP before any pending service can take one.
 */
export function compareForFirstPass(a: ServiceObject, b: ServiceObject): number {
  return compareFacts(firstPassFacts(a), firstPassFacts(b));
}

/**
 * The services in compareForFirstPass's order, each one's facts read once rather than at every
 * comparison (the controller sorts every Service when it starts and on each config change).
 */
export function sortForFirstPass<T extends ServiceObject>(services: readonly T[]): T[] {
  const decorated = services.map((svc) => ({ svc, facts: firstPassFacts(svc) }));
  decorated.sort((a, b) => compareFacts(a.facts, b.facts));
  return decorated.map((d) => d.svc);
}

/**
 * What decides whether other services may share this one's IP (ports, sharing key, traffic
 * policy, selector). When it changes on a holder, pending services may fit now.
 */
export function sharingSignature(svc: ServiceObject): string {
  const a = svc.metadata.annotations ?? {};
  const ports = (svc.spec?.ports ?? []).map((p) => `${(p.protocol ?? 'TCP').toUpperCase()}/${p.port ?? 0}`).sort();
  const selector = Object.entries(svc.spec?.selector ?? {}).sort();
  const key = a['metallb.io/allow-shared-ip'] ?? a['metallb.universe.tf/allow-shared-ip'] ?? '';
  return JSON.stringify([ports, key, svc.spec?.externalTrafficPolicy ?? 'Cluster', selector]);
}
