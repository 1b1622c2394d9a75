// The preview of a pending configuration change from the live caches: the pools, advertisements,
// Services, EndpointSlices, namespace labels and speaker liveness the dashboard already watches,
// handed to lib/views' computeConfigPreview. Writes nothing.
import type { EndpointSliceObject } from '../../../lib/reconcile/speaker-inputs';
import { computeConfigPreview, readConfigChanges, type ConfigPreview, type PreviewCluster } from '../../../lib/views';
import type { Dashboard } from '../dashboard';
import { invalid } from '../errors';

function previewCluster(dash: Dashboard): PreviewCluster {
  const namespaces = dash.cache.informer('namespaces');
  return {
    systemNamespace: dash.systemNamespace,
    loadBalancerClass: dash.runtime.loadBalancerClass,
    current: {
      pools: dash.cache.list('ipaddresspools'),
      advertisements: dash.cache.list('l2advertisements'),
    },
    services: dash.cache.list('services'),
    namespaceLabels: (ns) => namespaces.get(ns)?.metadata.labels ?? {},
    slicesOf: (key) => dash.state.indexes.slices.values(key) as EndpointSliceObject[],
    nodes: dash.state.facts.nodes(),
  };
}

/** `op` apply: the body is the draft object (or a List of them); delete: the objects to delete. */
export async function runConfigPreview(dash: Dashboard, args: { body: unknown; op: 'apply' | 'delete' }): Promise<ConfigPreview> {
  await dash.ready();
  dash.push(true);
  const changes = readConfigChanges(args.body, args.op, dash.systemNamespace);
  if (!changes.ok) throw invalid(changes.error, [{ path: '', message: changes.error }]);
  const cluster = previewCluster(dash);
  dash.ranker.setNodes(cluster.nodes.map((n) => n.name));
  const preview = computeConfigPreview(cluster, changes.value, dash.ranker);
  if (!preview.ok) throw invalid(preview.error, [{ path: '', message: preview.error }]);
  return preview.value;
}
