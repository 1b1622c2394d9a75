// L2Advertisement writes from the dashboard: the form arrives parsed (the route read it against
// the shared form schema), is checked with the API server's admission rules, then written; each
// write answers with the object before and after.
import { checkL2AdvertisementAdmission } from '../../../lib/config';
import { l2AdvertisementFormToResource, l2AdvertisementSchema, type L2Advertisement, type L2AdvertisementForm } from '../../../lib/schemas';
import type { Audited } from '../../../lib/contract/worker-ops';
import { createObject, deleteObject, getObject } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { KubeObject } from '../../kube/types';
import { OpError } from '../../http/op-error';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid, notFound } from '../errors';
import { editResource, type EditSince } from './edit';

const ADS = RESOURCES.l2advertisements;

function toResource(dash: Dashboard, form: L2AdvertisementForm): L2Advertisement {
  const resource = l2AdvertisementFormToResource(form, dash.systemNamespace);
  const admitted = checkL2AdvertisementAdmission(resource, dash.systemNamespace);
  if (!admitted.ok) throw invalid(admitted.error, [{ path: '', message: admitted.error }]);
  return resource;
}

const exists = (dash: Dashboard, name: string) => Boolean(dash.cache.informer('l2advertisements').get(`${dash.systemNamespace}/${name}`));

export async function createAdvertisement(dash: Dashboard, args: { form: L2AdvertisementForm }): Promise<Audited<L2Advertisement>> {
  await dash.ready();
  const resource = toResource(dash, args.form);
  const name = resource.metadata.name ?? '';
  if (exists(dash, name)) throw new OpError(409, 'AlreadyExists', `L2Advertisement ${name} already exists`);
  const created = (await callCluster(`L2Advertisement ${name}`, () => createObject(dash.kube, ADS, resource as KubeObject))) as L2Advertisement;
  return { answer: created, before: null, after: created };
}

export async function updateAdvertisement(dash: Dashboard, args: { name: string; form: L2AdvertisementForm } & EditSince): Promise<Audited<L2Advertisement>> {
  await dash.ready();
  const desired = toResource(dash, args.form);
  if (desired.metadata.name !== args.name) throw invalid('renaming an L2Advertisement is not supported', [{ path: 'name', message: 'renaming is not supported' }]);
  return editResource<KubeObject>(dash, 'l2advertisements', `L2Advertisement ${args.name}`, args.name, args, (current) => ({
    ...(l2AdvertisementSchema.parse(current) as KubeObject),
    spec: desired.spec ?? {},
  })) as Promise<Audited<L2Advertisement>>;
}

export async function deleteAdvertisement(dash: Dashboard, args: { name: string }): Promise<Audited<{ deleted: string; poolsLeftUncovered: string[] }>> {
  await dash.ready();
  dash.push(true);
  const what = `L2Advertisement ${args.name}`;
  const view = dash.state.lists.advertisements.find((a) => a.name === args.name);
  if (!view) throw notFound(what);
  const others = dash.state.lists.advertisements.filter((a) => a.name !== args.name);
  const uncovered = view.coveredPools.filter((p) => !others.some((o) => o.coveredPools.includes(p)));
  const target = { namespace: dash.systemNamespace, name: args.name };
  const before = await callCluster(what, () => getObject(dash.kube, ADS, target));
  const gone = before && (await callCluster(what, () => deleteObject(dash.kube, ADS, target)));
  if (!gone) throw notFound(what);
  return { answer: { deleted: args.name, poolsLeftUncovered: uncovered }, before, after: null };
}
