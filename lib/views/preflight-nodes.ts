// Preflight: the nodes that can never announce, each with why, and the pools left with no node
// that can announce them (MetalLB #2274: a single-node kubeadm cluster whose only node carries the
// exclude-from-external-load-balancers label announces nothing, and says nothing).
import { EXCLUDE_LB_LABEL } from './node-view';
import { plural } from './plural';
import type { PreflightCheck } from './preflight-types';
import type { AdvertisementView, NodeView, PoolView } from './types';

export type NodeBlockReason = 'excludedByLabel' | 'networkUnavailable' | 'notSelectedByAdvertisement' | 'noSpeaker';

export interface BlockedNode {
  node: string;
  reasons: { code: NodeBlockReason; words: string }[];
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function speakerWords(n: NodeView): string | null {
  if (n.speaker !== 'down') return null;
  if (n.leaseAgeMs === null)
    return `no speaker runs on it (no Lease ironlb-speaker-${n.name}): check the speaker DaemonSet's tolerations and nodeSelector`;
  return `its speaker is down (Lease last renewed ${seconds(n.leaseAgeMs)} ago)`;
}

/** Why each node can never announce; nodes that can are left out. */
export function findBlockedNodes(nodes: readonly NodeView[], ads: readonly AdvertisementView[]): BlockedNode[] {
  const selected = new Set(ads.flatMap((a) => a.nodes));
  const out: BlockedNode[] = [];
  for (const n of nodes) {
    const reasons: BlockedNode['reasons'] = [];
    if (n.excluded)
      reasons.push({
        code: 'excludedByLabel',
        words: `labelled ${EXCLUDE_LB_LABEL} (kubeadm puts it on control-plane nodes; remove it with "kubectl label node ${n.name} ${EXCLUDE_LB_LABEL}-")`,
      });
    if (n.networkUnavailable)
      reasons.push({ code: 'networkUnavailable', words: "condition NetworkUnavailable=True (the node's network plugin is not ready)" });
    if (ads.length > 0 && !selected.has(n.name))
      reasons.push({ code: 'notSelectedByAdvertisement', words: "no L2Advertisement's nodeSelectors select it" });
    const speaker = speakerWords(n);
    if (speaker) reasons.push({ code: 'noSpeaker', words: speaker });
    if (reasons.length) out.push({ node: n.name, reasons });
  }
  return out;
}

/** Covered pools whose advertisements select no node that can announce. */
function strandedPools(pools: readonly PoolView[], ads: readonly AdvertisementView[], blocked: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const p of pools) {
    const covering = ads.filter((a) => a.coveredPools.includes(p.name));
    if (covering.length === 0) continue; // the unadvertisedPools check names these
    const selected = [...new Set(covering.flatMap((a) => a.nodes))].sort();
    if (selected.some((n) => !blocked.has(n))) continue;
    lines.push(
      selected.length
        ? `pool ${p.name}: no node can announce its IPs (its L2Advertisements select only ${selected.join(', ')}, listed above)`
        : `pool ${p.name}: its L2Advertisements select no node at all`,
    );
  }
  return lines;
}

export function checkBlockedNodes(
  nodes: readonly NodeView[],
  ads: readonly AdvertisementView[],
  pools: readonly PoolView[],
): PreflightCheck {
  const blocked = findBlockedNodes(nodes, ads);
  const names = new Set(blocked.map((b) => b.node));
  const stranded = strandedPools(pools, ads, names);
  const everyNode = nodes.length > 0 && blocked.length === nodes.length;
  const details = [...blocked.map((b) => `${b.node}: ${b.reasons.map((r) => r.words).join('; ')}`), ...stranded];
  let summary = nodes.length === 1 ? 'The only node can announce.' : `All ${plural(nodes.length, 'node')} can announce.`;
  if (everyNode) summary = nodes.length === 1 ? 'The only node can never announce: every LoadBalancer IP stays dark.' : 'No node can announce: every LoadBalancer IP stays dark.';
  else if (blocked.length) summary = `${blocked.length} of ${plural(nodes.length, 'node')} can never announce.`;
  if (!everyNode && stranded.length) summary += ` ${plural(stranded.length, 'pool')} without a node to announce ${stranded.length === 1 ? 'it' : 'them'}.`;
  return {
    id: 'blockedNodes',
    title: 'Nodes that can never announce',
    status: everyNode || stranded.length ? 'error' : blocked.length ? 'info' : 'ok',
    summary: nodes.length === 0 ? 'No nodes yet.' : summary,
    details,
  };
}
