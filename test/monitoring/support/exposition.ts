// The Prometheus text exposition format (version 0.0.4), read into samples and metric families.
// Hand-written: the npm parsers for it (parse-prometheus-text-format and kin) are unmaintained
// and drop the TYPE of families that have no samples, which is exactly what the tests check.

export type Labels = Record<string, string>;

export interface Sample {
  /** Includes __name__. */
  labels: Labels;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** Family name -> declared type (counter, gauge, ...), from the # TYPE lines. */
  types: Map<string, string>;
  help: Map<string, string>;
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`not a sample value: "${text}"`);
  return n;
}

/** Reads `{a="x",b="y\"z"}` from `s` at `i` (the brace); returns the labels and the index after `}`. */
function parseLabelSet(s: string, i: number): { labels: Labels; end: number } {
  const labels: Labels = {};
  let pos = i + 1;
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;
  while (s[pos] !== '}') {
    pattern.lastIndex = pos;
    const m = pattern.exec(s);
    if (!m) throw new Error(`bad label set at ${pos}: ${s}`);
    labels[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    pos = pattern.lastIndex;
  }
  return { labels, end: pos + 1 };
}

function parseSampleLine(line: string): Sample {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`bad sample line: ${line}`);
  let rest = line.slice(name.length);
  let labels: Labels = {};
  if (rest.startsWith('{')) {
    const set = parseLabelSet(rest, 0);
    labels = set.labels;
    rest = rest.slice(set.end);
  }
  const [value] = rest.trim().split(/\s+/);
  return { labels: { __name__: name, ...labels }, value: parseValue(value) };
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], types: new Map(), help: new Map() };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'TYPE' ? out.types : out.help).set(meta[2], meta[3]);
      continue;
    }
    if (line.startsWith('#')) continue;
    out.samples.push(parseSampleLine(line));
  }
  return out;
}
