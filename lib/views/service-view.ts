// One Service as the dashboard shows it: IPs, pool, announcing node, and a state with its reason
// in words (docs/ui.md). Pure: every fact arrives in the context, time included.
import { advertisementsForPool, advertisementsForService, checkNodeEligibility } from '../election/candidates';
import { findServiceBlock } from '../election/decide';
import type { AdvertisementInfo, NodeInfo, ServiceInfo } from '../election/types';
import type { KubeService } from '../shapes/kube';
import { describeAllocationFailure, describeCandidateReason } from './reasons';
import { ingressIPs, type EndpointSummary } from './election-input';
import type { ServiceReasonCode, ServiceState, ServiceView, SpeakerState } from './types';

export interface L2StatusFact {
  node: string;
  interfaces: string[];
  created: string | null;
}

export interface ServiceFacts {
  service: KubeService;
  /** Resolved ServiceInfo when the service has an IP and a pool; null otherwise. */
  info: ServiceInfo | null;
  pool: string | null;
  endpoints: EndpointSummary;
  l2Statuses: readonly L2StatusFact[];
  /** Latest AllocationFailed message for the service, if any. */
  allocationFailure: string | null;
}

export interface ClusterFacts {
  nodes: readonly NodeInfo[];
  speakers: ReadonlyMap<string, SpeakerState>;
  advertisements: readonly AdvertisementInfo[];
  poolCount: number;
  /** loadBalancerClass this controller handles; undefined means "services without a class". */
  loadBalancerClass?: string;
  /** A foreign MAC seen answering for the IP, if any (speaker conflict reports). */
  foreignMACFor: (ip: string) => string | null;
}

type Verdict = { state: ServiceState; code: ServiceReasonCode; reason: string };

const verdict = (state: ServiceState, code: ServiceReasonCode, reason: string): Verdict => ({ state, code, reason });

function judgePending(facts: ServiceFacts, cluster: ClusterFacts): Verdict {
  const cls = facts.service.spec?.loadBalancerClass;
  if (cls !== cluster.loadBalancerClass && (cls || cluster.loadBalancerClass)) {
    return verdict('pending', 'foreignClass', `load balancer class "${cls ?? 'none'}" is not handled by ironlb`);
  }
  if (facts.allocationFailure) {
    return verdict('pending', 'allocationFailed', describeAllocationFailure(facts.allocationFailure));
  }
  if (cluster.poolCount === 0) return verdict('pending', 'noPools', 'no IPAddressPool exists: create one');
  return verdict('pending', 'waitingForController', 'waiting for the controller to assign an IP');
}

/** A node with no speaker Lease at all (a deleted node, a speaker never started) counts as down. */
export const speakerOn = (cluster: Pick<ClusterFacts, 'speakers'>, node: string): SpeakerState => cluster.speakers.get(node) ?? 'down';

function judgeConflict(ips: readonly string[], facts: ServiceFacts, cluster: ClusterFacts): Verdict | null {
  for (const ip of ips) {
    const mac = cluster.foreignMACFor(ip);
    if (mac) return verdict('conflict', 'foreignMAC', `a foreign MAC ${mac} answers for ${ip}`);
  }
  const live = [...new Set(facts.l2Statuses.map((s) => s.node))].filter((n) => speakerOn(cluster, n) !== 'down');
  if (live.length > 1) return verdict('conflict', 'twoAnnouncers', `two announcers: ${live.sort().join(' and ')}`);
  return null;
}

/** Summarises why each node is out, e.g. "node01 excluded by label …; node02 speaker down". */
function describeNoCandidates(info: ServiceInfo, ads: readonly AdvertisementInfo[], nodes: readonly NodeInfo[]): string {
  if (nodes.length === 0) return 'no eligible node: the cluster has no nodes';
  const parts = nodes.map((n) => `${n.name} ${describeCandidateReason(checkNodeEligibility(n, info, ads) ?? 'lowerRank')}`);
  return `no eligible node: ${parts.join('; ')}`;
}

function describeBlock(info: ServiceInfo, reason: string, cluster: ClusterFacts): string {
  if (reason === 'noMatchingAdvertisement') {
    const covered = advertisementsForPool(info, cluster.advertisements).length > 0;
    return covered
      ? `no L2Advertisement of pool ${info.pool} selects this service`
      : `no L2Advertisement covers pool ${info.pool}`;
  }
  return describeCandidateReason(reason);
}

function judgeUnannounced(facts: ServiceFacts, cluster: ClusterFacts): Verdict {
  const info = facts.info;
  if (!info) return verdict('notAnnounced', 'noMatchingAdvertisement', 'the IP is in no known pool');
  const block = findServiceBlock({ nodes: cluster.nodes, service: info, advertisements: cluster.advertisements });
  if (block && block.reason !== 'noIP') {
    return verdict('notAnnounced', block.reason, describeBlock(info, block.reason, cluster));
  }
  const serviceAds = advertisementsForService(info, cluster.advertisements);
  const eligible = cluster.nodes.filter((n) => checkNodeEligibility(n, info, serviceAds) === null);
  if (eligible.length === 0) {
    return verdict('notAnnounced', 'noEligibleNode', describeNoCandidates(info, serviceAds, cluster.nodes));
  }
  return verdict('notAnnounced', 'waitingForSpeaker', 'waiting for a speaker to announce it');
}

function judge(facts: ServiceFacts, cluster: ClusterFacts): Verdict {
  const ips = ingressIPs(facts.service);
  if (ips.length === 0) return judgePending(facts, cluster);
  const conflict = judgeConflict(ips, facts, cluster);
  if (conflict) return conflict;
  const status = facts.l2Statuses[0];
  if (status) {
    if (speakerOn(cluster, status.node) === 'down') {
      return verdict('notAnnounced', 'announcerDown', `announcing node ${status.node}'s speaker is down`);
    }
    return verdict('announced', 'announced', `announced by ${status.node}`);
  }
  return judgeUnannounced(facts, cluster);
}

function formatPorts(svc: KubeService): string[] {
  return (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`);
}

export function toServiceView(facts: ServiceFacts, cluster: ClusterFacts): ServiceView {
  const svc = facts.service;
  const v = judge(facts, cluster);
  const announcer = v.state === 'announced' ? facts.l2Statuses[0] : undefined;
  return {
    uid: svc.metadata.uid ?? `${svc.metadata.namespace}/${svc.metadata.name}`,
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    ips: ingressIPs(svc),
    pool: facts.pool,
    node: announcer?.node ?? facts.l2Statuses[0]?.node ?? null,
    interfaces: announcer?.interfaces ?? [],
    since: announcer?.created ?? null,
    ports: formatPorts(svc),
    trafficPolicy: svc.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    created: svc.metadata.creationTimestamp ?? null,
    state: v.state,
    reasonCode: v.code,
    reason: v.reason,
    sharingKey: facts.info?.sharingKey ?? null,
  };
}
