// Node labels the dashboard sets: exclude-from-external-load-balancers, applied from what-if
// (after confirmation) and removed from the Nodes page. Merge patch on metadata.labels only; the
// answer carries each node's labels before and after, for the audit.
import type { Audited } from '../../../lib/contract/worker-ops';
import { EXCLUDE_LB_LABEL } from '../../../lib/views';
import { patchObject } from '../../kube/objects';
import { RESOURCES } from '../../kube/resources';
import type { Dashboard } from '../dashboard';
import { callCluster, invalid, notFound } from '../errors';

type Labels = Record<string, string>;

export async function setNodeExclusion(dash: Dashboard, args: { nodes: string[]; excluded: boolean }): Promise<Audited<{ nodes: string[]; excluded: boolean }>> {
  await dash.ready();
  if (!Array.isArray(args.nodes) || args.nodes.length === 0) throw invalid('pick at least one node', [{ path: 'nodes', message: 'pick at least one node' }]);
  const known = dash.cache.informer('nodes');
  for (const name of args.nodes) if (!known.get(name)) throw notFound(`node ${name}`);
  const patch = { metadata: { labels: { [EXCLUDE_LB_LABEL]: args.excluded ? 'true' : null } } };
  const before: Record<string, Labels> = {};
  const after: Record<string, Labels> = {};
  for (const name of args.nodes) {
    // The watch's copy is the before image: the dashboard may patch nodes, not read them one by one.
    const was = known.get(name);
    const now = await callCluster(`node ${name}`, () => patchObject(dash.kube, RESOURCES.nodes, { name }, patch));
    before[name] = was?.metadata.labels ?? {};
    after[name] = now.metadata.labels ?? {};
  }
  return { answer: { nodes: [...args.nodes].sort(), excluded: args.excluded }, before: { labels: before }, after: { labels: after } };
}
