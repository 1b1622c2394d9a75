// kubectl's own columns for the built-in kinds we serve, and CRD-style printer columns for metallb.io.
// Pure functions from a stored object to cells; tables.ts wraps them into meta.k8s.io Tables.
import { ageOf } from './human-duration';
import { asList, asMap, asString, readPath } from './json-path';
import type { ColumnDefinition, KubeObject, TableSpec } from './types';

export const column = (name: string, priority = 0, type = 'string', format = '', description = ''): ColumnDefinition => ({
  name, type, format, description, priority,
});

const nameColumn = column('Name', 0, 'string', 'name', 'Name must be unique within a namespace.');
const ageColumn = column('Age', 0, 'string', '', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
const age = (o: KubeObject, now: number) => ageOf(o.metadata.creationTimestamp, now);
const orNone = (s: string) => (s === '' ? '<none>' : s);

export function serviceExternalIP(o: KubeObject): string {
  const spec = asMap(o.spec);
  const external = asList(spec.externalIPs).filter((x): x is string => typeof x === 'string');
  switch (spec.type) {
    case 'ExternalName':
      return asString(spec.externalName) ?? '<none>';
    case 'LoadBalancer': {
      const ingress = asList(readPath(o, 'status.loadBalancer.ingress')).map((i) => asString(asMap(i).ip) ?? asString(asMap(i).hostname) ?? '');
      const all = [...ingress.filter((s) => s !== ''), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    default:
      return orNone(external.join(','));
  }
}

export function servicePorts(o: KubeObject): string {
  const ports = asList(readPath(o, 'spec.ports')).map((p) => {
    const port = asMap(p);
    const proto = asString(port.protocol) ?? 'TCP';
    const nodePort = typeof port.nodePort === 'number' && port.nodePort > 0 ? `:${port.nodePort}` : '';
    return `${String(port.port)}${nodePort}/${proto}`;
  });
  return orNone(ports.join(','));
}

const labelsAsSelector = (m: unknown) => orNone(Object.entries(asMap(m)).map(([k, v]) => `${k}=${String(v)}`).join(','));

const services: TableSpec = {
  columns: [nameColumn, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), ageColumn, column('Selector', 1)],
  cells: (o, now) => {
    const spec = asMap(o.spec);
    const clusterIP = asString(spec.clusterIP);
    return [o.metadata.name, spec.type ?? 'ClusterIP', clusterIP ? clusterIP : '<none>', serviceExternalIP(o), servicePorts(o), age(o, now), labelsAsSelector(spec.selector)];
  },
};

function nodeStatus(o: KubeObject): string {
  const ready = asList(readPath(o, 'status.conditions')).map(asMap).find((c) => c.type === 'Ready');
  const state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return readPath(o, 'spec.unschedulable') === true ? `${state},SchedulingDisabled` : state;
}

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return orNone([...roles].sort().join(','));
}

const nodeAddress = (o: KubeObject, type: string) =>
  asString(asList(readPath(o, 'status.addresses')).map(asMap).find((a) => a.type === type)?.address) ?? '<none>';

const nodes: TableSpec = {
  columns: [nameColumn, column('Status'), column('Roles'), ageColumn, column('Version'), column('Internal-IP', 1), column('External-IP', 1), column('OS-Image', 1), column('Kernel-Version', 1), column('Container-Runtime', 1)],
  cells: (o, now) => {
    const info = asMap(readPath(o, 'status.nodeInfo'));
    return [o.metadata.name, nodeStatus(o), nodeRoles(o), age(o, now), asString(info.kubeletVersion) ?? '', nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'),
      asString(info.osImage) ?? '<unknown>', asString(info.kernelVersion) ?? '<unknown>', asString(info.containerRuntimeVersion) ?? '<unknown>'];
  },
};

const namespaces: TableSpec = {
  columns: [nameColumn, column('Status'), ageColumn],
  cells: (o, now) => [o.metadata.name, asString(readPath(o, 'status.phase')) ?? '', age(o, now)],
};

const configmaps: TableSpec = {
  columns: [nameColumn, column('Data', 0, 'string'), ageColumn],
  cells: (o, now) => [o.metadata.name, Object.keys(asMap(o.data)).length + Object.keys(asMap(o.binaryData)).length, age(o, now)],
};

function limitedList(items: string[], max = 3): string {
  if (items.length === 0) return '<none>';
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

const endpoints: TableSpec = {
  columns: [nameColumn, column('Endpoints'), ageColumn],
  cells: (o, now) => {
    const addrs: string[] = [];
    for (const subset of asList(o.subsets).map(asMap)) {
      const ports = asList(subset.ports).map((p) => asMap(p).port);
      for (const a of asList(subset.addresses).map(asMap)) {
        if (ports.length === 0) addrs.push(String(a.ip));
        for (const port of ports) addrs.push(`${String(a.ip)}:${String(port)}`);
      }
    }
    return [o.metadata.name, limitedList(addrs), age(o, now)];
  },
};

const endpointslices: TableSpec = {
  columns: [nameColumn, column('AddressType'), column('Ports'), column('Endpoints'), ageColumn],
  cells: (o, now) => {
    const ports = asList(o.ports).map((p) => String(asMap(p).port ?? ''));
    const addrs = asList(o.endpoints).flatMap((e) => asList(asMap(e).addresses).map(String));
    return [o.metadata.name, asString(o.addressType) ?? '', limitedList(ports), limitedList(addrs), age(o, now)];
  },
};

function eventLastSeen(o: KubeObject, now: number): string {
  const t = asString(readPath(o, 'series.lastObservedTime')) ?? asString(o.lastTimestamp) ?? asString(o.eventTime) ?? asString(o.firstTimestamp);
  return t ? ageOf(t, now) : '<unknown>';
}

const events: TableSpec = {
  columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Subobject', 1), column('Source', 1), column('Message'),
    column('First Seen', 1), column('Count', 1), column('Name', 1)],
  cells: (o, now) => {
    const io = asMap(o.involvedObject);
    const source = asString(readPath(o, 'source.component')) ?? asString(o.reportingComponent) ?? '';
    const first = asString(o.firstTimestamp) ?? asString(o.eventTime);
    return [eventLastSeen(o, now), asString(o.type) ?? '', asString(o.reason) ?? '', `${String(io.kind ?? '').toLowerCase()}/${String(io.name ?? '')}`,
      asString(io.fieldPath) ?? '', source, asString(o.message) ?? '', first ? ageOf(first, now) : '<unknown>', Number(o.count ?? 1), o.metadata.name];
  },
};

const leases: TableSpec = {
  columns: [nameColumn, column('Holder'), ageColumn],
  cells: (o, now) => [o.metadata.name, asString(readPath(o, 'spec.holderIdentity')) ?? '', age(o, now)],
};

const crds: TableSpec = {
  columns: [nameColumn, column('Created At', 0, 'date')],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? null],
};

/** A CRD additionalPrinterColumn: JSON path, shown as the API server shows it (arrays as JSON). */
interface PrinterColumn {
  name: string;
  path: string;
  type: 'string' | 'boolean' | 'integer';
  priority?: number;
}

function printerValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function printerColumns(cols: PrinterColumn[]): TableSpec {
  return {
    columns: [nameColumn, ...cols.map((c) => column(c.name, c.priority ?? 0, c.type)), ageColumn],
    cells: (o, now) => [o.metadata.name, ...cols.map((c) => printerValue(readPath(o, c.path))), age(o, now)],
  };
}

const metallbPools = printerColumns([
  { name: 'Auto Assign', path: 'spec.autoAssign', type: 'boolean' },
  { name: 'Avoid Buggy IPs', path: 'spec.avoidBuggyIPs', type: 'boolean' },
  { name: 'Addresses', path: 'spec.addresses', type: 'string' },
]);

// Node Selectors has priority 10 in MetalLB's CRD, so kubectl shows it only with -o wide.
const metallbL2Advertisements = printerColumns([
  { name: 'IPAddressPools', path: 'spec.ipAddressPools', type: 'string' },
  { name: 'IPAddressPool Selectors', path: 'spec.ipAddressPoolSelectors', type: 'string' },
  { name: 'Interfaces', path: 'spec.interfaces', type: 'string' },
  { name: 'Node Selectors', path: 'spec.nodeSelectors', type: 'string', priority: 10 },
]);

const metallbServiceL2Statuses = printerColumns([
  { name: 'Allocated Node', path: 'status.node', type: 'string' },
  { name: 'Service Name', path: 'status.serviceName', type: 'string' },
  { name: 'Service Namespace', path: 'status.serviceNamespace', type: 'string' },
]);

const metallbConfigurationStates = printerColumns([
  { name: 'Type', path: 'spec.type', type: 'string' },
  { name: 'Node', path: 'spec.nodeName', type: 'string' },
  { name: 'Result', path: 'status.result', type: 'string' },
  { name: 'Errors', path: 'status.errorSummary', type: 'string' },
]);

export const defaultTable: TableSpec = { columns: [nameColumn, ageColumn], cells: (o, now) => [o.metadata.name, age(o, now)] };

/** Columns by storage key (see registry.ts); anything else gets NAME and AGE. */
export const tableSpecs: Record<string, TableSpec> = {
  services, nodes, namespaces, configmaps, endpoints, events,
  'endpointslices.discovery.k8s.io': endpointslices,
  'leases.coordination.k8s.io': leases,
  'customresourcedefinitions.apiextensions.k8s.io': crds,
  'ipaddresspools.metallb.io': metallbPools,
  'l2advertisements.metallb.io': metallbL2Advertisements,
  'servicel2statuses.metallb.io': metallbServiceL2Statuses,
  'configurationstates.metallb.io': metallbConfigurationStates,
};
