// What address space the cluster already uses, gathered from what the Kubernetes API publishes:
// node addresses, Pod CIDRs, the Service CIDR, Services' ClusterIPs and (where an operator or a
// tool wrote them down) the nodes' gateways. Feeds the pool-overlap preflight (MetalLB #364).
//
// Where each fact comes from, and what cannot be known:
// - Node addresses: Node status.addresses (InternalIP, ExternalIP).
// - Pod CIDRs: Node spec.podCIDR(s) (set when the controller-manager allocates node CIDRs), the
//   kube-proxy ConfigMap's clusterCIDR, kubeadm-config's networking.podSubnet, and the
//   kube-controller-manager pod's --cluster-cidr flag. A CNI with its own IPAM (Calico, Cilium
//   cluster-pool) may use other ranges the API does not show.
// - Service CIDR: ServiceCIDR objects (networking.k8s.io/v1, Kubernetes 1.33+), kubeadm-config's
//   networking.serviceSubnet, and the kube-apiserver pod's --service-cluster-ip-range flag; and
//   in every cluster, each Service's ClusterIPs (default/kubernetes holds the range's first IP).
// - Gateways: the API does not publish them. A node annotation ironlb.io/gateways
//   ("192.0.2.1,2001:db8::1") is read when present; otherwise the check says gateways are unknown.
import { parseDocument } from 'yaml';
import { parseIP, parsePoolAddress, type IPAddr, type IPRange } from '../ip';
import type { KubeConfigMap, KubeNode, KubeService } from '../shapes/kube';

export const GATEWAYS_ANNOTATION = 'ironlb.io/gateways';

export interface RangeFact {
  cidr: string;
  range: IPRange;
  kind: 'service' | 'pod';
  source: string;
}

export interface AddressFact {
  ip: string;
  addr: IPAddr;
  kind: 'node' | 'clusterIP' | 'gateway';
  /** "InternalIP of node02", "ClusterIP of default/kubernetes". */
  what: string;
}

export interface ClusterNetwork {
  ranges: RangeFact[];
  addresses: AddressFact[];
  /** What was learnt and what could not be, in words. */
  notes: string[];
}

/** What the server reads besides its informers (polled: these change rarely and may be forbidden). */
export interface ExtraNetworkSources {
  /** kube-system/kubeadm-config, key ClusterConfiguration (kubeadm clusters only). */
  kubeadmClusterConfiguration?: string;
  serviceCIDRs: { name: string; cidrs: string[] }[];
  /** Command lines of the control-plane pods in kube-system (static pods of kubeadm, RKE2, ...). */
  controlPlanePods: { name: string; args: string[] }[];
  /** Sources that could not be read, with why ("ServiceCIDRs: forbidden"). */
  problems: string[];
}

export const noExtraNetworkSources = (): ExtraNetworkSources => ({ serviceCIDRs: [], controlPlanePods: [], problems: [] });

export interface NetworkInputs {
  nodes: readonly KubeNode[];
  services: readonly KubeService[];
  kubeProxyConfig: string | undefined;
  extra: ExtraNetworkSources;
  /**
   * The parsed ClusterIPs of each Service object, kept by the caller between rebuilds: objects
   * from an informer cache stay the same until they change, and parsing 10,000 addresses again
   * for every new Service would cost tens of milliseconds each time.
   */
  memo?: WeakMap<KubeService, AddressFact[]>;
}

const splitList = (s: string | undefined): string[] => (s ?? '').split(/[\s,]+/).filter(Boolean);

function rangesFrom(cidrs: string[], kind: RangeFact['kind'], source: string): RangeFact[] {
  const out: RangeFact[] = [];
  for (const cidr of cidrs) {
    const range = cidr.includes('/') ? parsePoolAddress(cidr) : null;
    if (range?.ok) out.push({ cidr, range: range.value, kind, source });
  }
  return out;
}

function address(ip: string, kind: AddressFact['kind'], what: string): AddressFact[] {
  const parsed = parseIP(ip.trim());
  return parsed.ok ? [{ ip: ip.trim(), addr: parsed.value, kind, what }] : [];
}

function fromNodes(nodes: NetworkInputs['nodes']): { ranges: RangeFact[]; addresses: AddressFact[] } {
  const ranges: RangeFact[] = [];
  const addresses: AddressFact[] = [];
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const podCIDRs = n.spec?.podCIDRs?.length ? n.spec.podCIDRs : splitList(n.spec?.podCIDR);
    ranges.push(...rangesFrom(podCIDRs, 'pod', `spec.podCIDRs of node ${name}`));
    for (const a of n.status?.addresses ?? []) {
      if (a.type === 'InternalIP' || a.type === 'ExternalIP') addresses.push(...address(a.address, 'node', `${a.type} of node ${name}`));
    }
    for (const gw of splitList(n.metadata.annotations?.[GATEWAYS_ANNOTATION])) {
      addresses.push(...address(gw, 'gateway', `gateway of node ${name}, from annotation ${GATEWAYS_ANNOTATION}`));
    }
  }
  return { ranges, addresses };
}

function clusterIPFacts(s: KubeService): AddressFact[] {
  const ips = s.spec?.clusterIPs?.length ? s.spec.clusterIPs : splitList(s.spec?.clusterIP);
  const name = `${s.metadata.namespace ?? ''}/${s.metadata.name ?? ''}`;
  return ips.filter((ip) => ip !== 'None').flatMap((ip) => address(ip, 'clusterIP', `ClusterIP of ${name}`));
}

function fromServices(services: readonly KubeService[], memo = new WeakMap<KubeService, AddressFact[]>()): AddressFact[] {
  const out: AddressFact[] = [];
  for (const s of services) {
    let facts = memo.get(s);
    if (!facts) {
      facts = clusterIPFacts(s);
      memo.set(s, facts);
    }
    for (const f of facts) out.push(f);
  }
  return out;
}

function yamlValue(text: string | undefined, path: string[]): string | undefined {
  if (!text) return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const v = doc.getIn(path);
  return typeof v === 'string' ? v : undefined;
}

/** `--flag=value` or `--flag value` in a command line. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
    if (args[i] === flag) return args[i + 1];
  }
  return undefined;
}

function fromConfig(inputs: NetworkInputs): RangeFact[] {
  const { extra } = inputs;
  const kubeadm = extra.kubeadmClusterConfiguration;
  const ranges = [
    ...rangesFrom(splitList(yamlValue(inputs.kubeProxyConfig, ['clusterCIDR'])), 'pod', 'kube-proxy clusterCIDR'),
    ...rangesFrom(splitList(yamlValue(kubeadm, ['networking', 'podSubnet'])), 'pod', 'kubeadm-config podSubnet'),
    ...rangesFrom(splitList(yamlValue(kubeadm, ['networking', 'serviceSubnet'])), 'service', 'kubeadm-config serviceSubnet'),
  ];
  for (const s of extra.serviceCIDRs) ranges.push(...rangesFrom(s.cidrs, 'service', `ServiceCIDR ${s.name}`));
  for (const p of extra.controlPlanePods) {
    ranges.push(...rangesFrom(splitList(flagValue(p.args, '--service-cluster-ip-range')), 'service', `--service-cluster-ip-range of pod ${p.name}`));
    ranges.push(...rangesFrom(splitList(flagValue(p.args, '--cluster-cidr')), 'pod', `--cluster-cidr of pod ${p.name}`));
  }
  return ranges;
}

/** One fact per CIDR: the first source that named it, plus how many others agree. */
function dedupeRanges(ranges: RangeFact[]): RangeFact[] {
  const byKey = new Map<string, { fact: RangeFact; more: number }>();
  for (const r of ranges) {
    const key = `${r.kind} ${r.range.family} ${r.range.first} ${r.range.last}`;
    const seen = byKey.get(key);
    if (seen) seen.more++;
    else byKey.set(key, { fact: r, more: 0 });
  }
  return [...byKey.values()].map(({ fact, more }) => (more ? { ...fact, source: `${fact.source} and ${more} more` } : fact));
}

function describeRanges(ranges: RangeFact[], kind: RangeFact['kind'], unknown: string): string {
  const of = ranges.filter((r) => r.kind === kind);
  const label = kind === 'service' ? 'Service CIDR' : 'Pod CIDRs';
  if (!of.length) return `${label}: ${unknown}`;
  const shown = of.slice(0, 4).map((r) => `${r.cidr} (${r.source})`);
  return `${label}: ${shown.join(', ')}${of.length > 4 ? ` and ${of.length - 4} more` : ''}`;
}

function describeGateways(addresses: AddressFact[], nodes: number): string {
  const annotated = new Set(addresses.filter((a) => a.kind === 'gateway').map((a) => a.what)).size;
  if (annotated) return `Gateways: from the ${GATEWAYS_ANNOTATION} annotation (${annotated} of ${nodes} nodes carry it).`;
  return `Gateways: unknown. The Kubernetes API does not publish the nodes' default gateways; annotate each node with ${GATEWAYS_ANNOTATION}=<ip>[,<ip>] (from "ip route show default" on the node) to have them checked.`;
}

export function toClusterNetwork(inputs: NetworkInputs): ClusterNetwork {
  const nodes = fromNodes(inputs.nodes);
  const clusterIPs = fromServices(inputs.services, inputs.memo);
  const ranges = dedupeRanges([...nodes.ranges, ...fromConfig(inputs)]);
  const addresses = [...nodes.addresses, ...clusterIPs];
  const notes = [
    describeRanges(ranges, 'service', `not published by this cluster (no ServiceCIDR objects, kubeadm-config or kube-apiserver pod); the ${clusterIPs.length} ClusterIPs of its Services are checked instead`),
    describeRanges(ranges, 'pod', 'not published by this cluster (no node spec.podCIDR, kube-proxy clusterCIDR, kubeadm-config or kube-controller-manager pod); a CNI with its own IPAM may use ranges the API does not show'),
    describeGateways(addresses, inputs.nodes.length),
    ...inputs.extra.problems.map((p) => `Could not read ${p}`),
  ];
  return { ranges, addresses, notes };
}

/** kube-system/kubeadm-config's ClusterConfiguration text, if the ConfigMap is there. */
export const kubeadmClusterConfiguration = (cm: KubeConfigMap | undefined): string | undefined => cm?.data?.ClusterConfiguration;
