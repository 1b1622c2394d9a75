// Nodes as the dashboard shows them: speaker liveness from the membership Lease, the labels and
// conditions that matter for election, and the health report the speaker publishes.
import { leaseDurationMs } from '../reconcile/lease-duration';
import { HEALTH_ANNOTATION, HEALTH_COUNTERS_ANNOTATION, parseSpeakerHealth } from '../reconcile/speaker-health';
import type { KubeLease, KubeNode } from '../shapes/kube';
import type { LanHealth, NodeView, SpeakerHealth, SpeakerState } from './types';
import type { SpeakerHealth as ParsedHealth, SpeakerLanReport } from '../reconcile/speaker-health';

export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** The speaker's membership Lease is named after its node (issue 5). */
export const SPEAKER_LEASE_PREFIX = 'ironlb-speaker-';
export { HEALTH_ANNOTATION, HEALTH_COUNTERS_ANNOTATION };
/** The speaker labels its Lease with its node (server/speaker/sources.ts). */
export const LEASE_NODE_LABEL = 'ironlb.io/node';

export const speakerLeaseName = (node: string): string => `${SPEAKER_LEASE_PREFIX}${node}`;

/** Node name a speaker lease belongs to, or null for other leases. */
export function nodeOfLease(lease: KubeLease): string | null {
  const name = lease.metadata.name ?? '';
  if (!name.startsWith(SPEAKER_LEASE_PREFIX)) return null;
  return lease.metadata.labels?.[LEASE_NODE_LABEL] || name.slice(SPEAKER_LEASE_PREFIX.length);
}

export interface Liveness {
  state: SpeakerState;
  ageMs: number | null;
}

/**
 * live: renewed within half the lease duration; stale: renewal overdue but the lease still
 * holds (the node is still a candidate); down: no lease, or it expired.
 */
export function assessLease(lease: KubeLease | undefined, nowMs: number): Liveness {
  const renew = lease?.spec?.renewTime ?? lease?.spec?.acquireTime;
  if (!lease || !renew) return { state: 'down', ageMs: null };
  const renewedMs = Date.parse(renew);
  if (Number.isNaN(renewedMs)) return { state: 'down', ageMs: null };
  const ageMs = Math.max(0, nowMs - renewedMs);
  const durationMs = leaseDurationMs(lease.metadata.annotations, lease.spec?.leaseDurationSeconds, 2);
  if (ageMs > durationMs) return { state: 'down', ageMs };
  return { state: ageMs > durationMs / 2 ? 'stale' : 'live', ageMs };
}

/** `node/interface` (node names hold no slash, interface names neither). */
function splitPeer(text: string): { node: string; via: string } {
  const i = text.lastIndexOf('/');
  return i < 0 ? { node: text, via: '' } : { node: text.slice(0, i), via: text.slice(i + 1) };
}

function toLanHealth(lan: SpeakerLanReport): LanHealth {
  return {
    intervalMs: lan.intervalMs,
    timeoutMs: lan.timeoutMs,
    problem: lan.problem,
    interfaces: lan.interfaces.map((i) => ({
      name: i.name,
      state: i.state,
      heard: [...i.heard.map((p) => ({ ...splitPeer(p), ready: true })), ...i.listening.map((p) => ({ ...splitPeer(p), ready: false }))],
      silent: i.silent,
    })),
    rejected: lan.rejected,
  };
}

/** Views by parsed report, which parseSpeakerHealth keeps while the Lease's report is unchanged. */
const healthViews = new WeakMap<object, SpeakerHealth>();

/** Reads the speaker's health report (lib/reconcile's schema); missing or malformed is null. Shared: do not modify it. */
export function readSpeakerHealth(lease: KubeLease | undefined): SpeakerHealth | null {
  const parsed = parseSpeakerHealth(lease?.metadata.annotations);
  if (!parsed.ok) return null;
  let view = healthViews.get(parsed.health);
  if (!view) healthViews.set(parsed.health, (view = toHealthView(parsed.health)));
  return view;
}

/**
 * Whether two reports differ at most in what moves with every renewal (the ARP/NDP counters and
 * the last gratuitous announcement): still shown, but no reason to rebuild every node's view at
 * once (server/dashboard/view-state.ts). Who is heard, what is announced, errors and conflicts
 * are substance.
 */
export function sameHealthApartFromCounters(a: SpeakerHealth | null, b: SpeakerHealth | null): boolean {
  if (!a || !b) return a === b;
  const substance = (h: SpeakerHealth) => JSON.stringify({ ...h, counters: null, lastGratuitous: null });
  return a === b || substance(a) === substance(b);
}

function toHealthView(h: ParsedHealth): SpeakerHealth {
  return {
    interfaces: h.interfaces.map((i) => i.name),
    announced: h.announced.map((a) => a.ip),
    counters: { ...h.counters },
    lastGratuitous: h.lastGratuitous?.at ?? null,
    conflicts: h.conflicts.map((c) => ({ ip: c.ip, mac: c.foreignMac, at: c.lastSeenAt })),
    errors: h.errors.map((e) => e.message),
    lan: h.lan ? toLanHealth(h.lan) : null,
  };
}

export function hasCondition(node: KubeNode, type: string): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Ready unless a Ready condition says otherwise (simulated nodes may carry no conditions). */
export function isNodeReady(node: KubeNode): boolean {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  return !ready || ready.status === 'True';
}

/** Until withLanStates has seen every node's report. */
export const UNKNOWN_LAN: NodeView['lan'] = {
  state: 'unknown',
  reason: 'no report of membership on the LAN',
  heardBy: [],
  silentTo: [],
  hears: [],
  hearsNoPeers: false,
  rejected: {},
};

export interface NodeAnnouncements {
  ips: string[];
  services: string[];
}

export function toNodeView(
  node: KubeNode,
  lease: KubeLease | undefined,
  announcements: NodeAnnouncements,
  nowMs: number,
): NodeView {
  const labels = node.metadata.labels ?? {};
  const liveness = assessLease(lease, nowMs);
  return {
    name: node.metadata.name ?? '',
    uid: node.metadata.uid ?? node.metadata.name ?? '',
    speaker: liveness.state,
    leaseAgeMs: liveness.ageMs,
    leaseRenewedAt: lease?.spec?.renewTime ?? lease?.spec?.acquireTime ?? null,
    excluded: Object.hasOwn(labels, EXCLUDE_LB_LABEL),
    networkUnavailable: hasCondition(node, 'NetworkUnavailable'),
    ready: isNodeReady(node),
    labels,
    announcedIPs: [...announcements.ips].sort(),
    services: [...announcements.services].sort(),
    health: readSpeakerHealth(lease),
    lan: UNKNOWN_LAN,
  };
}

/** Lease ages move every millisecond: recompute them from the current leases for the answer. */
export function withLeaseAges(nodes: readonly NodeView[], leaseOf: (node: string) => KubeLease | undefined, nowMs: number): NodeView[] {
  return nodes.map((n) => {
    const lease = leaseOf(n.name);
    const renewedAt = lease?.spec?.renewTime ?? lease?.spec?.acquireTime ?? null;
    const renewed = renewedAt ? Date.parse(renewedAt) : NaN;
    return { ...n, leaseRenewedAt: renewedAt, leaseAgeMs: Number.isNaN(renewed) ? null : Math.max(0, nowMs - renewed) };
  });
}
