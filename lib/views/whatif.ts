// What-if: which IPs would move, and to which node, if some nodes were excluded or lost, and
// the per-node load before and after. Uses lib/election's own electAnnouncer, so it is exact.
import { electAnnouncer } from '../election/decide';
import { EXCLUDE_LB_LABEL } from '../election/candidates';
import type { AdvertisementInfo, NodeInfo, Ranker, ServiceInfo } from '../election/types';

export type WhatIfMode = 'exclude' | 'drain';

export interface WhatIfInput {
  nodes: readonly NodeInfo[];
  services: readonly ServiceInfo[];
  advertisements: readonly AdvertisementInfo[];
}

export interface WhatIfMove {
  service: string;
  ip: string;
  from: string | null;
  to: string | null;
}

export interface NodeLoad {
  node: string;
  before: number;
  after: number;
}

export interface WhatIfResult {
  nodes: string[];
  mode: WhatIfMode;
  moves: WhatIfMove[];
  load: NodeLoad[];
  /** Services announced before that nobody would announce after. */
  lost: number;
  servicesConsidered: number;
}

/** Excluding labels the node; draining takes its speaker away. Either way it stops being a candidate. */
export function applyScenario(nodes: readonly NodeInfo[], picked: ReadonlySet<string>, mode: WhatIfMode): NodeInfo[] {
  return nodes.map((n) => {
    if (!picked.has(n.name)) return n;
    if (mode === 'drain') return { ...n, speakerLive: false };
    return { ...n, labels: { ...n.labels, [EXCLUDE_LB_LABEL]: '' } };
  });
}

function winnerOf(service: ServiceInfo, nodes: readonly NodeInfo[], ads: readonly AdvertisementInfo[], ranker: Ranker): string | null {
  const election = electAnnouncer({ nodes, service, advertisements: ads }, ranker);
  return election.elected ? election.winner : null;
}

function bump(counts: Map<string, number>, node: string | null): void {
  if (node) counts.set(node, (counts.get(node) ?? 0) + 1);
}

export function computeWhatIf(input: WhatIfInput, picked: readonly string[], mode: WhatIfMode, ranker: Ranker): WhatIfResult {
  const pickedSet = new Set(picked);
  const after = applyScenario(input.nodes, pickedSet, mode);
  const moves: WhatIfMove[] = [];
  const before = new Map<string, number>();
  const afterCounts = new Map<string, number>();
  let lost = 0;
  for (const service of input.services) {
    if (service.ips.length === 0) continue;
    const from = winnerOf(service, input.nodes, input.advertisements, ranker);
    const to = winnerOf(service, after, input.advertisements, ranker);
    bump(before, from);
    bump(afterCounts, to);
    if (from === to) continue;
    if (from && !to) lost++;
    moves.push({ service: `${service.namespace}/${service.name}`, ip: service.ips.join(', '), from, to });
  }
  moves.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  const load = input.nodes
    .map((n) => ({ node: n.name, before: before.get(n.name) ?? 0, after: afterCounts.get(n.name) ?? 0 }))
    .sort((a, b) => (a.node < b.node ? -1 : 1));
  return { nodes: [...pickedSet].sort(), mode, moves, load, lost, servicesConsidered: input.services.length };
}
