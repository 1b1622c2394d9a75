// What-if from the live caches: every LoadBalancer service with an IP, the nodes with their
// speaker liveness, the advertisements; ranked by the dashboard's shared RankingCache.
import type { ServiceInfo } from '../../../lib/election';
import { computeWhatIf, ingressIPs, summariseEndpoints, toServiceInfo, type WhatIfMode, type WhatIfResult } from '../../../lib/views';
import type { Dashboard } from '../dashboard';
import { invalid, notFound } from '../errors';

function collectServices(dash: Dashboard): ServiceInfo[] {
  const out: ServiceInfo[] = [];
  for (const row of dash.state.serviceRows()) {
    if (!row.pool || row.ips.length === 0) continue;
    const key = `${row.namespace}/${row.name}`;
    const svc = dash.cache.get('services', key);
    if (!svc || ingressIPs(svc).length === 0) continue;
    const endpoints = summariseEndpoints(dash.state.indexes.slices.values(key));
    out.push(toServiceInfo(svc, row.pool, dash.state.facts.pools().get(row.pool), endpoints));
  }
  return out;
}

export async function runWhatIf(dash: Dashboard, args: { nodes: string[]; mode?: WhatIfMode }): Promise<WhatIfResult> {
  await dash.ready();
  dash.push(true);
  const mode: WhatIfMode = args.mode === 'drain' ? 'drain' : 'exclude';
  if (!Array.isArray(args.nodes)) throw invalid('nodes must be a list of node names', [{ path: 'nodes', message: 'expected a list' }]);
  const nodes = dash.state.facts.nodes();
  for (const name of args.nodes) if (!nodes.some((n) => n.name === name)) throw notFound(`node ${name}`);
  dash.ranker.setNodes(nodes.map((n) => n.name));
  return computeWhatIf({ nodes, services: collectServices(dash), advertisements: dash.state.facts.advertisements() }, args.nodes, mode, dash.ranker);
}
