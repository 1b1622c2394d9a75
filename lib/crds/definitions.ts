// The metallb.io/v1beta1 CustomResourceDefinitions ironlb installs: the same group, kinds,
// fields and printer columns as MetalLB's (so either project reads the other's objects), with
// schemas and CEL rules written here. deploy/crds/*.yaml is generated from these
// (`npm run gen:crds`); a test fails when the files fall behind.
import { arr, bool, int, labelSelector, obj, str, topLevel, type JSONSchemaProps } from './schema';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'boolean' | 'integer' | 'date';
  jsonPath: string;
  priority?: number;
}

export interface CrdSpec {
  kind: string;
  plural: string;
  shortNames?: string[];
  description: string;
  columns: PrinterColumn[];
  schema: JSONSchemaProps;
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** One address or range; the controller checks families, order and overlaps (see docs). */
const address = str('A CIDR (192.0.2.0/28, 2001:db8::/120) or an inclusive range (192.0.2.10-192.0.2.20).', {
  minLength: 1,
  maxLength: 100,
  'x-kubernetes-validations': [
    {
      rule: "self.matches('^[0-9a-fA-F.:]+(/[0-9]{1,3})?$') || self.matches('^[0-9a-fA-F.:]+ *- *[0-9a-fA-F.:]+$')",
      message: 'must be a CIDR (192.0.2.0/28) or a range (192.0.2.10-192.0.2.20)',
    },
  ],
});

const ipAddressPool: CrdSpec = {
  kind: 'IPAddressPool',
  plural: 'ipaddresspools',
  description: 'A pool of IP addresses handed out to Services of type LoadBalancer.',
  columns: [
    { name: 'Auto Assign', type: 'boolean', jsonPath: '.spec.autoAssign' },
    { name: 'Avoid Buggy IPs', type: 'boolean', jsonPath: '.spec.avoidBuggyIPs' },
    { name: 'Addresses', type: 'string', jsonPath: '.spec.addresses' },
    age,
  ],
  schema: topLevel(
    'A pool of IP addresses handed out to Services of type LoadBalancer.',
    obj(
      'Which addresses the pool holds and who may get them.',
      {
        addresses: arr('Addresses of the pool; all share its settings. At least one.', address, {
          minItems: 1,
          maxItems: 1000,
          'x-kubernetes-list-type': 'set',
        }),
        autoAssign: bool('Hand out addresses automatically; false serves only explicit requests.', { default: true }),
        avoidBuggyIPs: bool('Never hand out IPv4 addresses ending in .0 or .255.', { default: false }),
        serviceAllocation: obj(
          'Pins the pool to namespaces and/or Services. With several matching pools the lowest positive priority is tried first; pools without a priority come last.',
          {
            priority: int('Lower numbers first; 0 or unset sorts after every positive priority.', { minimum: 0 }),
            namespaces: arr('Namespaces whose Services may use the pool.', str('a namespace name', { maxLength: 63 }), {
              'x-kubernetes-list-type': 'set',
            }),
            namespaceSelectors: arr('Namespaces selected by label, an alternative to the list.', labelSelector('a namespace selector')),
            serviceSelectors: arr('Services that may use the pool, selected by label.', labelSelector('a service selector')),
          },
        ),
      },
      { required: ['addresses'] },
    ),
    obj('Counters written by the controller (an address shared by several Services counts once).', {
      assignedIPv4: int('IPv4 addresses in use.', { format: 'int64' }),
      assignedIPv6: int('IPv6 addresses in use.', { format: 'int64' }),
      availableIPv4: int('IPv4 addresses still free.', { format: 'int64' }),
      availableIPv6: int('IPv6 addresses still free.', { format: 'int64' }),
    }),
    { required: ['spec'] },
  ),
};

const l2Advertisement: CrdSpec = {
  kind: 'L2Advertisement',
  plural: 'l2advertisements',
  description: 'Which pools are announced with ARP/NDP, from which nodes and interfaces.',
  columns: [
    { name: 'IPAddressPools', type: 'string', jsonPath: '.spec.ipAddressPools' },
    { name: 'IPAddressPool Selectors', type: 'string', jsonPath: '.spec.ipAddressPoolSelectors' },
    { name: 'Interfaces', type: 'string', jsonPath: '.spec.interfaces' },
    { name: 'Node Selectors', type: 'string', jsonPath: '.spec.nodeSelectors', priority: 10 },
    age,
  ],
  schema: topLevel(
    'Which pools are announced with ARP/NDP, from which nodes and interfaces.',
    obj('Empty lists mean all: every pool, every node, every eligible interface, every Service.', {
      ipAddressPools: arr('Pools announced, by name.', str('a pool name', { maxLength: 253 }), { 'x-kubernetes-list-type': 'set' }),
      ipAddressPoolSelectors: arr('Pools announced, selected by label.', labelSelector('a pool selector')),
      nodeSelectors: arr('Nodes allowed to announce (any selector matching).', labelSelector('a node selector')),
      interfaces: arr('Interfaces to announce on.', str('an interface name', { maxLength: 15 }), { 'x-kubernetes-list-type': 'set' }),
      serviceSelectors: arr('Services announced, selected by label.', labelSelector('a service selector')),
      preferredNodeSelectors: arr(
        'Nodes to prefer: the candidates with the highest summed weight win; ties go by the hash ranking.',
        obj(
          'a weighted preference',
          {
            weight: int('1 to 100.', { minimum: 1, maximum: 100 }),
            preference: labelSelector('nodes this weight applies to'),
          },
          { required: ['weight', 'preference'] },
        ),
      ),
    }),
    obj('Reserved.', {}),
  ),
};

const serviceL2Status: CrdSpec = {
  kind: 'ServiceL2Status',
  plural: 'servicel2statuses',
  description: 'Written by the speaker that announces a Service: which node answers for its IPs.',
  columns: [
    { name: 'Allocated Node', type: 'string', jsonPath: '.status.node' },
    { name: 'Service Name', type: 'string', jsonPath: '.status.serviceName' },
    { name: 'Service Namespace', type: 'string', jsonPath: '.status.serviceNamespace' },
    age,
  ],
  schema: topLevel(
    'Written by the speaker that announces a Service: which node answers for its IPs.',
    obj('Reserved.', {}),
    obj('Where the Service is announced.', {
      node: str('The announcing node.'),
      serviceName: str('The Service.'),
      serviceNamespace: str("The Service's namespace."),
      interfaces: arr('Interfaces the node announces on.', obj('an interface', { name: str('Its name.') }, { required: ['name'] })),
    }),
  ),
};

const configurationState: CrdSpec = {
  kind: 'ConfigurationState',
  plural: 'configurationstates',
  description: 'Whether a component could use the configuration, and why not (MetalLB 0.15.3).',
  columns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Node', type: 'string', jsonPath: '.spec.nodeName' },
    { name: 'Result', type: 'string', jsonPath: '.status.result' },
    { name: 'Errors', type: 'string', jsonPath: '.status.errorSummary' },
    age,
  ],
  schema: topLevel(
    'Whether a component could use the configuration, and why not.',
    obj(
      'Which component reports.',
      {
        type: str('Controller or Speaker.', { enum: ['Controller', 'Speaker'] }),
        nodeName: str("The speaker's node."),
      },
      {
        required: ['type'],
        'x-kubernetes-validations': [{ rule: "self.type != 'Speaker' || has(self.nodeName)", message: 'a Speaker state names its node' }],
      },
    ),
    obj('The verdict on the latest configuration.', {
      result: str('Valid, Invalid, or Unknown before the first check.', { enum: ['Valid', 'Invalid', 'Unknown'] }),
      errorSummary: str('Every problem found, one per line; empty when Valid.'),
      conditions: arr(
        'One condition per check (type ConfigValid), as Kubernetes conditions.',
        obj(
          'a condition',
          {
            type: str('The check.'),
            status: str('True, False or Unknown.', { enum: ['True', 'False', 'Unknown'] }),
            reason: str('A CamelCase reason.'),
            message: str('What is wrong, in words.'),
            lastTransitionTime: str('When the status last changed.', { format: 'date-time' }),
            observedGeneration: int('The generation checked.', { format: 'int64', minimum: 0 }),
          },
          { required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'] },
        ),
        { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
      ),
    }),
  ),
};

export const CRDS: readonly CrdSpec[] = [ipAddressPool, l2Advertisement, serviceL2Status, configurationState];

/** The CustomResourceDefinition object for one spec. */
export function toCrd(spec: CrdSpec): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.plural}.metallb.io`, labels: { 'app.kubernetes.io/name': 'ironlb' } },
    spec: {
      group: 'metallb.io',
      names: {
        kind: spec.kind,
        listKind: `${spec.kind}List`,
        plural: spec.plural,
        singular: spec.kind.toLowerCase(),
        ...(spec.shortNames ? { shortNames: spec.shortNames } : {}),
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: spec.columns,
          schema: { openAPIV3Schema: spec.schema },
        },
      ],
    },
  };
}
