// Turns the announcers' conflict sightings into what a user sees: a Warning event on the
// Service, a metric and the health report. Only foreign hosts count: a claim from another
// ironlb speaker is a handover seen a moment early or late (views of membership differ by a
// watch delivery), never a conflict.
import type { EventRecorder, KubeObject, Logger } from '../kube';
import type { Conflict } from './announcer';
import type { HealthTracker } from './health-report';

/** One Warning event per (IP, foreign MAC) at most this often; the health report has the rest. */
export const CONFLICT_EVENT_INTERVAL_MS = 60_000;

export interface ConflictReporterOptions {
  node: string;
  events: EventRecorder;
  logger: Logger;
  health: Pick<HealthTracker, 'noteConflict'>;
  ownerOf: (ip: string) => { node: string; since: number } | undefined;
  /** The Services holding the IP (objects when known, else `namespace/name`). */
  servicesOf: (ip: string) => (KubeObject | string)[];
  /** The speaker node owning a MAC, from the speakers' health reports. */
  speakerOfMac: (mac: string) => string | undefined;
  now?: () => number;
}

export interface ConflictReporter {
  report(c: Conflict): void;
  counts(): { ip: string; count: number }[];
}

export const conflictMessage = (c: Conflict, node: string): string =>
  `IP ${c.ip} is also claimed by MAC ${c.foreignMac} on ${c.ifname} (${c.via}); node "${node}" expects ${c.expectedMac}: another host answers for this IP`;

export function createConflictReporter(opts: ConflictReporterOptions): ConflictReporter {
  const now = opts.now ?? (() => Date.now());
  const counts = new Map<string, number>();
  const lastEvent = new Map<string, number>();

  const toInvolved = (s: KubeObject | string) => {
    if (typeof s !== 'string') return s;
    const [namespace, name] = s.split('/');
    return { apiVersion: 'v1', kind: 'Service', namespace, name };
  };

  return {
    report(c) {
      const peer = opts.speakerOfMac(c.foreignMac);
      if (peer) {
        opts.logger.debug(
          {
            op: 'speaker.conflict',
            key: c.ip,
            reason: 'speakerHandover',
            peer,
            owner: opts.ownerOf(c.ip)?.node,
          },
          'claim from another speaker ignored',
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
      const key = `${c.ip}|${c.foreignMac}`;
      const last = lastEvent.get(key);
      if (last !== undefined && now() - last < CONFLICT_EVENT_INTERVAL_MS) return;
      lastEvent.set(key, now());
      if (lastEvent.size > 1024) lastEvent.delete(lastEvent.keys().next().value as string);
      const message = conflictMessage(c, opts.node);
      opts.logger.warn(
        {
          op: 'speaker.conflict',
          key: c.ip,
          reason: 'ipConflict',
          mac: c.foreignMac,
          owner: opts.ownerOf(c.ip)?.node,
        },
        message,
      );
      for (const svc of opts.servicesOf(c.ip))
        void opts.events.record(toInvolved(svc), 'Warning', 'ipConflict', message);
    },
    counts: () => [...counts].map(([ip, count]) => ({ ip, count })),
  };
}
