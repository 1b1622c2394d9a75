// The history ledger's vocabulary: entry kinds, failover causes, the entry as the API and the
// pages carry it, and the views built from entries (forecast, flapping, usage, IP holdings).
// Plain JSON data; the ledger itself lives in the dashboard's SQLite store (server/history).
import type { StreamPosition } from '../views/types';

export const HISTORY_KINDS = ['ipAssigned', 'ipReleased', 'announcerChanged', 'pending', 'conflict', 'poolChanged'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** Why the announcing node of a service changed (lib/history/cause.ts decides). */
export const FAILOVER_CAUSES = ['nodeGone', 'gracefulHandover', 'excluded', 'selectorOrPolicy', 'endpointsMoved', 'speakerRestart', 'unknown'] as const;
export type FailoverCause = (typeof FAILOVER_CAUSES)[number];

/** One ledger entry on the wire: `GET /api/v1/history/...` answers these, newest first. */
export interface HistoryEntry {
  /** When it happened (or, for an inferred entry, the best time the objects tell), ISO 8601. */
  at: string;
  kind: HistoryKind;
  /** `namespace/name` of the service, null for pool entries. */
  service: string | null;
  ip: string | null;
  pool: string | null;
  /** announcerChanged: the new announcer (null: nobody announces now); conflict: the announcer. */
  node: string | null;
  previousNode: string | null;
  /** announcerChanged only; null for the first announcer of a newly assigned IP. */
  cause: FailoverCause | null;
  /** The reason in words (pending reason, conflict, what changed in a pool, why the announcer moved). */
  detail: string | null;
  /** Who made the change, when known (the controller's event source, a field manager). */
  by: string | null;
  /** The resourceVersion of the object the change was seen on. */
  resourceVersion: string | null;
  /** True when filled in on start from the objects' state or from Events, not seen live. */
  inferred: boolean;
}

/**
 * A history answer; it carries the stream position it reflects, so a page fetched while a batch
 * of new entries went by is caught up (components/live/stream-cache.ts) instead of staying behind.
 */
export interface HistoryPage extends StreamPosition {
  entries: HistoryEntry[];
}

/** `GET /api/v1/pools/{name}/forecast`. */
export interface PoolForecast {
  pool: string;
  /** Addresses in the pool (approximate beyond 2^53, where no forecast is made). */
  size: number;
  used: number;
  /** Net addresses taken per day over the forecast window (negative: the pool is draining). */
  ratePerDay: number;
  /** When the pool is full at this rate, ISO 8601; null when not at this rate. */
  exhaustedAt: string | null;
}

/** One point of a pool's utilisation over time. */
export interface UsagePoint {
  /** Milliseconds since the epoch. */
  at: number;
  used: number;
  size: number;
}

export interface PoolUsage {
  pool: string;
  points: UsagePoint[];
}

/** A service whose announcer or IP changed more than the threshold within the window. */
export interface FlappingService {
  service: string;
  changes: number;
  announcerChanges: number;
  ipChanges: number;
  lastAt: string;
}

export interface FlappingReport extends StreamPosition {
  windowMs: number;
  threshold: number;
  services: FlappingService[];
}

/** One answer of "verify now": a node's view of who answers for an IP on the LAN. */
export interface VerifyProbe {
  /** The node the request was sent from. */
  from: string;
  ip: string;
  verdict: 'resolved' | 'noAnswer' | 'multipleAnswers';
  answers: { mac: string; node: string | null; afterMs: number }[];
}

export interface VerifyReport {
  service: string;
  /** Who should answer: the announcing node and its MAC (from the speaker's health report). */
  expected: { node: string | null; mac: string | null };
  probes: VerifyProbe[];
  /** 'match' when every answer came from the expected MAC. */
  verdict: 'match' | 'mismatch' | 'noAnswer' | 'notAnnounced';
  /** What the LAN client (a router's view) last learned for each IP, if anything. */
  lanClient: { ip: string; mac: string; node: string | null; at: string; learnedFrom: string }[];
  at: string;
}
