// Nodes as the dashboard shows them: speaker liveness from the membership Lease, the labels and
// conditions that matter for election, and the health report the speaker publishes.
import type { KubeLease, KubeNode } from './kube-types';
import type { NodeView, SpeakerHealth, SpeakerState } from './types';

export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** The speaker's membership Lease is named after its node (issue 5). */
export const SPEAKER_LEASE_PREFIX = 'ironlb-speaker-';
/** Annotation on the speaker Lease holding its JSON health report (server/speaker writes it). */
export const HEALTH_ANNOTATION = 'ironlb.io/health';

export const speakerLeaseName = (node: string): string => `${SPEAKER_LEASE_PREFIX}${node}`;

/** Node name a speaker lease belongs to, or null for other leases. */
export function nodeOfLease(lease: KubeLease): string | null {
  const name = lease.metadata.name ?? '';
  if (!name.startsWith(SPEAKER_LEASE_PREFIX)) return null;
  return lease.spec?.holderIdentity || name.slice(SPEAKER_LEASE_PREFIX.length);
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
  const durationMs = (lease.spec?.leaseDurationSeconds ?? 2) * 1000;
  if (ageMs > durationMs) return { state: 'down', ageMs };
  return { state: ageMs > durationMs / 2 ? 'stale' : 'live', ageMs };
}

const toNumber = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const toStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function toConflicts(v: unknown): SpeakerHealth['conflicts'] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({ ip: String(c.ip ?? ''), mac: String(c.mac ?? ''), at: String(c.at ?? '') }));
}

/** Reads the speaker's health report; a missing or malformed report is null, never a throw. */
export function readSpeakerHealth(lease: KubeLease | undefined): SpeakerHealth | null {
  const text = lease?.metadata.annotations?.[HEALTH_ANNOTATION];
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const c = (typeof r.counters === 'object' && r.counters !== null ? r.counters : {}) as Record<string, unknown>;
  return {
    interfaces: toStrings(r.interfaces),
    announced: toStrings(r.announced),
    counters: {
      requestsReceived: toNumber(c.requestsReceived),
      responsesSent: toNumber(c.responsesSent),
      gratuitousSent: toNumber(c.gratuitousSent),
    },
    lastGratuitous: typeof r.lastGratuitous === 'string' ? r.lastGratuitous : null,
    conflicts: toConflicts(r.conflicts),
    errors: toStrings(r.errors),
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
    excluded: Object.hasOwn(labels, EXCLUDE_LB_LABEL),
    networkUnavailable: hasCondition(node, 'NetworkUnavailable'),
    ready: isNodeReady(node),
    labels,
    announcedIPs: [...announcements.ips].sort(),
    services: [...announcements.services].sort(),
    health: readSpeakerHealth(lease),
  };
}
