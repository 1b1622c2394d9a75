// The per-node speaker health report: its shape (zod, shared by the speaker that writes it and
// the dashboard that reads it), the annotation it lives in, and the size bound. Pure.
//
// Where: annotation `ironlb.io/health` on the speaker's Lease `ironlb-speaker-<node>` in the
// system namespace, so a dashboard on a real cluster reads every node's health with one list
// of Leases (label `app.kubernetes.io/component=speaker`). Lease age is the reader's clock
// minus the Lease's spec.renewTime.
import { z } from 'zod';

export const HEALTH_ANNOTATION = 'ironlb.io/health';
/**
 * The ARP/NDP counters and the last gratuitous announcement, which move all the time, in an
 * annotation of their own: the report itself keeps its text while nothing else changes, so a
 * renewal at rest changes only this small one and readers skip the report (issue 17).
 */
export const HEALTH_COUNTERS_ANNOTATION = 'ironlb.io/health-counters';
/** Annotations share a 256 KiB budget per object and every Lease renewal carries this one. */
export const HEALTH_MAX_BYTES = 8192;

const countersSchema = z.object({ requestsReceived: z.number(), responsesSent: z.number(), gratuitousSent: z.number() });
const lastGratuitousSchema = z.object({ ip: z.string(), at: z.string() }).nullable();

/** What `HEALTH_COUNTERS_ANNOTATION` holds. */
const healthCountersSchema = z.object({ counters: countersSchema, lastGratuitous: lastGratuitousSchema });

const conflictSchema = z.object({
  ip: z.string(),
  foreignMac: z.string(),
  expectedMac: z.string(),
  interface: z.string(),
  via: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  count: z.number(),
});

const lanInterfaceSchema = z.object({
  name: z.string(),
  /** listening: just opened, not yet taking part in elections on it. */
  state: z.enum(['listening', 'ready']),
  /** `node/interface` of every peer heard here now and ready. */
  heard: z.array(z.string()),
  /** `node/interface` of peers heard here that are still listening themselves. */
  listening: z.array(z.string()),
  /** Peers that were heard here and went silent, with when they were last heard. */
  silent: z.array(z.object({ node: z.string(), at: z.string() })),
});

/** Membership on the LAN: the heartbeats this speaker sends and hears (server/speaker/README.md). */
const lanSchema = z.object({
  intervalMs: z.number(),
  timeoutMs: z.number(),
  /** Names the key heartbeats are signed with (first 8 bytes of its sha256, hex); null: no key. */
  keyId: z.string().nullable(),
  /** Why there is no usable key. */
  problem: z.string().nullable(),
  interfaces: z.array(lanInterfaceSchema),
  /** Frames refused since start, by reason (badTag, replay, unknownNode...). */
  rejected: z.record(z.string(), z.number()),
});

export const speakerHealthSchema = z.object({
  version: z.literal(1),
  node: z.string(),
  /** Random per process: two processes renewing one node's lease show up as a flip-flop here. */
  instance: z.string(),
  startedAt: z.string(),
  /** When the content last changed (a renewal that changes nothing repeats the text as it was). */
  updatedAt: z.string(),
  transport: z.enum(['af-packet', 'virtual']),
  membership: z.object({
    reason: z.enum(['normal', 'starting', 'notLive', 'stale']),
    liveSpeakers: z.number(),
    leaseDurationMs: z.number(),
    renewIntervalMs: z.number(),
  }),
  interfaces: z.array(z.object({ name: z.string(), mac: z.string() })),
  announcedCount: z.number(),
  announced: z.array(
    z.object({ ip: z.string(), services: z.array(z.string()), interfaces: z.array(z.string()) }),
  ),
  counters: countersSchema,
  lastGratuitous: lastGratuitousSchema,
  errors: z.array(z.object({ at: z.string(), message: z.string() })),
  conflicts: z.array(conflictSchema),
  /** Absent in reports of speakers from before LAN heartbeats. */
  lan: lanSchema.optional(),
  /** Set when lists were cut to stay under HEALTH_MAX_BYTES. */
  truncated: z.boolean().optional(),
});

export type SpeakerHealth = z.infer<typeof speakerHealthSchema>;
export type SpeakerConflictReport = z.infer<typeof conflictSchema>;
export type SpeakerLanReport = z.infer<typeof lanSchema>;

export type HealthParse =
  { ok: true; health: SpeakerHealth } | { ok: false; reason: 'missing' | 'invalid'; detail: string };

/** The report annotation: counters and the last gratuitous announcement live next to it now. */
const storedHealthSchema = speakerHealthSchema.extend({
  counters: countersSchema.optional(),
  lastGratuitous: lastGratuitousSchema.optional(),
});
/** A report as written to `HEALTH_ANNOTATION` (its counters go to `HEALTH_COUNTERS_ANNOTATION`). */
export type StoredHealth = z.infer<typeof storedHealthSchema>;
type StoredParse = { ok: true; health: StoredHealth } | Extract<HealthParse, { ok: false }>;

const NO_COUNTERS: z.infer<typeof healthCountersSchema> = {
  counters: { requestsReceived: 0, responsesSent: 0, gratuitousSent: 0 },
  lastGratuitous: null,
};

/**
 * Reports by text: a renewal brings a new annotations object with the same report text, and
 * every reader (the dashboard's node views, the speakers' peer MACs) parses it once. Bounded;
 * a report is under 8 KiB, so at most a few MB for a thousand speakers.
 */
const reportsByText = new Map<string, StoredParse>();
const MAX_REPORTS = 1024;
/** Per report, the counters last merged into it, so equal texts give the same object. */
const merged = new WeakMap<StoredHealth, { counters: string | undefined; parsed: HealthParse }>();

/** Reads the report and its counters from a Lease's annotations (shared result: do not modify it). */
export function parseSpeakerHealth(annotations: Readonly<Record<string, string>> | undefined): HealthParse {
  const raw = annotations?.[HEALTH_ANNOTATION];
  if (!raw) return { ok: false, reason: 'missing', detail: `no ${HEALTH_ANNOTATION} annotation` };
  let report = reportsByText.get(raw);
  if (!report) {
    report = readReport(raw);
    if (reportsByText.size >= MAX_REPORTS) reportsByText.delete(reportsByText.keys().next().value as string);
    reportsByText.set(raw, report);
  }
  if (!report.ok) return report;
  const countersText = annotations?.[HEALTH_COUNTERS_ANNOTATION];
  const memo = merged.get(report.health);
  if (memo && memo.counters === countersText) return memo.parsed;
  const parsed: HealthParse = { ok: true, health: { ...report.health, ...readCounters(countersText, report.health) } };
  merged.set(report.health, { counters: countersText, parsed });
  return parsed;
}

function readReport(raw: string): StoredParse {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'invalid', detail: `${HEALTH_ANNOTATION} is not JSON` };
  }
  const parsed = storedHealthSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', detail: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, health: parsed.data };
}

/**
 * The counters annotation; without one (a speaker from before it) the report's own counters. A
 * malformed one reads as no counters: the rest of the report still stands.
 */
function readCounters(text: string | undefined, report: StoredHealth): z.infer<typeof healthCountersSchema> {
  if (text === undefined) return { counters: report.counters ?? NO_COUNTERS.counters, lastGratuitous: report.lastGratuitous ?? null };
  try {
    const parsed = healthCountersSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : NO_COUNTERS;
  } catch {
    return NO_COUNTERS;
  }
}

/** Both annotations of a report: the bounded report, and its counters. */
export function healthAnnotations(report: SpeakerHealth): Record<string, string> {
  const { counters, lastGratuitous, ...rest } = report;
  return {
    [HEALTH_ANNOTATION]: serializeHealth(rest),
    [HEALTH_COUNTERS_ANNOTATION]: JSON.stringify({ counters, lastGratuitous }),
  };
}

const byteLength = (s: string): number => new TextEncoder().encode(s).length;
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Serialises the report within `maxBytes`: long messages are clipped, then the newest errors and
 * conflicts kept, then the announced list cut (announcedCount always tells the full number).
 */
export function serializeHealth(report: StoredHealth, maxBytes = HEALTH_MAX_BYTES): string {
  let r: StoredHealth = {
    ...report,
    errors: report.errors.slice(-5).map((e) => ({ ...e, message: clip(e.message, 300) })),
    conflicts: report.conflicts.slice(-10),
  };
  let text = JSON.stringify(r);
  if (byteLength(text) <= maxBytes) return text;
  r = { ...r, truncated: true, errors: r.errors.slice(-2), conflicts: r.conflicts.slice(-3) };
  let keep = r.announced.length;
  text = JSON.stringify(r);
  while (byteLength(text) > maxBytes && keep > 0) {
    keep = Math.floor(keep / 2);
    text = JSON.stringify({ ...r, announced: r.announced.slice(0, keep) });
  }
  if (byteLength(text) <= maxBytes) return text;
  // Last resort: who hears whom stays (the dashboard's LAN states read it), cut to a few peers.
  const lan = r.lan && {
    ...r.lan,
    interfaces: r.lan.interfaces.slice(0, 8).map((i) => ({ ...i, heard: i.heard.slice(0, 64), listening: i.listening.slice(0, 8), silent: i.silent.slice(0, 8) })),
  };
  return JSON.stringify({
    ...r,
    announced: [],
    interfaces: r.interfaces.slice(0, 8),
    errors: [],
    conflicts: [],
    lan,
  });
}
