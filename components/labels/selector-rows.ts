// The label-selector editor's rows (key = value, key operator values) <-> a LabelSelector, and
// each row's problems, worded by lib/schemas/label-selector: the API server's own rules.
import {
  checkLabels,
  checkRequirement,
  type LabelSelector,
  type LabelSelectorRequirement,
  type SelectorOperator,
} from '@/lib/schemas';

export interface LabelRow {
  id: number;
  key: string;
  value: string;
}

export interface ExpressionRow {
  id: number;
  key: string;
  operator: SelectorOperator;
  /** Values as typed: comma separated. */
  valuesText: string;
}

export const takesValues = (op: SelectorOperator): boolean => op === 'In' || op === 'NotIn';

export function splitValues(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const isBlankLabel = (r: LabelRow) => r.key === '' && r.value === '';
const isBlankExpression = (r: ExpressionRow) => r.key === '' && r.valuesText.trim() === '';

export function labelsToRows(labels: Readonly<Record<string, string>> | undefined, nextId: () => number): LabelRow[] {
  return Object.entries(labels ?? {}).map(([key, value]) => ({ id: nextId(), key, value }));
}

/** Untouched new rows (no key, no value) are not part of the selector. */
export function rowsToLabels(rows: readonly LabelRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => !isBlankLabel(r)).map((r) => [r.key, r.value]));
}

export function expressionsToRows(exprs: readonly LabelSelectorRequirement[] | undefined, nextId: () => number): ExpressionRow[] {
  return (exprs ?? []).map((e) => ({ id: nextId(), key: e.key, operator: e.operator, valuesText: (e.values ?? []).join(', ') }));
}

export function rowToRequirement(r: ExpressionRow): LabelSelectorRequirement {
  const values = splitValues(r.valuesText);
  return { key: r.key, operator: r.operator, ...(takesValues(r.operator) || values.length ? { values } : {}) };
}

export function rowsToExpressions(rows: readonly ExpressionRow[]): LabelSelectorRequirement[] {
  return rows.filter((r) => !isBlankExpression(r)).map(rowToRequirement);
}

/** The selector the rows describe: empty parts left out, as kubectl would write it. */
export function rowsToSelector(labels: readonly LabelRow[], expressions: readonly ExpressionRow[]): LabelSelector {
  const matchLabels = rowsToLabels(labels);
  const matchExpressions = rowsToExpressions(expressions);
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

/** Problems of each label row, by row id: the API server's messages, and a key given twice. */
export function labelRowIssues(rows: readonly LabelRow[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (isBlankLabel(r)) continue;
    const messages = checkLabels({ [r.key]: r.value }).map((i) => i.message);
    if (seen.has(r.key)) messages.push(`key "${r.key}" is given twice: only the last one counts`);
    seen.add(r.key);
    if (messages.length) out.set(r.id, messages);
  }
  return out;
}

/** Problems of each expression row, by row id and field. */
export function expressionRowIssues(rows: readonly ExpressionRow[]): Map<number, { key: string[]; values: string[] }> {
  const out = new Map<number, { key: string[]; values: string[] }>();
  for (const r of rows) {
    if (isBlankExpression(r)) continue;
    const issues = checkRequirement(rowToRequirement(r));
    if (issues.length === 0) continue;
    out.set(r.id, {
      key: issues.filter((i) => i.path[0] === 'key').map((i) => i.message),
      values: issues.filter((i) => i.path[0] !== 'key').map((i) => i.message),
    });
  }
  return out;
}

/** Whether two selectors say the same (so rows need not be rebuilt from the value). */
export function sameSelector(a: LabelSelector, b: LabelSelector): boolean {
  return JSON.stringify(rowsToSelectorShape(a)) === JSON.stringify(rowsToSelectorShape(b));
}

const rowsToSelectorShape = (s: LabelSelector) => [
  Object.entries(s.matchLabels ?? {}),
  (s.matchExpressions ?? []).map((e) => [e.key, e.operator, e.values ?? []]),
];
