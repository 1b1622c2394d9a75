// Why a service's announcer changed: a pure classifier over the facts before and after, with the
// answer in words. "Before" is what held when the previous announcer took over; counters of
// transitions (clean stops, Lease expiries, starts) catch what came and went in between.
import type { FailoverCause } from './types';

export type SpeakerPresence = 'live' | 'down' | 'absent';

/** A node as far as the election cares, plus counters of speaker transitions seen so far. */
export interface NodeSnapshot {
  exists: boolean;
  excluded: boolean;
  networkUnavailable: boolean;
  /** A fingerprint of the node's labels other than the exclusion label (advertisement selectors read them). */
  labels: string;
  /** live: Lease renewed; down: Lease there but expired; absent: no Lease (never started, or stopped cleanly). */
  speaker: SpeakerPresence;
  /** Clean stops seen: the speaker deleted its Lease (SIGTERM, a drain). */
  stops: number;
  /** Silences seen: peers stopped hearing it on the LAN, or its Lease stayed but was no longer renewed (crash, power loss, link down, partition). */
  expiries: number;
  /** Starts seen: a Lease appeared, a new speaker instance took it, or renewals resumed. */
  starts: number;
}

export interface ServiceSnapshot {
  trafficPolicy: 'Cluster' | 'Local';
  /** Nodes hosting a serving endpoint, sorted. */
  endpointNodes: string[];
  /** Whether any endpoint serves at all. */
  serving: boolean;
  /** A fingerprint of the service's labels and annotations (serviceSelectors, sharing). */
  selector: string;
  /** A counter of pool and L2Advertisement spec changes, cluster-wide. */
  config: number;
}

export interface AnnouncerChange {
  from: string | null;
  to: string | null;
  /** The previous announcer's node when it took over, and now. */
  fromBefore?: NodeSnapshot;
  fromAfter?: NodeSnapshot;
  /** The new announcer's node a little before the previous one took over, and now. */
  toBefore?: NodeSnapshot;
  toAfter?: NodeSnapshot;
  serviceBefore: ServiceSnapshot;
  serviceAfter: ServiceSnapshot;
}

export interface CauseVerdict {
  cause: FailoverCause;
  detail: string;
}

const verdict = (cause: FailoverCause, detail: string): CauseVerdict => ({ cause, detail });

/** Why the previous announcer let go (or could no longer be chosen); null when nothing changed for it. */
function lostBy(node: string, before: NodeSnapshot | undefined, after: NodeSnapshot | undefined): CauseVerdict | null {
  if (!after || !after.exists) return verdict('nodeGone', `node ${node} was deleted`);
  const was = before ?? after;
  if (after.networkUnavailable && !was.networkUnavailable) return verdict('nodeGone', `node ${node} reports NetworkUnavailable`);
  if (after.excluded && !was.excluded) return verdict('excluded', `node ${node} was excluded from external load balancers`);
  if (after.stops > was.stops) return verdict('gracefulHandover', `${node}'s speaker stopped cleanly and handed over`);
  if (after.expiries > was.expiries) return verdict('nodeGone', `${node}'s speaker went silent: its peers stopped hearing it on the LAN, or its Lease was no longer renewed (crash, power loss, link down or partition)`);
  if (after.speaker === 'absent') return verdict('gracefulHandover', `${node} has no speaker any more`);
  if (after.speaker === 'down') return verdict('nodeGone', `${node}'s speaker is down`);
  return null;
}

function serviceMoved(from: string | null, to: string | null, before: ServiceSnapshot, after: ServiceSnapshot): CauseVerdict | null {
  if (before.trafficPolicy !== after.trafficPolicy) {
    return verdict('selectorOrPolicy', `externalTrafficPolicy changed from ${before.trafficPolicy} to ${after.trafficPolicy}`);
  }
  if (!after.serving) return before.serving ? verdict('endpointsMoved', 'the service has no serving endpoint any more') : null;
  if (!before.serving) return verdict('endpointsMoved', 'the service has serving endpoints again');
  if (after.trafficPolicy === 'Local') {
    if (from && before.endpointNodes.includes(from) && !after.endpointNodes.includes(from)) {
      return verdict('endpointsMoved', `no serving endpoint left on ${from} (externalTrafficPolicy: Local)`);
    }
    if (to && !before.endpointNodes.includes(to) && after.endpointNodes.includes(to)) {
      return verdict('endpointsMoved', `a serving endpoint appeared on ${to} (externalTrafficPolicy: Local)`);
    }
  }
  if (before.selector !== after.selector) return verdict('selectorOrPolicy', "the service's labels or annotations changed");
  if (before.config !== after.config) return verdict('selectorOrPolicy', 'an IPAddressPool or L2Advertisement changed');
  return null;
}

/** Why the new announcer now ranks first although the previous one is still fine. */
function gainedBy(node: string, before: NodeSnapshot | undefined, after: NodeSnapshot | undefined): CauseVerdict | null {
  if (!after) return null;
  if (!before || !before.exists) return verdict('speakerRestart', `node ${node} joined and its speaker started`);
  if (after.starts > before.starts || (before.speaker !== 'live' && after.speaker === 'live')) {
    return verdict('speakerRestart', `${node}'s speaker (re)started and ranks first again`);
  }
  if (before.excluded && !after.excluded) return verdict('excluded', `node ${node} is no longer excluded`);
  if (before.networkUnavailable && !after.networkUnavailable) return verdict('speakerRestart', `node ${node}'s network is available again`);
  if (before.labels !== after.labels) return verdict('selectorOrPolicy', `node ${node}'s labels changed`);
  return null;
}

/**
 * The cause of an announcer change, checked in order: what happened to the previous announcer's
 * node, then to the service (endpoints, policy, selectors, config), then to the new announcer's
 * node (a speaker that came back outranks the current one). Unknown when nothing explains it.
 */
export function classifyAnnouncerChange(c: AnnouncerChange): CauseVerdict {
  if (c.from) {
    const lost = lostBy(c.from, c.fromBefore, c.fromAfter);
    if (lost) return lost;
    if (c.fromBefore && c.fromAfter && c.fromBefore.labels !== c.fromAfter.labels) {
      return verdict('selectorOrPolicy', `node ${c.from}'s labels changed`);
    }
  }
  const moved = serviceMoved(c.from, c.to, c.serviceBefore, c.serviceAfter);
  if (moved) return moved;
  if (c.to) {
    const gained = gainedBy(c.to, c.toBefore, c.toAfter);
    if (gained) return gained;
  }
  if (c.from && c.fromAfter?.starts !== undefined && c.fromBefore && c.fromAfter.starts > c.fromBefore.starts) {
    return verdict('speakerRestart', `${c.from}'s speaker restarted`);
  }
  return verdict('unknown', 'nothing seen explains the move');
}

export const CAUSE_WORDS: Record<FailoverCause, string> = {
  nodeGone: 'node gone',
  gracefulHandover: 'graceful handover',
  excluded: 'excluded',
  selectorOrPolicy: 'selector or policy change',
  endpointsMoved: 'endpoints moved',
  speakerRestart: 'speaker restart',
  unknown: 'unknown',
};
