// Recorded scrapes as Prometheus would store them: each scrape is one target's exposition at one
// time, its samples carry the target's labels (job, instance), and a series the target stopped
// exposing is stale from that scrape on (Prometheus writes a staleness marker). Instant lookups
// look back 5 minutes; range lookups take the samples in (t - range, t], as Prometheus 3 does.
//
// Fixture format (test/monitoring/fixtures/*.prom): exposition text split by header lines
//   # @ <t>[..<t2>/<step>] job="speaker" instance="node01:7472"
// meaning "this target's scrape at time t seconds" (or at every step from t to t2). Everything
// up to the next header is that scrape. A value written `a+b/s` is a + b*t at scrape time t (a
// counter rising steadily), so a steady hour needs one block, not 120.
import { parseExposition, type Labels, type Sample } from './exposition';

export const LOOKBACK_SECONDS = 300;

export interface Scrape {
  t: number;
  /** Labels Prometheus attaches to every sample of the target (job, instance). */
  target: Labels;
  samples: Sample[];
  /** Staleness is per target; recording rules are one "target" each (default: the labels). */
  targetKey?: string;
}

export interface Series {
  labels: Labels;
  points: { t: number; v: number }[];
}

export const labelsKey = (l: Labels): string =>
  JSON.stringify(Object.keys(l).sort().map((k) => [k, l[k]]));

export type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

function matches(labels: Labels, m: Matcher): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}

interface StoredSeries {
  labels: Labels;
  target: string;
  values: Map<number, number>;
}

export class SeriesStore {
  private readonly series = new Map<string, StoredSeries>();
  /** Target key -> sorted scrape times. */
  private readonly scrapeTimes = new Map<string, number[]>();

  constructor(scrapes: readonly Scrape[] = []) {
    for (const s of scrapes) this.add(s);
  }

  /** Adds one scrape (or one round of recorded-rule results). */
  add(scrape: Scrape): void {
    const target = scrape.targetKey ?? labelsKey(scrape.target);
    const times = this.scrapeTimes.get(target) ?? [];
    times.push(scrape.t);
    times.sort((a, b) => a - b);
    this.scrapeTimes.set(target, times);
    for (const sample of scrape.samples) {
      const labels = { ...sample.labels, ...scrape.target };
      const key = labelsKey(labels);
      const stored = this.series.get(key) ?? { labels, target, values: new Map<number, number>() };
      stored.values.set(scrape.t, sample.value);
      this.series.set(key, stored);
    }
  }

  private select(matchers: readonly Matcher[]): StoredSeries[] {
    return [...this.series.values()].filter((s) => matchers.every((m) => matches(s.labels, m)));
  }

  /** The value of every matching series at time t (latest scrape within the lookback, not stale). */
  instant(matchers: readonly Matcher[], t: number): { labels: Labels; v: number }[] {
    const out: { labels: Labels; v: number }[] = [];
    for (const s of this.select(matchers)) {
      const times = this.scrapeTimes.get(s.target) ?? [];
      const latest = times.filter((x) => x <= t && x > t - LOOKBACK_SECONDS).at(-1);
      const v = latest === undefined ? undefined : s.values.get(latest);
      if (v !== undefined) out.push({ labels: s.labels, v });
    }
    return out;
  }

  /** Every matching series' samples in (t - range, t]; series without any are left out. */
  range(matchers: readonly Matcher[], t: number, rangeSeconds: number): Series[] {
    const out: Series[] = [];
    for (const s of this.select(matchers)) {
      const points = [...s.values]
        .filter(([x]) => x > t - rangeSeconds && x <= t)
        .sort((a, b) => a[0] - b[0])
        .map(([x, v]) => ({ t: x, v }));
      if (points.length) out.push({ labels: s.labels, points });
    }
    return out;
  }

  /** Every time any target was scraped, ascending: the evaluation grid of the rule tests. */
  times(): number[] {
    return [...new Set([...this.scrapeTimes.values()].flat())].sort((a, b) => a - b);
  }

  /** Metric names present in any series. */
  names(): Set<string> {
    return new Set([...this.series.values()].map((s) => s.labels.__name__));
  }
}

function parseHeader(line: string): { times: number[]; target: Labels } {
  const m = /^#\s*@\s*(\d+)(?:\.\.(\d+)\/(\d+))?\s*(.*)$/.exec(line);
  if (!m) throw new Error(`bad scrape header: ${line}`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  const times: number[] = [];
  for (let t = from; t <= to; t += step) times.push(t);
  const target: Labels = {};
  for (const pair of m[4].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) target[pair[1]] = pair[2];
  return { times, target };
}

/** Reads a fixture file's text (format above) into scrapes. */
export function parseScrapes(text: string): Scrape[] {
  const scrapes: Scrape[] = [];
  let header: ReturnType<typeof parseHeader> | undefined;
  let body: string[] = [];
  const flush = () => {
    if (!header) return;
    const text = body.join('\n');
    for (const t of header.times) {
      const atT = text.replace(/ (-?\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)\/s$/gm, (_, a: string, b: string) => ` ${Number(a) + Number(b) * t}`);
      scrapes.push({ t, target: header.target, samples: parseExposition(atT).samples });
    }
  };
  for (const line of text.split('\n')) {
    if (/^#\s*@/.test(line)) {
      flush();
      header = parseHeader(line);
      body = [];
    } else body.push(line);
  }
  flush();
  return scrapes;
}
