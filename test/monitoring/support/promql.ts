// A small PromQL evaluator for the alert rules and Grafana panels ironlb ships, so each alert can
// be tested on recorded scrapes where it must fire and where it must not. Prometheus's own
// grammar (@prometheus-io/lezer-promql) parses; this file only evaluates the tree.
//
// The subset, with Prometheus 3's semantics (promql/engine.go, promql/functions.go):
// - number literals and durations (5m, 1h30m); parentheses; unary minus;
// - vector selectors with =, !=, =~, !~ matchers (regexes fully anchored), range selectors
//   m[5m], and `offset` right after a selector;
// - arithmetic + - * / % ^ and comparisons == != > < >= <= (filtering, or with `bool`) between
//   scalars and vectors, and between vectors one-to-one with on(...) / ignoring(...) (the result
//   keeps only the on() labels, drops the ignoring() ones and, for arithmetic, the name);
// - and, or, unless with on(...) / ignoring(...);
// - sum, count, max, min, avg with by (...) / without (...);
// - rate, increase (extrapolated as Prometheus does, counter resets included), predict_linear,
//   label_replace ($1 and ${name} references; an empty result removes the label).
// Anything else (group_left/right, subqueries, @, other functions) is an error, not a guess.
import { parser } from '@prometheus-io/lezer-promql';
import type { Labels } from './exposition';
import { LOOKBACK_SECONDS, labelsKey, type Matcher, type Series, type SeriesStore } from './series-store';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface VectorSample {
  labels: Labels;
  v: number;
}
export type Value =
  | { kind: 'scalar'; v: number }
  | { kind: 'vector'; samples: VectorSample[] }
  | { kind: 'matrix'; series: Series[]; rangeSeconds: number };

/** Syntax errors as Prometheus's grammar reports them: empty when `expr` parses. */
export function syntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter(n) {
      if (n.type.isError) errors.push(`syntax error at ${n.from}: "${expr.slice(Math.max(0, n.from - 10), n.to + 10)}"`);
    },
  });
  return errors;
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

export function parseDuration(text: string): number {
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) throw new Error(`not a duration: ${text}`);
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

const withoutName = (l: Labels): Labels => {
  const { __name__: _, ...rest } = l;
  return rest;
};

interface Ctx {
  src: string;
  store: SeriesStore;
  t: number;
  offset: number;
}

const text = (ctx: Ctx, n: SyntaxNode) => ctx.src.slice(n.from, n.to);

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function matchersOf(ctx: Ctx, sel: SyntaxNode): Matcher[] {
  const out: Matcher[] = [];
  for (const c of children(sel)) {
    if (c.name === 'Identifier') out.push({ name: '__name__', op: '=', value: text(ctx, c) });
    if (c.name !== 'LabelMatchers') continue;
    for (const m of children(c)) {
      if (m.name !== 'UnquotedLabelMatcher') throw new Error(`unsupported matcher: ${text(ctx, m)}`);
      const [name, op, value] = children(m);
      out.push({ name: text(ctx, name), op: text(ctx, op) as Matcher['op'], value: unquote(text(ctx, value)) });
    }
  }
  return out;
}

function evalSelector(ctx: Ctx, n: SyntaxNode): Value {
  const samples = ctx.store.instant(matchersOf(ctx, n), ctx.t - ctx.offset);
  return { kind: 'vector', samples };
}

function evalMatrix(ctx: Ctx, n: SyntaxNode): Value {
  const [sel, dur] = children(n);
  if (sel.name !== 'VectorSelector') throw new Error(`unsupported range of ${sel.name}`);
  const rangeSeconds = parseDuration(text(ctx, dur));
  return { kind: 'matrix', series: ctx.store.range(matchersOf(ctx, sel), ctx.t - ctx.offset, rangeSeconds), rangeSeconds };
}

/**
 * Prometheus binds `offset` to the selector before it (`a unless b offset 5m` offsets only b);
 * lezer-promql's tree may hang it on the whole expression, so anything but a selector under an
 * offset is refused: write the parentheses.
 */
function evalOffset(ctx: Ctx, n: SyntaxNode): Value {
  const [inner, , dur] = children(n);
  if (inner.name !== 'VectorSelector' && inner.name !== 'MatrixSelector')
    throw new Error(`offset must follow a selector directly; parenthesise "${text(ctx, inner)}"'s operand`);
  return evaluateNode({ ...ctx, offset: ctx.offset + parseDuration(text(ctx, dur)) }, inner);
}

function evalNumber(ctx: Ctx, n: SyntaxNode): Value {
  const s = text(ctx, n);
  const v = /^[0-9.]+(e[+-]?\d+)?$/i.test(s) ? Number(s) : parseDuration(s);
  return { kind: 'scalar', v };
}

// --- binary operators ---------------------------------------------------------------------

const ARITH: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  Pow: (a, b) => a ** b,
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Eql: (a, b) => a === b,
  Neq: (a, b) => a !== b,
  Gtr: (a, b) => a > b,
  Lss: (a, b) => a < b,
  Gte: (a, b) => a >= b,
  Lte: (a, b) => a <= b,
};
const SET_OPS = new Set(['And', 'Or', 'Unless']);

interface Matching {
  on: boolean;
  labels: string[];
}

function signature(l: Labels, m: Matching): string {
  if (m.on) return labelsKey(Object.fromEntries(m.labels.map((k) => [k, l[k] ?? ''])));
  const rest = withoutName(l);
  for (const k of m.labels) delete rest[k];
  return labelsKey(rest);
}

function resultLabels(l: Labels, m: Matching, dropName: boolean): Labels {
  if (m.on) return Object.fromEntries(Object.entries(l).filter(([k]) => m.labels.includes(k)));
  const out = dropName ? withoutName(l) : { ...l };
  for (const k of m.labels) delete out[k];
  return out;
}

function setOp(op: string, lhs: VectorSample[], rhs: VectorSample[], m: Matching): VectorSample[] {
  const rightSigs = new Set(rhs.map((s) => signature(s.labels, m)));
  if (op === 'And') return lhs.filter((s) => rightSigs.has(signature(s.labels, m)));
  if (op === 'Unless') return lhs.filter((s) => !rightSigs.has(signature(s.labels, m)));
  const leftSigs = new Set(lhs.map((s) => signature(s.labels, m)));
  return [...lhs, ...rhs.filter((s) => !leftSigs.has(signature(s.labels, m)))];
}

function vectorVector(op: string, isBool: boolean, lhs: VectorSample[], rhs: VectorSample[], m: Matching): VectorSample[] {
  const right = new Map<string, VectorSample>();
  for (const s of rhs) {
    const sig = signature(s.labels, m);
    if (right.has(sig)) throw new Error('many-to-many matching not allowed: matching labels must be unique on one side');
    right.set(sig, s);
  }
  const seen = new Set<string>();
  const out: VectorSample[] = [];
  for (const l of lhs) {
    const sig = signature(l.labels, m);
    const r = right.get(sig);
    if (!r) continue;
    if (seen.has(sig)) throw new Error('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    seen.add(sig);
    const compare = COMPARE[op];
    if (compare) {
      const hit = compare(l.v, r.v);
      if (isBool) out.push({ labels: resultLabels(l.labels, m, true), v: hit ? 1 : 0 });
      else if (hit) out.push({ labels: resultLabels(l.labels, m, false), v: l.v });
    } else out.push({ labels: resultLabels(l.labels, m, true), v: ARITH[op](l.v, r.v) });
  }
  return out;
}

function vectorScalar(op: string, isBool: boolean, vec: VectorSample[], scalar: number, vectorOnLeft: boolean): VectorSample[] {
  const out: VectorSample[] = [];
  for (const s of vec) {
    const [a, b] = vectorOnLeft ? [s.v, scalar] : [scalar, s.v];
    const compare = COMPARE[op];
    if (!compare) out.push({ labels: withoutName(s.labels), v: ARITH[op](a, b) });
    else if (isBool) out.push({ labels: withoutName(s.labels), v: compare(a, b) ? 1 : 0 });
    else if (compare(a, b)) out.push({ labels: s.labels, v: s.v });
  }
  return out;
}

function matchingOf(ctx: Ctx, clause: SyntaxNode | undefined): Matching {
  if (!clause) return { on: false, labels: [] };
  const parts = children(clause);
  if (parts.some((p) => p.name === 'GroupLeft' || p.name === 'GroupRight')) throw new Error('group_left/group_right are outside the subset');
  const grouping = parts.find((p) => p.name === 'GroupingLabels');
  return { on: parts[0].name === 'On', labels: grouping ? children(grouping).map((c) => text(ctx, c)) : [] };
}

function evalBinary(ctx: Ctx, n: SyntaxNode): Value {
  const parts = children(n);
  const [lhsNode, opNode] = parts;
  const rhsNode = parts[parts.length - 1];
  const op = opNode.name;
  const isBool = parts.some((p) => p.name === 'BoolModifier');
  const matching = matchingOf(ctx, parts.find((p) => p.name === 'MatchingModifierClause'));
  const lhs = evaluateNode(ctx, lhsNode);
  const rhs = evaluateNode(ctx, rhsNode);
  if (SET_OPS.has(op)) {
    if (lhs.kind !== 'vector' || rhs.kind !== 'vector') throw new Error(`${op} needs vectors on both sides`);
    return { kind: 'vector', samples: setOp(op, lhs.samples, rhs.samples, matching) };
  }
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    if (COMPARE[op] && !isBool) throw new Error('comparisons between scalars must use bool');
    return { kind: 'scalar', v: COMPARE[op] ? Number(COMPARE[op](lhs.v, rhs.v)) : ARITH[op](lhs.v, rhs.v) };
  }
  if (lhs.kind === 'vector' && rhs.kind === 'scalar') return { kind: 'vector', samples: vectorScalar(op, isBool, lhs.samples, rhs.v, true) };
  if (lhs.kind === 'scalar' && rhs.kind === 'vector') return { kind: 'vector', samples: vectorScalar(op, isBool, rhs.samples, lhs.v, false) };
  if (lhs.kind === 'vector' && rhs.kind === 'vector') return { kind: 'vector', samples: vectorVector(op, isBool, lhs.samples, rhs.samples, matching) };
  throw new Error(`binary ${op} on a range vector`);
}

// --- aggregations -----------------------------------------------------------------------------

const AGGREGATE: Record<string, (values: number[]) => number> = {
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Count: (v) => v.length,
  Max: (v) => Math.max(...v),
  Min: (v) => Math.min(...v),
  Avg: (v) => v.reduce((a, b) => a + b, 0) / v.length,
};

function evalAggregate(ctx: Ctx, n: SyntaxNode): Value {
  const parts = children(n);
  const op = children(parts.find((p) => p.name === 'AggregateOp')!)[0].name;
  const reduce = AGGREGATE[op];
  if (!reduce) throw new Error(`aggregation ${op} is outside the subset`);
  const modifier = parts.find((p) => p.name === 'AggregateModifier');
  const body = parts.find((p) => p.name === 'FunctionCallBody')!;
  const args = children(body);
  if (args.length !== 1) throw new Error(`${op} takes one argument here`);
  const input = evaluateNode(ctx, args[0]);
  if (input.kind !== 'vector') throw new Error(`${op} needs an instant vector`);
  const without = modifier ? children(modifier)[0].name === 'Without' : false;
  const grouping = modifier ? children(children(modifier).find((c) => c.name === 'GroupingLabels')!).map((c) => text(ctx, c)) : [];
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const s of input.samples) {
    const labels = without
      ? Object.fromEntries(Object.entries(withoutName(s.labels)).filter(([k]) => !grouping.includes(k)))
      : Object.fromEntries(grouping.filter((k) => s.labels[k] !== undefined && s.labels[k] !== '').map((k) => [k, s.labels[k]]));
    const key = labelsKey(labels);
    const g = groups.get(key) ?? { labels, values: [] };
    g.values.push(s.v);
    groups.set(key, g);
  }
  return { kind: 'vector', samples: [...groups.values()].map((g) => ({ labels: g.labels, v: reduce(g.values) })) };
}

// --- functions --------------------------------------------------------------------------------

/** Prometheus's extrapolatedRate for float counters (promql/functions.go). */
export function extrapolatedRate(points: Series['points'], t: number, rangeSeconds: number, isRate: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0];
  const last = points[points.length - 1];
  let result = last.v - first.v;
  for (let i = 1; i < points.length; i++) if (points[i].v < points[i - 1].v) result += points[i - 1].v;
  const rangeStart = t - rangeSeconds;
  let toStart = first.t - rangeStart;
  let toEnd = t - last.t;
  const sampled = last.t - first.t;
  const average = sampled / (points.length - 1);
  const threshold = average * 1.1;
  if (toStart >= threshold) toStart = average / 2;
  if (result > 0 && first.v >= 0) toStart = Math.min(toStart, sampled * (first.v / result));
  if (toEnd >= threshold) toEnd = average / 2;
  let factor = (sampled + toStart + toEnd) / sampled;
  if (isRate) factor /= rangeSeconds;
  return result * factor;
}

/** Least squares over the samples, intercept at time t (promql/functions.go linearRegression). */
export function predictLinear(points: Series['points'], t: number, ahead: number): number | undefined {
  if (points.length < 2) return undefined;
  if (points.every((p) => p.v === points[0].v)) return points[0].v;
  const n = points.length;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  for (const p of points) {
    const x = p.t - t;
    sumX += x;
    sumY += p.v;
    sumXY += x * p.v;
    sumX2 += x * x;
  }
  const slope = (sumXY / n - (sumX * sumY) / n / n) / (sumX2 / n - (sumX * sumX) / n / n);
  const intercept = sumY / n - (slope * sumX) / n;
  return slope * ahead + intercept;
}

/** label_replace(v, dst, replacement, src, regex), as promql/functions.go does it. */
function evalLabelReplace(ctx: Ctx, body: SyntaxNode): Value {
  const [vector, ...strings] = children(body);
  const v = evaluateNode(ctx, vector);
  if (v.kind !== 'vector' || strings.length !== 4 || strings.some((a) => a.name !== 'StringLiteral')) throw new Error('label_replace needs a vector and four strings');
  const [dst, replacement, src, regex] = strings.map((a) => unquote(text(ctx, a)));
  const re = new RegExp(`^(?:${regex})$`);
  const samples = v.samples.map((sample) => {
    const m = re.exec(sample.labels[src] ?? '');
    if (!m) return sample;
    const value = replacement.replace(/\$(\d+)|\$\{(\w+)\}/g, (_, i: string | undefined, name: string | undefined) => (i !== undefined ? m[Number(i)] : /^\d+$/.test(name!) ? m[Number(name)] : m.groups?.[name!]) ?? '');
    const labels = { ...sample.labels, [dst]: value };
    if (!value) delete labels[dst];
    return { labels, v: sample.v };
  });
  return { kind: 'vector', samples };
}

function evalFunction(ctx: Ctx, n: SyntaxNode): Value {
  const [ident, body] = children(n);
  const fn = children(ident)[0].name;
  if (fn === 'LabelReplace') return evalLabelReplace(ctx, body);
  if (!['Rate', 'Increase', 'PredictLinear'].includes(fn)) throw new Error(`function ${text(ctx, ident)} is outside the subset`);
  const args = children(body).map((a) => evaluateNode(ctx, a));
  const matrix = args[0];
  if (matrix?.kind !== 'matrix') throw new Error(`${text(ctx, ident)} needs a range vector`);
  const out: VectorSample[] = [];
  const at = ctx.t - ctx.offset;
  for (const s of matrix.series) {
    let v: number | undefined;
    if (fn === 'Rate' || fn === 'Increase') v = extrapolatedRate(s.points, at, matrix.rangeSeconds, fn === 'Rate');
    else {
      const ahead = args[1];
      if (ahead?.kind !== 'scalar') throw new Error('predict_linear needs a scalar');
      v = predictLinear(s.points, at, ahead.v);
    }
    if (v !== undefined) out.push({ labels: withoutName(s.labels), v });
  }
  return { kind: 'vector', samples: out };
}

function evalUnary(ctx: Ctx, n: SyntaxNode): Value {
  const [op, inner] = children(n);
  const v = evaluateNode(ctx, inner);
  if (op.name !== 'Sub') return v;
  if (v.kind === 'scalar') return { kind: 'scalar', v: -v.v };
  if (v.kind === 'vector') return { kind: 'vector', samples: v.samples.map((s) => ({ labels: withoutName(s.labels), v: -s.v })) };
  throw new Error('unary minus on a range vector');
}

function evaluateNode(ctx: Ctx, n: SyntaxNode): Value {
  switch (n.name) {
    case 'PromQL':
    case 'ParenExpr': {
      const inner = children(n);
      if (inner.length !== 1) throw new Error(`unexpected ${n.name}`);
      return evaluateNode(ctx, inner[0]);
    }
    case 'NumberDurationLiteral':
      return evalNumber(ctx, n);
    case 'VectorSelector':
      return evalSelector(ctx, n);
    case 'MatrixSelector':
      return evalMatrix(ctx, n);
    case 'OffsetExpr':
      return evalOffset(ctx, n);
    case 'BinaryExpr':
      return evalBinary(ctx, n);
    case 'AggregateExpr':
      return evalAggregate(ctx, n);
    case 'FunctionCall':
      return evalFunction(ctx, n);
    case 'UnaryExpr':
      return evalUnary(ctx, n);
    default:
      throw new Error(`${n.name} ("${text(ctx, n)}") is outside the subset`);
  }
}

/** Evaluates `expr` at time t (seconds) on the recorded series; throws on anything outside the subset. */
export function evaluate(expr: string, store: SeriesStore, t: number): Value {
  const errors = syntaxErrors(expr);
  if (errors.length) throw new Error(errors.join('; '));
  return evaluateNode({ src: expr, store, t, offset: 0 }, parser.parse(expr).topNode);
}

/** The instant vector `expr` yields at t; a scalar or range result is an error. */
export function evaluateVector(expr: string, store: SeriesStore, t: number): VectorSample[] {
  const v = evaluate(expr, store, t);
  if (v.kind !== 'vector') throw new Error(`"${expr}" is a ${v.kind}, not an instant vector`);
  return v.samples;
}

/** Metric names a query selects (what must exist for it to mean anything). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  const tree = parser.parse(expr);
  tree.iterate({
    enter(n) {
      if (n.name === 'VectorSelector') {
        const id = n.node.getChild('Identifier');
        if (id) names.add(expr.slice(id.from, id.to));
      }
    },
  });
  return [...names];
}

export { LOOKBACK_SECONDS };
