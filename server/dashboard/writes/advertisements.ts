// L2Advertisement writes from the dashboard, validated with the shared form schema and the
// API server's admission rules before anything is written.
import { checkL2AdvertisementAdmission } from '../../../lib/config';
import { l2AdvertisementFormSchema, l2AdvertisementFormToResource, l2AdvertisementSchema, type L2Advertisement } from '../../../lib/schemas';
import { createObject, deleteObject } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { KubeObject } from '../../kube/types';
import { OpError } from '../../worker/protocol';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid, notFound } from '../errors';
import { editResource, type EditSince } from './edit';
import { firstMessage, toIssues } from './issues';

const ADS = RESOURCES.l2advertisements;

function toResource(dash: Dashboard, form: unknown): L2Advertisement {
  const parsed = l2AdvertisementFormSchema.safeParse(form);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    throw invalid(firstMessage(issues), issues);
  }
  const resource = l2AdvertisementFormToResource(parsed.data, dash.systemNamespace);
  const admitted = checkL2AdvertisementAdmission(resource, dash.systemNamespace);
  if (!admitted.ok) throw invalid(admitted.error, [{ path: '', message: admitted.error }]);
  return resource;
}

const exists = (dash: Dashboard, name: string) => Boolean(dash.cache.informer('l2advertisements').get(`${dash.systemNamespace}/${name}`));

export async function createAdvertisement(dash: Dashboard, args: { form: unknown }): Promise<L2Advertisement> {
  await dash.ready();
  const resource = toResource(dash, args.form);
  const name = resource.metadata.name ?? '';
  if (exists(dash, name)) throw new OpError(409, 'AlreadyExists', `L2Advertisement ${name} already exists`);
  return callCluster(`L2Advertisement ${name}`, () => createObject(dash.kube, ADS, resource as KubeObject)) as Promise<L2Advertisement>;
}

export async function updateAdvertisement(dash: Dashboard, args: { name: string; form: unknown } & EditSince): Promise<L2Advertisement> {
  await dash.ready();
  const desired = toResource(dash, args.form);
  if (desired.metadata.name !== args.name) throw invalid('renaming an L2Advertisement is not supported', [{ path: 'name', message: 'renaming is not supported' }]);
  return editResource<KubeObject>(dash, 'l2advertisements', `L2Advertisement ${args.name}`, args.name, args, (current) => ({
    ...(l2AdvertisementSchema.parse(current) as KubeObject),
    spec: desired.spec ?? {},
  })) as Promise<L2Advertisement>;
}

export async function deleteAdvertisement(dash: Dashboard, args: { name: string }): Promise<{ deleted: string; poolsLeftUncovered: string[] }> {
  await dash.ready();
  dash.push(true);
  const what = `L2Advertisement ${args.name}`;
  const view = dash.state.small.advertisements.find((a) => a.name === args.name);
  if (!view) throw notFound(what);
  const others = dash.state.small.advertisements.filter((a) => a.name !== args.name);
  const uncovered = view.coveredPools.filter((p) => !others.some((o) => o.coveredPools.includes(p)));
  const gone = await callCluster(what, () => deleteObject(dash.kube, ADS, { namespace: dash.systemNamespace, name: args.name }));
  if (!gone) throw notFound(what);
  return { deleted: args.name, poolsLeftUncovered: uncovered };
}
