// OpenAPI schemas of the metallb.io kinds this server serves natively (no CRD object needed), in the
// words of MetalLB's CRDs; a CustomResourceDefinition stored for the same kind replaces them (openapi.ts).
type Schema = Record<string, unknown>;

const labelSelectors = (description: string): Schema => ({
  type: 'array', description, items: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
});
const strings = (description: string): Schema => ({ type: 'array', description, items: { type: 'string' } });
const opaque = (description: string): Schema => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });

const IP_ADDRESS_POOL_SPEC: Schema = {
  type: 'object',
  description: 'IPAddressPoolSpec defines the desired state of IPAddressPool.',
  required: ['addresses'],
  properties: {
    addresses: strings('A list of IP address ranges over which MetalLB has authority. You can list multiple ranges in a single pool, they will all share the same settings. Each range can be either a CIDR prefix, or an explicit start-end range of IPs.'),
    autoAssign: { type: 'boolean', default: true, description: 'AutoAssign flag used to prevent MetallB from automatic allocation for a pool.' },
    avoidBuggyIPs: { type: 'boolean', default: false, description: 'AvoidBuggyIPs prevents addresses ending with .0 and .255 to be used by a pool.' },
    serviceAllocation: {
      type: 'object',
      description: 'AllocateTo makes ip pool allocation to specific namespace and/or service. The controller will use the pool with lowest value of priority in case of multiple matches. A pool with no priority set will be used only if the pools with priority can\'t be used. If multiple matching IPAddressPools are available it will check for the availability of IPs sorting the matching IPAddressPools by priority, starting from the highest to the lowest. If multiple IPAddressPools have the same priority, choice will be random.',
      properties: {
        priority: { type: 'integer', format: 'int32', description: 'Priority priority given for ip pool while ip allocation on a service.' },
        namespaces: strings('Namespaces list of namespace(s) on which ip pool can be attached.'),
        namespaceSelectors: labelSelectors('NamespaceSelectors list of label selectors to select namespace(s) for ip pool, an alternative to using namespace list.'),
        serviceSelectors: labelSelectors('ServiceSelectors list of label selector to select service(s) for which ip pool can be used for ip allocation.'),
      },
    },
  },
};

const IP_ADDRESS_POOL_STATUS: Schema = {
  type: 'object',
  description: 'IPAddressPoolStatus defines the observed state of IPAddressPool.',
  properties: Object.fromEntries(['assignedIPv4', 'assignedIPv6', 'availableIPv4', 'availableIPv6'].map((f) => [f, {
    type: 'integer', format: 'int64',
    description: `${f.startsWith('assigned') ? 'AssignedIPv' : 'AvailableIPv'}${f.slice(-1)} is the number of ${f.startsWith('assigned') ? 'assigned' : 'available'} IPv${f.slice(-1)} addresses.`,
  }])),
};

const L2_ADVERTISEMENT_SPEC: Schema = {
  type: 'object',
  description: 'L2AdvertisementSpec defines the desired state of L2Advertisement.',
  properties: {
    ipAddressPools: strings('The list of IPAddressPools to advertise via this advertisement, selected by name.'),
    ipAddressPoolSelectors: labelSelectors('A selector for the IPAddressPools which would get advertised via this advertisement. If no IPAddressPool is selected by this or by the list, the advertisement is applied to all the IPAddressPools.'),
    nodeSelectors: labelSelectors('NodeSelectors allows to limit the nodes to announce as next hops for the LoadBalancer IP. When empty, all the nodes having  are announced.'),
    interfaces: strings('A list of interfaces to announce from. The LB IP will be announced only from these interfaces. If the field is not set, we advertise from all the interfaces on the host.'),
  },
};

const SERVICE_L2_STATUS_STATUS: Schema = {
  type: 'object',
  description: 'MetalLBServiceL2Status defines the observed state of ServiceL2Status.',
  properties: {
    node: { type: 'string', description: 'Node indicates the node that receives the directed traffic' },
    serviceName: { type: 'string', description: 'ServiceName indicates the service this status represents' },
    serviceNamespace: { type: 'string', description: 'ServiceNamespace indicates the namespace of the service' },
    interfaces: {
      type: 'array', description: 'Interfaces indicates the interfaces that receive the directed traffic',
      items: { type: 'object', description: 'InterfaceInfo defines interface info of layer2 announcement.', properties: { name: { type: 'string', description: 'Name the name of network interface card' } } },
    },
  },
};

/** kind -> [description, spec, status] */
export const METALLB_SCHEMAS: Record<string, [string, Schema, Schema?]> = {
  IPAddressPool: ['IPAddressPool represents a pool of IP addresses that can be allocated to LoadBalancer services.', IP_ADDRESS_POOL_SPEC, IP_ADDRESS_POOL_STATUS],
  L2Advertisement: ['L2Advertisement allows to advertise the LoadBalancer IPs provided by the selected pools via L2.', L2_ADVERTISEMENT_SPEC, { type: 'object', description: 'L2AdvertisementStatus defines the observed state of L2Advertisement.' }],
  ServiceL2Status: ['ServiceL2Status reveals the actual traffic status of loadbalancer services in layer2 mode.', { type: 'object', description: 'ServiceL2StatusSpec defines the desired state of ServiceL2Status.' }, SERVICE_L2_STATUS_STATUS],
  BGPAdvertisement: ['BGPAdvertisement allows to advertise the IPs coming from the selected IPAddressPools via BGP, setting the parameters of the BGP Advertisement.', opaque('BGPAdvertisementSpec defines the desired state of BGPAdvertisement (BGP is stored, not run, here).'), opaque('BGPAdvertisementStatus defines the observed state of BGPAdvertisement.')],
  BFDProfile: ['BFDProfile represents the settings of the bfd session that can be optionally associated with a BGP session.', opaque('BFDProfileSpec defines the desired state of BFDProfile.')],
  Community: ['Community is a collection of aliases for communities. Users can define named aliases to be used in the BGPPeer CRD.', opaque('CommunitySpec defines the desired state of Community.')],
  BGPPeer: ['BGPPeer is the Schema for the peers API.', opaque('BGPPeerSpec defines the desired state of Peer.'), opaque('BGPPeerStatus defines the observed state of Peer.')],
};
