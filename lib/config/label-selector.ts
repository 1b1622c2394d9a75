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

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is invalid (Kubernetes' qualified-name rules), or undefined when it is a valid qualified name. */
export function explainInvalidLabelKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
  }
  if (name.length === 0 || name.length > 63) return 'name part must be no more than 63 characters and non-empty';
  if (!LABEL_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** Why a label value is invalid, or undefined. */
export function explainInvalidLabelValue(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return undefined;
}


/** Why a LabelSelector's keys or values are invalid, as Kubernetes' LabelSelectorAsSelector says it, or undefined. */
export function explainInvalidSelector(selector: LabelSelector): string | undefined {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const k = explainInvalidLabelKey(key);
    if (k) return `key: Invalid value: ${JSON.stringify(key)}: ${k}`;
    const v = explainInvalidLabelValue(value);
    if (v) return `values[0][${key}]: Invalid value: ${JSON.stringify(value)}: ${v}`;
  }
  for (const e of selector.matchExpressions ?? []) {
    const k = explainInvalidLabelKey(e.key);
    if (k) return `key: Invalid value: ${JSON.stringify(e.key)}: ${k}`;
    // Operators and their value counts are the schema's (lib/schemas); keys and values are checked here.
    for (const v of e.values ?? []) {
      const problem = explainInvalidLabelValue(v);
      if (problem) return `values[0][${e.key}]: Invalid value: ${JSON.stringify(v)}: ${problem}`;
    }
  }
  return undefined;
}
