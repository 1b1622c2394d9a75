// Checks shared by pools and advertisements: schema parse with one-line messages, the system
// namespace rule, name presence, and duplicate detection in string and selector lists.
import type { z } from 'zod';
import { err, ok, type Result } from '../result';
import type { LabelSelector, ObjectMeta } from '../schemas';
import { canonicalSelector, describeSelector, explainInvalidSelector } from './label-selector';

/** First zod issue as `path: message` (one line). */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid resource';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Best-effort name of a raw object, for error reports before it parsed. */
export function peekName(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const meta = (raw as { metadata?: unknown }).metadata;
  if (typeof meta !== 'object' || meta === null) return '';
  const name = (meta as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): Result<z.infer<S>, string> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(describeZodError(parsed.error));
}

export function checkMetadata(meta: ObjectMeta, systemNamespace: string): Result<string, string> {
  if (meta.namespace !== systemNamespace) return err(`resource must be created in ${systemNamespace} namespace`);
  if (!meta.name) return err('missing name');
  return ok(meta.name);
}

export function findDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

export function checkNoDuplicates(values: readonly string[] | undefined, field: string): Result<true, string> {
  const dup = findDuplicate(values ?? []);
  return dup === undefined ? ok(true) : err(`duplicate definition of ${field} "${dup}"`);
}

/** Each selector valid (label keys and values, operators; MetalLB rejects the rest), and none twice. */
export function checkSelectors(selectors: readonly LabelSelector[] | undefined, field: string): Result<true, string> {
  const list = selectors ?? [];
  for (const selector of list) {
    const problem = explainInvalidSelector(selector);
    if (problem) return err(`invalid label selector in ${field} "${describeSelector(selector)}": ${problem}`);
  }
  const dup = findDuplicate(list.map(canonicalSelector));
  if (dup === undefined) return ok(true);
  const selector = list.find((s) => canonicalSelector(s) === dup) as LabelSelector;
  return err(`duplicate definition of ${field} "${describeSelector(selector)}"`);
}

/** Runs checks in order and returns the first failure. */
export function firstFailure(checks: readonly (() => Result<unknown, string>)[]): Result<true, string> {
  for (const check of checks) {
    const r = check();
    if (!r.ok) return r;
  }
  return ok(true);
}
