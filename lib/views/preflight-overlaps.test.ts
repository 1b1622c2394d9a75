import { describe, expect, it } from 'vitest';
import { flagValue, noExtraNetworkSources, toClusterNetwork, type NetworkInputs } from './cluster-network';
import type { KubeNode, KubeService } from '../shapes/kube';
import { checkPoolOverlaps } from './preflight-overlaps';
import { poolView } from './test-fixtures';

const node = (name: string, ip: string, extra: Partial<KubeNode> = {}): KubeNode => ({
  metadata: { name, ...extra.metadata },
  spec: extra.spec,
  status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
});
const service = (ns: string, name: string, clusterIP: string): KubeService => ({ metadata: { namespace: ns, name }, spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP] } });

const inputs = (over: Partial<NetworkInputs> = {}): NetworkInputs => ({
  nodes: [node('node01', '192.0.2.11'), node('node02', '192.0.2.12')],
  services: [service('default', 'kubernetes', '10.96.0.1'), service('default', 'dns', '10.96.0.10'), service('default', 'headless', 'None')],
  kubeProxyConfig: undefined,
  extra: noExtraNetworkSources(),
  ...over,
});

describe('pools that overlap the cluster (MetalLB #364)', () => {
  it('flags a pool holding a node address and one holding ClusterIPs; names what each IP is', () => {
    const check = checkPoolOverlaps(
      [poolView('lan', ['192.0.2.10-192.0.2.20']), poolView('oops', ['10.96.0.0/28']), poolView('fine', ['198.51.100.0/28'])],
      toClusterNetwork(inputs()),
    );
    expect(check.status).toBe('error');
    expect(check.summary).toBe('2 pools can hand out addresses the cluster already uses (node addresses, the Service or Pod CIDR, gateways): shrink them.');
    expect(check.details).toEqual([
      'pool lan contains 192.0.2.11 (InternalIP of node node01), 192.0.2.12 (InternalIP of node node02)',
      'pool oops contains 10.96.0.1 (ClusterIP of default/kubernetes), 10.96.0.10 (ClusterIP of default/dns)',
    ]);
  });

  it('reads the Service and Pod CIDRs from every source the API offers', () => {
    const net = toClusterNetwork(
      inputs({
        nodes: [node('node01', '192.0.2.11', { spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'] } })],
        kubeProxyConfig: 'mode: ipvs\nclusterCIDR: 10.244.0.0/16\n',
        extra: {
          kubeadmClusterConfiguration: 'networking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n',
          serviceCIDRs: [{ name: 'kubernetes', cidrs: ['10.96.0.0/12', 'fd00:10:96::/108'] }],
          controlPlanePods: [
            { name: 'kube-apiserver-cp1', args: ['kube-apiserver', '--service-cluster-ip-range=10.96.0.0/12'] },
            { name: 'kube-controller-manager-cp1', args: ['kube-controller-manager', '--cluster-cidr', '10.244.0.0/16'] },
          ],
          problems: [],
        },
      }),
    );
    const ranges = net.ranges.map((r) => `${r.kind} ${r.cidr} <- ${r.source}`);
    expect(ranges).toEqual([
      'pod 10.244.0.0/24 <- spec.podCIDRs of node node01',
      'pod fd00:10:244::/64 <- spec.podCIDRs of node node01',
      'pod 10.244.0.0/16 <- kube-proxy clusterCIDR and 2 more',
      'service 10.96.0.0/12 <- kubeadm-config serviceSubnet and 2 more',
      'service fd00:10:96::/108 <- ServiceCIDR kubernetes',
    ]);
    const check = checkPoolOverlaps([poolView('wide', ['10.0.0.0/8'])], net);
    expect(check.details).toContain('pool wide (10.0.0.0/8) overlaps the Pod CIDR 10.244.0.0/16 (kube-proxy clusterCIDR and 2 more)');
    expect(check.details).toContain('pool wide (10.0.0.0/8) overlaps the Service CIDR 10.96.0.0/12 (kubeadm-config serviceSubnet and 2 more)');
  });

  it('checks gateways when nodes carry the annotation, and says they are unknown otherwise', () => {
    const unknown = toClusterNetwork(inputs());
    expect(unknown.notes.find((n) => n.startsWith('Gateways:'))).toMatch(/^Gateways: unknown\. The Kubernetes API does not publish/);
    const annotated = toClusterNetwork(
      inputs({ nodes: [node('node01', '192.0.2.11', { metadata: { name: 'node01', annotations: { 'ironlb.io/gateways': '192.0.2.1, 2001:db8::1' } } })] }),
    );
    const check = checkPoolOverlaps([poolView('low', ['192.0.2.0/29'])], annotated);
    expect(check.details).toEqual(['pool low contains 192.0.2.1 (gateway of node node01, from annotation ironlb.io/gateways)']);
    expect(check.notes).toContain('Gateways: from the ironlb.io/gateways annotation (1 of 1 nodes carry it).');
  });

  it('counts many hits of one kind instead of listing them all', () => {
    const services = Array.from({ length: 40 }, (_, i) => service('apps', `s${i}`, `10.96.1.${i + 1}`));
    const check = checkPoolOverlaps([poolView('svc', ['10.96.1.0/24'])], toClusterNetwork(inputs({ services })));
    expect(check.details).toEqual(['pool svc contains 40 ClusterIPs, e.g. 10.96.1.1 (ClusterIP of apps/s0), 10.96.1.2 (ClusterIP of apps/s1), 10.96.1.3 (ClusterIP of apps/s2)']);
  });

  it('says which sources it could not read, and what it checks instead of an unknown Service CIDR', () => {
    const net = toClusterNetwork(inputs({ extra: { ...noExtraNetworkSources(), problems: ['ServiceCIDRs: forbidden (grant the dashboard read access to see it)'] } }));
    expect(net.notes).toContain('Service CIDR: not published by this cluster (no ServiceCIDR objects, kubeadm-config or kube-apiserver pod); the 2 ClusterIPs of its Services are checked instead');
    expect(net.notes).toContain('Could not read ServiceCIDRs: forbidden (grant the dashboard read access to see it)');
    expect(checkPoolOverlaps([poolView('fine', ['198.51.100.0/28'])], net)).toMatchObject({ status: 'ok', details: [] });
  });

  it.each([
    { args: ['--cluster-cidr=10.1.0.0/16'], want: '10.1.0.0/16' },
    { args: ['--cluster-cidr', '10.2.0.0/16'], want: '10.2.0.0/16' },
    { args: ['--cluster-cidr-other=x'], want: undefined },
  ])('reads flag values in both forms: $args', ({ args, want }) => {
    expect(flagValue(args, '--cluster-cidr')).toBe(want);
  });
});
