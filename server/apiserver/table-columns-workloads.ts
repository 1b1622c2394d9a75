// kubectl's own columns for pods, the apps workloads (deployments, daemonsets, replicasets) and ingresses.
// Pure functions from a stored object to cells, keyed by storage like tableSpecs in table-columns.ts.
import { ageOf } from './human-duration';
import { asList, asMap, asString, readPath } from './json-path';
import { column } from './table-columns';
import type { KubeObject, TableSpec } from './types';

const nameColumn = column('Name', 0, 'string', 'name', 'Name must be unique within a namespace.');
const ageColumn = column('Age', 0, 'string', '', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
const age = (o: KubeObject, now: number) => ageOf(o.metadata.creationTimestamp, now);
const count = (v: unknown) => (typeof v === 'number' ? v : 0);
const orNone = (s: string) => (s === '' ? '<none>' : s);

/** A set-based label selector as labels.Selector prints it: requirements sorted by key. */
export function formatLabelSelector(selector: unknown): string {
  const sel = asMap(selector);
  const parts: [string, string][] = Object.entries(asMap(sel.matchLabels)).map(([k, v]) => [k, `${k}=${String(v)}`]);
  for (const e of asList(sel.matchExpressions).map(asMap)) {
    const key = String(e.key ?? '');
    const values = asList(e.values).map(String).sort().join(',');
    const text = e.operator === 'In' ? `${key} in (${values})` : e.operator === 'NotIn' ? `${key} notin (${values})`
      : e.operator === 'DoesNotExist' ? `!${key}` : key;
    parts.push([key, text]);
  }
  return orNone(parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]).join(','));
}

const setSelector = (m: unknown) => orNone(Object.entries(asMap(m)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${String(v)}`).join(','));

function templateContainers(o: KubeObject): { names: string; images: string } {
  const containers = asList(readPath(o, 'spec.template.spec.containers')).map(asMap);
  return { names: containers.map((c) => String(c.name ?? '')).join(','), images: containers.map((c) => String(c.image ?? '')).join(',') };
}

const wideWorkloadColumns = [column('Containers', 1), column('Images', 1), column('Selector', 1)];
const wideWorkloadCells = (o: KubeObject) => {
  const c = templateContainers(o);
  return [c.names, c.images, formatLabelSelector(readPath(o, 'spec.selector'))];
};

/** Enough of a Pod to print it (a stored object, or one client-side code holds). */
export interface PodLike {
  metadata: { deletionTimestamp?: string };
  spec?: unknown;
  status?: unknown;
}

/** READY and STATUS as kubectl's pod printer derives them from container statuses. */
export function describePodState(o: PodLike): { ready: string; status: string; restarts: number } {
  const total = asList(readPath(o, 'spec.containers')).length;
  let reason = asString(readPath(o, 'status.reason')) ?? asString(readPath(o, 'status.phase')) ?? '';
  let ready = 0;
  let restarts = 0;
  let hasRunning = false;
  for (const cs of asList(readPath(o, 'status.containerStatuses')).map(asMap).reverse()) {
    restarts += count(cs.restartCount);
    const state = asMap(cs.state);
    const waiting = asString(asMap(state.waiting).reason);
    const terminated = asString(asMap(state.terminated).reason);
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated;
    else if (state.running !== undefined && cs.ready === true) { hasRunning = true; ready++; }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (o.metadata.deletionTimestamp) reason = 'Terminating';
  return { ready: `${ready}/${total}`, status: reason, restarts };
}

const pods: TableSpec = {
  columns: [nameColumn, column('Ready'), column('Status'), column('Restarts'), ageColumn, column('IP', 1), column('Node', 1),
    column('Nominated Node', 1), column('Readiness Gates', 1)],
  cells: (o, now) => {
    const s = describePodState(o);
    const gates = asList(readPath(o, 'spec.readinessGates')).map((g) => String(asMap(g).conditionType ?? ''));
    return [o.metadata.name, s.ready, s.status, String(s.restarts), age(o, now), asString(readPath(o, 'status.podIP')) ?? '<none>',
      asString(readPath(o, 'spec.nodeName')) ?? '<none>', asString(readPath(o, 'status.nominatedNodeName')) ?? '<none>', orNone(gates.join(','))];
  },
};

const deployments: TableSpec = {
  columns: [nameColumn, column('Ready'), column('Up-to-date', 0, 'integer'), column('Available', 0, 'integer'), ageColumn, ...wideWorkloadColumns],
  cells: (o, now) => {
    const st = asMap(o.status);
    return [o.metadata.name, `${count(st.readyReplicas)}/${count(readPath(o, 'spec.replicas'))}`, count(st.updatedReplicas), count(st.availableReplicas),
      age(o, now), ...wideWorkloadCells(o)];
  },
};

const daemonsets: TableSpec = {
  columns: [nameColumn, column('Desired', 0, 'integer'), column('Current', 0, 'integer'), column('Ready', 0, 'integer'), column('Up-to-date', 0, 'integer'),
    column('Available', 0, 'integer'), column('Node Selector'), ageColumn, ...wideWorkloadColumns],
  cells: (o, now) => {
    const st = asMap(o.status);
    return [o.metadata.name, count(st.desiredNumberScheduled), count(st.currentNumberScheduled), count(st.numberReady), count(st.updatedNumberScheduled),
      count(st.numberAvailable), setSelector(readPath(o, 'spec.template.spec.nodeSelector')), age(o, now), ...wideWorkloadCells(o)];
  },
};

const replicasets: TableSpec = {
  columns: [nameColumn, column('Desired', 0, 'integer'), column('Current', 0, 'integer'), column('Ready', 0, 'integer'), ageColumn, ...wideWorkloadColumns],
  cells: (o, now) => {
    const st = asMap(o.status);
    return [o.metadata.name, count(readPath(o, 'spec.replicas')), count(st.replicas), count(st.readyReplicas), age(o, now), ...wideWorkloadCells(o)];
  },
};

// StatefulSets have no Selector column among their wide ones (kubectl's printer).
const statefulsets: TableSpec = {
  columns: [nameColumn, column('Ready'), ageColumn, column('Containers', 1), column('Images', 1)],
  cells: (o, now) => {
    const c = templateContainers(o);
    return [o.metadata.name, `${count(readPath(o, 'status.readyReplicas'))}/${count(readPath(o, 'spec.replicas'))}`, age(o, now), c.names, c.images];
  },
};

function intOrPercent(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : 'N/A';
}

const poddisruptionbudgets: TableSpec = {
  columns: [nameColumn, column('Min Available'), column('Max Unavailable'), column('Allowed Disruptions', 0, 'integer'), ageColumn],
  cells: (o, now) => [o.metadata.name, intOrPercent(readPath(o, 'spec.minAvailable')), intOrPercent(readPath(o, 'spec.maxUnavailable')),
    count(readPath(o, 'status.disruptionsAllowed')), age(o, now)],
};

function ingressHosts(o: KubeObject): string {
  const hosts = asList(readPath(o, 'spec.rules')).map((r) => asString(asMap(r).host) ?? '').filter((h) => h !== '');
  if (hosts.length === 0) return '*';
  return hosts.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${hosts.length - 3} more...` : hosts.join(',');
}

const ingresses: TableSpec = {
  columns: [nameColumn, column('Class'), column('Hosts'), column('Address'), column('Ports'), ageColumn],
  cells: (o, now) => {
    const address = asList(readPath(o, 'status.loadBalancer.ingress')).map((i) => asString(asMap(i).ip) ?? asString(asMap(i).hostname) ?? '').filter(Boolean);
    const ports = asList(readPath(o, 'spec.tls')).length > 0 ? '80, 443' : '80';
    return [o.metadata.name, asString(readPath(o, 'spec.ingressClassName')) ?? '<none>', ingressHosts(o), address.join(','), ports, age(o, now)];
  },
};

const ingressclasses: TableSpec = {
  columns: [nameColumn, column('Controller'), column('Parameters'), ageColumn],
  cells: (o, now) => {
    const p = asMap(readPath(o, 'spec.parameters'));
    const params = p.kind === undefined ? '<none>' : `${String(p.kind)}${p.apiGroup ? `.${String(p.apiGroup)}` : ''}/${String(p.name ?? '')}`;
    return [o.metadata.name, asString(readPath(o, 'spec.controller')) ?? '', params, age(o, now)];
  },
};

export const workloadTables: Record<string, TableSpec> = {
  pods,
  'deployments.apps': deployments,
  'daemonsets.apps': daemonsets,
  'replicasets.apps': replicasets,
  'statefulsets.apps': statefulsets,
  'poddisruptionbudgets.policy': poddisruptionbudgets,
  'ingresses.networking.k8s.io': ingresses,
  'ingressclasses.networking.k8s.io': ingressclasses,
};
