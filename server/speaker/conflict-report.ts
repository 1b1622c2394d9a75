// Turns the announcers' conflict sightings into what a user sees, once per incident: the node
// announcing the IP writes the Warning event (and answers with the announcer's bounded defence);
// every node that saw the claim counts it in its metrics and lists it in its health report, so
// the dashboard shows one conflict with the nodes that saw it. Only foreign hosts count: a claim
// from another ironlb speaker (its MAC known from its heartbeats or its Lease) or one that comes
// while the IP changes hands is a handover, never a conflict (issue 22).
import type { EventRecorder, KubeObject, Logger } from '../kube';
import type { Conflict } from './announcer';
import type { HealthTracker } from './health-report';
import { monotonicNow } from './transport/clock';

/** One Warning event per (IP, foreign MAC) at most this often; the health report has the rest. */
export const CONFLICT_EVENT_INTERVAL_MS = 60_000;
/**
 * Claims this soon after an IP changed hands (in this node's view) are the handover itself:
 * the other side's announcements and withdrawals cross ours for up to a pass and a heartbeat.
 */
export const HANDOVER_GRACE_MS = 3000;

export interface ConflictReporterOptions {
  node: string;
  events: EventRecorder;
  logger: Logger;
  health: Pick<HealthTracker, 'noteConflict'>;
  /** Who should answer for the IP in this node's view, and since when (local ms). */
  ownerOf: (ip: string) => { node: string; since: number } | undefined;
  /** The Services holding the IP (objects when known, else `namespace/name`). */
  servicesOf: (ip: string) => (KubeObject | string)[];
  /** The speaker node owning a MAC, from heartbeats and health reports. */
  speakerOfMac: (mac: string) => string | undefined;
  /** The announcer's bounded defence on the interface the claim came in on. */
  defend?: (ip: string, ifname: string) => boolean;
  now?: () => number;
}

export interface ConflictReporter {
  report(c: Conflict): void;
  counts(): { ip: string; count: number }[];
}

export const conflictMessage = (c: Conflict, node: string): string =>
  `IP ${c.ip} is also claimed by MAC ${c.foreignMac} on ${c.ifname} (${c.via}); node "${node}" expects ${c.expectedMac}: another host answers for this IP`;

type Verdict = { conflict: false; reason: 'speakerHandover' | 'changingHands'; peer?: string } | { conflict: true; announcer: boolean };

export function createConflictReporter(opts: ConflictReporterOptions): ConflictReporter {
  const now = opts.now ?? monotonicNow;
  const counts = new Map<string, number>();
  const lastEvent = new Map<string, number>();

  const toInvolved = (s: KubeObject | string) => {
    if (typeof s !== 'string') return s;
    const [namespace, name] = s.split('/');
    return { apiVersion: 'v1', kind: 'Service', namespace, name };
  };

  const judge = (c: Conflict): Verdict => {
    const peer = opts.speakerOfMac(c.foreignMac);
    if (peer) return { conflict: false, reason: 'speakerHandover', peer };
    const owner = opts.ownerOf(c.ip);
    if (owner && now() - owner.since < HANDOVER_GRACE_MS) return { conflict: false, reason: 'changingHands' };
    return { conflict: true, announcer: owner?.node === opts.node };
  };

  const writeEvent = (c: Conflict) => {
    const key = `${c.ip}|${c.foreignMac}`;
    const last = lastEvent.get(key);
    if (last !== undefined && now() - last < CONFLICT_EVENT_INTERVAL_MS) return;
    lastEvent.set(key, now());
    if (lastEvent.size > 1024) lastEvent.delete(lastEvent.keys().next().value as string);
    const message = conflictMessage(c, opts.node);
    opts.logger.warn({ op: 'speaker.conflict', key: c.ip, reason: 'ipConflict', mac: c.foreignMac, owner: opts.node }, message);
    for (const svc of opts.servicesOf(c.ip)) void opts.events.record(toInvolved(svc), 'Warning', 'ipConflict', message);
  };

  return {
    report(c) {
      const verdict = judge(c);
      if (!verdict.conflict) {
        opts.logger.debug(
          { op: 'speaker.conflict', key: c.ip, reason: verdict.reason, peer: verdict.peer, owner: opts.ownerOf(c.ip)?.node },
          'claim taken for a handover',
        );
        return;
      }
      counts.set(c.ip, (counts.get(c.ip) ?? 0) + 1);
      opts.health.noteConflict({
        ip: c.ip,
        foreignMac: c.foreignMac,
        expectedMac: c.expectedMac,
        interface: c.ifname,
        via: c.via,
        firstSeenAt: c.firstSeenAt,
        lastSeenAt: c.lastSeenAt,
        count: c.count,
      });
      if (!verdict.announcer) return; // the announcing node reports the incident
      writeEvent(c);
      opts.defend?.(c.ip, c.ifname);
    },
    counts: () => [...counts].map(([ip, count]) => ({ ip, count })),
  };
}
