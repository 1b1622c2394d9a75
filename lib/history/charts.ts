// The ledger as chart data (uPlot's aligned arrays: x in seconds, one array per series, null for
// "no value here"): a service's announcer over time, a node's gains and losses by cause, and a
// pool's utilisation with its forecast. Pure; the components only draw.
import { FAILOVER_CAUSES, type FailoverCause, type HistoryEntry, type PoolForecast, type UsagePoint } from './types';

/** A marker's series: a cause, or 'first' for the first announcer of a new IP. */
export type MarkerKey = FailoverCause | 'first';
export const MARKER_KEYS: readonly MarkerKey[] = [...FAILOVER_CAUSES, 'first'];

const byTime = (a: HistoryEntry, b: HistoryEntry) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
const sec = (iso: string) => Date.parse(iso) / 1000;
/** A step drawn as two points: the old level just before the change, the new one at it. */
const JUST_BEFORE = 0.001;

export interface AnnouncerTimeline {
  lanes: string[];
  xs: number[];
  /** The announcing node's lane over time (null: nobody announces). */
  announcer: (number | null)[];
  /** Per cause, the new announcer's lane at each change (null elsewhere). */
  markers: Record<MarkerKey, (number | null)[]>;
}

function emptyMarkers(): Record<MarkerKey, (number | null)[]> {
  return Object.fromEntries(MARKER_KEYS.map((k) => [k, []])) as unknown as Record<MarkerKey, (number | null)[]>;
}

/** Which node announced the service when, with a marker per change coloured by its cause. */
export function toAnnouncerTimeline(entries: readonly HistoryEntry[], nowMs: number): AnnouncerTimeline {
  const changes = entries.filter((e) => e.kind === 'announcerChanged').slice().sort(byTime);
  const lanes = [...new Set(changes.flatMap((e) => [e.node, e.previousNode]).filter((n): n is string => Boolean(n)))].sort();
  const lane = (n: string | null) => (n ? lanes.indexOf(n) : null);
  const out: AnnouncerTimeline = { lanes, xs: [], announcer: [], markers: emptyMarkers() };
  const push = (x: number, y: number | null, marker?: { key: MarkerKey; y: number | null }) => {
    out.xs.push(x);
    out.announcer.push(y);
    for (const k of MARKER_KEYS) out.markers[k].push(marker?.key === k ? marker.y : null);
  };
  let current: number | null = null;
  let last = -Infinity;
  for (const e of changes) {
    const x = Math.max(sec(e.at), last + 2 * JUST_BEFORE);
    if (out.xs.length) push(x - JUST_BEFORE, current);
    current = lane(e.node);
    push(x, current, { key: e.cause ?? 'first', y: current ?? lane(e.previousNode) });
    last = x;
  }
  if (out.xs.length && nowMs / 1000 > last) push(nowMs / 1000, current);
  return out;
}

export interface NodeTimeline {
  /** Y lanes: the causes' words order (MARKER_KEYS). */
  lanes: readonly MarkerKey[];
  xs: number[];
  /** The node took an IP over, at the lane of the cause. */
  gained: (number | null)[];
  /** The node lost an IP, at the lane of the cause. */
  lost: (number | null)[];
}

export function toNodeTimeline(entries: readonly HistoryEntry[], node: string): NodeTimeline {
  const changes = entries.filter((e) => e.kind === 'announcerChanged' && (e.node === node || e.previousNode === node)).slice().sort(byTime);
  const out: NodeTimeline = { lanes: MARKER_KEYS, xs: [], gained: [], lost: [] };
  let last = -Infinity;
  for (const e of changes) {
    const x = Math.max(sec(e.at), last + JUST_BEFORE);
    const y = MARKER_KEYS.indexOf(e.cause ?? 'first');
    out.xs.push(x);
    out.gained.push(e.node === node ? y : null);
    out.lost.push(e.previousNode === node ? y : null);
    last = x;
  }
  return out;
}

export interface UsageChart {
  xs: number[];
  used: (number | null)[];
  size: (number | null)[];
  /** The forecast line from now on (null before now). */
  forecast: (number | null)[];
}

/** How far ahead the forecast line is drawn at most. */
const PROJECTION_MAX_MS = 30 * 86_400_000;

export function toUsageChart(points: readonly UsagePoint[], forecast: PoolForecast | null, nowMs: number): UsageChart {
  const out: UsageChart = { xs: [], used: [], size: [], forecast: [] };
  let prev: UsagePoint | null = null;
  let last = -Infinity;
  const push = (x: number, used: number | null, size: number | null, f: number | null = null) => {
    const at = Math.max(x, last + JUST_BEFORE);
    out.xs.push(at);
    out.used.push(used);
    out.size.push(size);
    out.forecast.push(f);
    last = at;
  };
  for (const p of [...points].sort((a, b) => a.at - b.at)) {
    if (prev && p.used !== prev.used) push(p.at / 1000 - JUST_BEFORE, prev.used, prev.size);
    push(p.at / 1000, p.used, p.size);
    prev = p;
  }
  if (!prev || !forecast || forecast.ratePerDay <= 0 || !Number.isSafeInteger(forecast.size)) return out;
  out.forecast[out.forecast.length - 1] = prev.used;
  const end = forecast.exhaustedAt ? Math.min(Date.parse(forecast.exhaustedAt), nowMs + PROJECTION_MAX_MS) : nowMs + PROJECTION_MAX_MS;
  if (end <= nowMs) return out;
  const projected = Math.min(forecast.size, forecast.used + (forecast.ratePerDay * (end - nowMs)) / 86_400_000);
  push(end / 1000, null, prev.size, Math.round(projected * 100) / 100);
  return out;
}
