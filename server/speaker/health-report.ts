// Assembles the per-node health report (lib/reconcile/speaker-health) from the speaker's live
// parts, and keeps the recent errors and conflicts it lists. Published in the Lease annotation.
import {
  HEALTH_ANNOTATION,
  healthAnnotations,
  type SpeakerConflictReport,
  type SpeakerHealth,
  type SpeakerLanReport,
} from '../../lib/reconcile/speaker-health';
import type { MembershipReason } from '../../lib/reconcile/speaker-membership';
import type { IpCounters } from './announcer';

const MAX_ERRORS = 20;
const MAX_CONFLICTS = 20;

export interface HealthInputs {
  membership: { reason: MembershipReason; live: ReadonlySet<string> };
  lan: SpeakerLanReport;
  interfaces: { name: string; mac: string }[];
  /** IP -> interfaces it is announced on. */
  announced: Map<string, string[]>;
  /** IP -> services holding it (only for announced IPs). */
  servicesOf: (ip: string) => string[];
  counters: IpCounters[];
}

export interface HealthTracker {
  noteError(message: string): void;
  noteConflict(
    conflict: Omit<SpeakerConflictReport, 'firstSeenAt' | 'lastSeenAt'> & {
      firstSeenAt: number;
      lastSeenAt: number;
    },
  ): void;
  errors(): { at: string; message: string }[];
  conflicts(): SpeakerConflictReport[];
  build(inputs: HealthInputs): SpeakerHealth;
  /**
   * The Lease annotations of the last build (rebuilt at most every `minIntervalMs`): the bounded
   * report, whose text stays the same while only counters move, and the counters.
   */
  annotations(build: () => HealthInputs): Record<string, string>;
  /**
   * What in the report is worth an early Lease write: who is heard, what is announced, errors
   * and conflicts, but not counters, times or repeat counts (they move all the time).
   */
  substance(build: () => HealthInputs): string;
}

export interface HealthTrackerOptions {
  node: string;
  instance: string;
  transport: SpeakerHealth['transport'];
  leaseDurationMs: number;
  renewIntervalMs: number;
  now?: () => number;
  /** Counters move all the time; the report is rebuilt at most this often unless marked dirty. */
  minIntervalMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function createHealthTracker(opts: HealthTrackerOptions): HealthTracker & { markDirty(): void } {
  const now = opts.now ?? (() => Date.now());
  const startedAt = iso(now());
  const errors: { at: string; message: string }[] = [];
  const conflicts = new Map<string, SpeakerConflictReport>();
  let cached: Record<string, string> = {};
  let builtAt = -Infinity;
  /** When the report last changed: a report equal to the last one keeps its text byte for byte. */
  let changedAt = now();
  let dirty = true;
  let substanceDirty = true;
  let substanceText = '';

  const tracker = {
    noteError(message: string) {
      const last = errors[errors.length - 1];
      if (last && last.message === message) last.at = iso(now());
      else errors.push({ at: iso(now()), message });
      if (errors.length > MAX_ERRORS) errors.shift();
      dirty = true;
      substanceDirty = true;
    },
    noteConflict(c: Parameters<HealthTracker['noteConflict']>[0]) {
      const key = `${c.ip}|${c.foreignMac}`;
      conflicts.delete(key);
      conflicts.set(key, { ...c, firstSeenAt: iso(c.firstSeenAt), lastSeenAt: iso(c.lastSeenAt) });
      if (conflicts.size > MAX_CONFLICTS) conflicts.delete(conflicts.keys().next().value as string);
      dirty = true;
      substanceDirty = true;
    },
    errors: () => [...errors],
    conflicts: () => [...conflicts.values()],
    markDirty() {
      dirty = true;
      substanceDirty = true;
    },
    build(inputs: HealthInputs): SpeakerHealth {
      const totals = { requestsReceived: 0, responsesSent: 0, gratuitousSent: 0 };
      let last: { ip: string; at: number } | null = null;
      for (const c of inputs.counters) {
        totals.requestsReceived += c.requestsReceived;
        totals.responsesSent += c.responsesSent;
        totals.gratuitousSent += c.gratuitousSent;
        if (c.lastGratuitousAt !== null && (!last || c.lastGratuitousAt > last.at))
          last = { ip: c.ip, at: c.lastGratuitousAt };
      }
      const announced = [...inputs.announced]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([ip, interfaces]) => ({ ip, services: inputs.servicesOf(ip), interfaces }));
      return {
        version: 1,
        node: opts.node,
        instance: opts.instance,
        startedAt,
        updatedAt: iso(changedAt),
        transport: opts.transport,
        membership: {
          reason: inputs.membership.reason,
          liveSpeakers: inputs.membership.live.size,
          leaseDurationMs: opts.leaseDurationMs,
          renewIntervalMs: opts.renewIntervalMs,
        },
        interfaces: inputs.interfaces,
        announcedCount: announced.length,
        announced,
        counters: totals,
        lastGratuitous: last ? { ip: last.ip, at: iso(last.at) } : null,
        errors: [...errors],
        conflicts: [...conflicts.values()],
        lan: inputs.lan,
      };
    },
    substance(build: () => HealthInputs): string {
      if (!substanceDirty) return substanceText;
      const h = tracker.build(build());
      substanceText = JSON.stringify([
        h.membership.reason,
        h.membership.liveSpeakers,
        h.interfaces,
        h.announced,
        h.errors.map((e) => e.message),
        h.conflicts.map((c) => [c.ip, c.foreignMac]),
        h.lan && [h.lan.keyId, h.lan.problem, h.lan.interfaces.map((i) => [i.name, i.state, i.heard, i.listening, i.silent.map((x) => x.node)])],
      ]);
      substanceDirty = false;
      return substanceText;
    },
    annotations(build: () => HealthInputs): Record<string, string> {
      const minInterval = opts.minIntervalMs ?? 5000;
      if (dirty || now() - builtAt >= minInterval) {
        // Built with the last change's time first: a report where nothing but counters moved (a
        // cluster at rest) keeps its text, so a renewal changes only the counters annotation.
        const report = tracker.build(build());
        let next = healthAnnotations(report);
        if (next[HEALTH_ANNOTATION] !== cached[HEALTH_ANNOTATION]) {
          changedAt = now();
          next = healthAnnotations({ ...report, updatedAt: iso(changedAt) });
        }
        cached = next;
        builtAt = now();
        dirty = false;
      }
      return cached;
    },
  };
  return tracker;
}
