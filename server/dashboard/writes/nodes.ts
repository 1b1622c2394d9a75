// Node labels the dashboard sets: exclude-from-external-load-balancers, applied from what-if
// (after confirmation) and removed from the Nodes page. Merge patch on metadata.labels only.
import { EXCLUDE_LB_LABEL } from '../../../lib/views';
import { patchObject } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid, notFound } from '../errors';

export async function setNodeExclusion(dash: Dashboard, args: { nodes: string[]; excluded: boolean }): Promise<{ nodes: string[]; excluded: boolean }> {
  await dash.ready();
  if (!Array.isArray(args.nodes) || args.nodes.length === 0) throw invalid('pick at least one node', [{ path: 'nodes', message: 'pick at least one node' }]);
  const known = dash.cache.informer('nodes');
  for (const name of args.nodes) if (!known.get(name)) throw notFound(`node ${name}`);
  const patch = { metadata: { labels: { [EXCLUDE_LB_LABEL]: args.excluded ? 'true' : null } } };
  for (const name of args.nodes) {
    await callCluster(`node ${name}`, () => patchObject(dash.kube, RESOURCES.nodes, { name }, patch));
  }
  return { nodes: [...args.nodes].sort(), excluded: args.excluded };
}
