// The per-node speaker health report: its shape (zod, shared by the speaker that writes it and
// the dashboard that reads it), the annotation it lives in, and the size bound. Pure.
//
// Where: annotation `ironlb.io/health` on the speaker's Lease `ironlb-speaker-<node>` in the
// system namespace, so a dashboard on a real cluster reads every node's health with one list
// of Leases (label `app.kubernetes.io/component=speaker`). Lease age is the reader's clock
// minus the Lease's spec.renewTime.
import { z } from 'zod';

export const HEALTH_ANNOTATION = 'ironlb.io/health';
/** Annotations share a 256 KiB budget per object and every Lease renewal carries this one. */
export const HEALTH_MAX_BYTES = 8192;

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
  counters: z.object({ requestsReceived: z.number(), responsesSent: z.number(), gratuitousSent: z.number() }),
  lastGratuitous: z.object({ ip: z.string(), at: z.string() }).nullable(),
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

/**
 * Verdicts by annotations object: an informer cache keeps a Lease's object until the Lease
 * changes, and the dashboard rebuilds every node's view whenever any one of them is renewed
 * (103 reports validated per rebuild, the largest cost of a renewal at 100 nodes).
 */
const parsedReports = new WeakMap<Readonly<Record<string, string>>, { raw: string | undefined; parsed: HealthParse }>();

/** Reads the report from a Lease's annotations (the result is shared: do not modify it). */
export function parseSpeakerHealth(annotations: Readonly<Record<string, string>> | undefined): HealthParse {
  if (!annotations) return readHealth(annotations);
  const raw = annotations[HEALTH_ANNOTATION];
  const memo = parsedReports.get(annotations);
  if (memo && memo.raw === raw) return memo.parsed;
  const parsed = readHealth(annotations);
  parsedReports.set(annotations, { raw, parsed });
  return parsed;
}

function readHealth(annotations: Readonly<Record<string, string>> | undefined): HealthParse {
  const raw = annotations?.[HEALTH_ANNOTATION];
  if (!raw) return { ok: false, reason: 'missing', detail: `no ${HEALTH_ANNOTATION} annotation` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'invalid', detail: `${HEALTH_ANNOTATION} is not JSON` };
  }
  const parsed = speakerHealthSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: 'invalid', detail: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, health: parsed.data };
}

const byteLength = (s: string): number => new TextEncoder().encode(s).length;
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Serialises the report within `maxBytes`: long messages are clipped, then the newest errors and
 * conflicts kept, then the announced list cut (announcedCount always tells the full number).
 */
export function serializeHealth(report: SpeakerHealth, maxBytes = HEALTH_MAX_BYTES): string {
  let r: SpeakerHealth = {
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
