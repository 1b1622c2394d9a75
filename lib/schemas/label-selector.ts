// Label keys, label values and LabelSelectors checked with the rules and the wording of the
// Kubernetes API server (apimachinery IsQualifiedName, IsValidLabelValue, ValidateLabelSelector),
// as MetalLB applies them when it turns a selector into a labels.Selector. The one place these
// rules live: the zod schemas, the forms, the CR parser and admission all call into here.
import { z } from 'zod';

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG = `a valid label must be an empty string or ${QUALIFIED_NAME_MSG.replace('must consist', 'consist')}`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** Kubernetes' limits: a label name part and a label value 63 bytes, a key prefix 253. */
export const LABEL_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;
export const LABEL_PREFIX_MAX = 253;

const fullMatch = (fmt: string) => new RegExp(`^${fmt}$`);
const QUALIFIED_NAME_RE = fullMatch(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = fullMatch(LABEL_VALUE_FMT);
const DNS1123_SUBDOMAIN_RE = fullMatch(DNS1123_SUBDOMAIN_FMT);

/** apimachinery's RegexError, double spaces included: "(e.g. 'MyName',  or 'my.name', ...". */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  const shown = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;
/** Go measures strings in bytes. */
const byteLength = (s: string) => new TextEncoder().encode(s).length;

function checkSubdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_PREFIX_MAX) errs.push(maxLenError(LABEL_PREFIX_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** Why `key` is not a valid label key (empty list: valid): an optional DNS-subdomain prefix and '/', then a name. */
export function checkLabelKey(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    if (parts[0] === '') errs.push('prefix part must be non-empty');
    else errs.push(...checkSubdomain(parts[0]).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > LABEL_NAME_MAX) errs.push(`name part ${maxLenError(LABEL_NAME_MAX)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** Why `value` is not a valid label value (empty list: valid; "" is valid). */
export function checkLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** One field error, relative to the object checked, worded as the API server's field.Error body. */
export interface SelectorIssue {
  path: (string | number)[];
  message: string;
  /** For matchLabels and labels issues (whose path stops at the map): the key concerned. */
  labelKey?: string;
}

const invalid = (value: string, detail: string) => `Invalid value: ${JSON.stringify(value)}: ${detail}`;

/** ValidateLabels: every key a label key, every value a label value; issues at the map itself. */
export function checkLabels(labels: Readonly<Record<string, string>> | undefined, path: (string | number)[] = []): SelectorIssue[] {
  const issues: SelectorIssue[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const m of checkLabelKey(key)) issues.push({ path, message: invalid(key, m), labelKey: key });
    for (const m of checkLabelValue(value)) issues.push({ path, message: invalid(value, m), labelKey: key });
  }
  return issues;
}

export interface RequirementInput {
  key: string;
  operator: string;
  values?: readonly string[];
}

function checkOperator(req: RequirementInput, path: (string | number)[]): SelectorIssue[] {
  const count = req.values?.length ?? 0;
  if (req.operator === 'In' || req.operator === 'NotIn') {
    return count === 0 ? [{ path: [...path, 'values'], message: "Required value: must be specified when `operator` is 'In' or 'NotIn'" }] : [];
  }
  if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
    return count > 0 ? [{ path: [...path, 'values'], message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'" }] : [];
  }
  return [{ path: [...path, 'operator'], message: invalid(req.operator, 'not a valid selector operator') }];
}

/** ValidateLabelSelectorRequirement: operator and value count, the key, each value. */
export function checkRequirement(req: RequirementInput, path: (string | number)[] = []): SelectorIssue[] {
  const issues = checkOperator(req, path);
  for (const m of checkLabelKey(req.key)) issues.push({ path: [...path, 'key'], message: invalid(req.key, m) });
  (req.values ?? []).forEach((v, i) => {
    for (const m of checkLabelValue(v)) issues.push({ path: [...path, 'values', i], message: invalid(v, m) });
  });
  return issues;
}

export interface SelectorInput {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: readonly RequirementInput[];
}

/** ValidateLabelSelector: matchLabels, then each matchExpression, in the API server's order. */
export function checkLabelSelector(selector: SelectorInput, path: (string | number)[] = []): SelectorIssue[] {
  return [
    ...checkLabels(selector.matchLabels, [...path, 'matchLabels']),
    ...(selector.matchExpressions ?? []).flatMap((req, i) => checkRequirement(req, [...path, 'matchExpressions', i])),
  ];
}

/** The API server's field path: `spec.nodeSelectors[0].matchLabels`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A whole field.Error line, as kubectl prints it: `<path>: Invalid value: "x": ...`. */
export function formatSelectorIssue(issue: SelectorIssue, base: readonly (string | number)[] = []): string {
  const path = formatFieldPath([...base, ...issue.path]);
  return path ? `${path}: ${issue.message}` : issue.message;
}

const addIssues = (ctx: z.RefinementCtx, issues: SelectorIssue[]) => {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
};

export const labelSelectorRequirementSchema = z
  .object({
    key: z.string(),
    operator: z.enum(SELECTOR_OPERATORS, { error: (iss) => invalid(String(iss.input), 'not a valid selector operator') }),
    values: z.array(z.string()).optional(),
  })
  .superRefine((req, ctx) => addIssues(ctx, checkRequirement(req)));

/** Object labels (metadata.labels, matchLabels), checked as the API server checks them. */
export const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => addIssues(ctx, checkLabels(labels)));

export const labelSelectorSchema = z.object({
  matchLabels: labelsSchema.optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
});

export type LabelSelectorRequirement = z.infer<typeof labelSelectorRequirementSchema>;
export type LabelSelector = z.infer<typeof labelSelectorSchema>;
