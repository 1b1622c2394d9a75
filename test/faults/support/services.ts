// The services and pools the controller fault scenarios converge: IPv6 ones from a large pool, and
// IPv4 pairs that share an IP by the rules (one sharing key, ports 80 and 443).
import { createObject, deleteObject, RESOURCES, type Kube, type KubeObject } from '../../../server/kube';
import { NS } from '../../support/cluster';

export const POOLS = [
  { name: 'v6', addresses: ['2001:db8::/112'] },
  { name: 'v4', addresses: ['192.0.2.0/24', '198.51.100.0/24'] },
];

export function createPools(kube: Kube, pools = POOLS) {
  return Promise.all(pools.map((p) => createObject(kube, RESOURCES.ipaddresspools, {
    apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: p.name, namespace: NS }, spec: { addresses: p.addresses },
  })));
}

/** Service number `i`: every 4th and 5th of ten is an IPv4 pair sharing key `k<i/10>`; the rest IPv6. No node ports. */
export function serviceBody(name: string, i: number): KubeObject {
  const shared = i % 10 === 4 || i % 10 === 5;
  return {
    metadata: { name, namespace: 'default', annotations: shared ? { 'metallb.io/allow-shared-ip': `k${Math.floor(i / 10)}` } : {} as Record<string, string> },
    spec: {
      type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ipFamilies: [shared ? 'IPv4' : 'IPv6'], ipFamilyPolicy: 'SingleStack',
      ports: [{ port: i % 10 === 5 ? 443 : 80, protocol: 'TCP' }], selector: { app: shared ? `pair-${Math.floor(i / 10)}` : name },
    },
  };
}

export const createService = (kube: Kube, name: string, i: number) => createObject(kube, RESOURCES.services, serviceBody(name, i));
export const deleteService = (kube: Kube, name: string) => deleteObject(kube, RESOURCES.services, { namespace: 'default', name });
