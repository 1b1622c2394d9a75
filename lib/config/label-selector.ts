// Kubernetes LabelSelector matching (matchLabels AND every matchExpression) and a canonical
// form for comparing selectors. An empty selector matches everything, as in Kubernetes.
import type { LabelSelector, LabelSelectorRequirement } from '../schemas';

export type Labels = Readonly<Record<string, string>>;

function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      // Kubernetes semantics: a missing label satisfies NotIn.
      return !has || !values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

export function selectorMatches(selector: LabelSelector, labels: Labels | undefined): boolean {
  const actual = labels ?? {};
  const wanted = selector.matchLabels ?? {};
  for (const [key, value] of Object.entries(wanted)) {
    if (!Object.prototype.hasOwnProperty.call(actual, key) || actual[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((req) => matchesRequirement(req, actual));
}

/** True when some selector in the list matches (an empty list matches nothing). */
export function anySelectorMatches(selectors: readonly LabelSelector[], labels: Labels | undefined): boolean {
  return selectors.some((s) => selectorMatches(s, labels));
}

/** Stable text for a selector: key order and value order do not matter. */
export function canonicalSelector(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const exprs = (selector.matchExpressions ?? [])
    .map((e) => JSON.stringify([e.key, e.operator, [...(e.values ?? [])].sort()]))
    .sort();
  return JSON.stringify({ labels, exprs });
}

/** Human text for messages: `app=web,tier in (a,b)`. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',') || '<everything>';
}
