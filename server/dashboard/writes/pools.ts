// IPAddressPool writes from the dashboard: the form arrives parsed (the route read it against the
// shared form schema), is checked against the other pools and the API server's admission rules
// (so errors name the field), then written; each write answers with the object before and after.
import { checkPoolAdmission } from '../../../lib/config';
import { ipAddressPoolSchema, poolFormToResource, type IPAddressPool, type PoolForm } from '../../../lib/schemas';
import type { Audited } from '../../../lib/contract/worker-ops';
import { findCrossPoolOverlaps } from '../../../lib/views';
import { createObject, deleteObject, getObject } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import { OpError } from '../../http/op-error';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid, notFound } from '../errors';
import { editResource, type EditSince } from './edit';
import { firstMessage, type Issue } from './issues';

const POOLS = RESOURCES.ipaddresspools;


/** Overlaps with other pools, then the API server's own admission rules, before any write. */
function checkAgainstCluster(dash: Dashboard, resource: IPAddressPool, self?: string): void {
  const existing = dash.cache.list('ipaddresspools');
  const others = existing.map((p) => ({ name: p.metadata.name ?? '', addresses: p.spec.addresses }));
  const overlaps = findCrossPoolOverlaps(resource.spec.addresses, others, self);
  if (overlaps.length) {
    const issues: Issue[] = overlaps.map((o) => ({ path: `addresses.${o.index}`, message: o.message }));
    throw invalid(firstMessage(issues), issues);
  }
  const admitted = checkPoolAdmission(resource, existing, dash.systemNamespace);
  if (!admitted.ok) throw invalid(admitted.error, [{ path: '', message: admitted.error }]);
}

export async function createPool(dash: Dashboard, { form }: { form: PoolForm }): Promise<Audited<IPAddressPool>> {
  await dash.ready();
  const resource = poolFormToResource(form, dash.systemNamespace);
  if (dash.state.facts.pools().has(form.name)) throw new OpError(409, 'AlreadyExists', `IPAddressPool ${form.name} already exists`);
  checkAgainstCluster(dash, resource);
  const created = await callCluster(`IPAddressPool ${form.name}`, () => createObject(dash.kube, POOLS, resource));
  return { answer: created, before: null, after: created };
}

export async function updatePool(dash: Dashboard, args: { name: string; form: PoolForm } & EditSince): Promise<Audited<IPAddressPool>> {
  await dash.ready();
  const { form } = args;
  if (form.name !== args.name) throw invalid('renaming a pool is not supported: create a new pool instead', [{ path: 'name', message: 'renaming is not supported' }]);
  const desired = poolFormToResource(form, dash.systemNamespace);
  checkAgainstCluster(dash, desired, args.name);
  return editResource<IPAddressPool>(dash, 'ipaddresspools', `IPAddressPool ${args.name}`, args.name, args, (current) => ({
    ...ipAddressPoolSchema.parse(current),
    metadata: { ...current.metadata, labels: desired.metadata.labels },
    spec: desired.spec,
  }));
}

/** Services that hold IPs of the pool now; deleting it takes their IPs away. */
export function servicesInPool(dash: Dashboard, name: string): string[] {
  return dash.state
    .serviceRows()
    .filter((r) => r.ips.length > 0 && r.pool === name)
    .map((r) => `${r.namespace}/${r.name}`)
    .sort();
}

export async function deletePool(dash: Dashboard, args: { name: string; confirm?: boolean }): Promise<Audited<{ deleted: string; servicesLosingIPs: string[] }>> {
  await dash.ready();
  dash.push(true);
  const what = `IPAddressPool ${args.name}`;
  // The API server says whether the pool exists (the cache may not have seen a create just acknowledged).
  const losing = servicesInPool(dash, args.name);
  if (losing.length && !args.confirm) {
    throw new OpError(409, 'PoolInUse', `pool ${args.name} holds IPs of ${losing.length} service(s): ${losing.slice(0, 10).join(', ')}${losing.length > 10 ? ', …' : ''}; confirm to delete`, losing.map((s) => ({ path: s, message: 'loses its IP' })));
  }
  const target = { namespace: dash.systemNamespace, name: args.name };
  const before = await callCluster(what, () => getObject(dash.kube, POOLS, target));
  const gone = before && (await callCluster(what, () => deleteObject(dash.kube, POOLS, target)));
  if (!gone) throw notFound(what);
  return { answer: { deleted: args.name, servicesLosingIPs: losing }, before, after: null };
}
