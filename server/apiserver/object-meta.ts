// ObjectMeta rules shared by every kind: name formats, labels, uid/creationTimestamp on create,
// immutable fields and generation on update. Pure apart from the uid and clock it is given.
import { deepEqual } from './patch/deep-equal';
import { explainInvalidLabelKey, explainInvalidLabelValue } from './selectors';
import { fieldErrors } from './status-errors';
import type { FieldError, KubeObject, NameRule } from './types';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const NAME_RULES: Record<NameRule, { max: number; test: (s: string) => boolean; message: string }> = {
  'dns1123-subdomain': {
    max: 253,
    test: (s) => SUBDOMAIN.test(s),
    message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  'dns1123-label': {
    max: 63,
    test: (s) => LABEL_1123.test(s),
    message: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  'dns1035-label': {
    max: 63,
    test: (s) => LABEL_1035.test(s),
    message: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
  'path-segment': {
    max: 253,
    test: (s) => s !== '.' && s !== '..' && !s.includes('/') && !s.includes('%'),
    message: "may not be '.' or '..' and may not contain '/' or '%'",
  },
};

export function validateName(name: string, rule: NameRule): string | undefined {
  const r = NAME_RULES[rule];
  if (name.length > r.max) return `must be no more than ${r.max} characters`;
  return r.test(name) ? undefined : r.message;
}

export function validateObjectMeta(obj: KubeObject, rule: NameRule): FieldError[] {
  const errors: FieldError[] = [];
  const name = obj.metadata.name ?? '';
  const nameProblem = validateName(name, rule);
  if (nameProblem) errors.push(fieldErrors.invalid('metadata.name', name, nameProblem));
  for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
    const keyProblem = explainInvalidLabelKey(key);
    if (keyProblem) errors.push(fieldErrors.invalid('metadata.labels', key, keyProblem));
    const valueProblem = typeof value === 'string' ? explainInvalidLabelValue(value) : 'must be a string';
    if (valueProblem) errors.push(fieldErrors.invalid('metadata.labels', value, valueProblem));
  }
  for (const [key, value] of Object.entries(obj.metadata.annotations ?? {})) {
    if (typeof value !== 'string') errors.push(fieldErrors.invalid(`metadata.annotations`, key, 'annotation values must be strings'));
  }
  return errors;
}

// generateName suffixes use the same alphabet as the API server (no vowels, no look-alike digits).
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(random: () => number): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  return s;
}

/** RFC 3339 at second precision, as metav1.Time serialises. */
export const toTimestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function initCreateMeta(obj: KubeObject, uid: string, now: number, hasGeneration: boolean) {
  const m = obj.metadata;
  m.uid = uid;
  m.creationTimestamp = toTimestamp(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  if (hasGeneration) m.generation = 1;
  else delete m.generation;
}

const specOf = (o: KubeObject) => {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
};

/** Copies what an update may not change from the stored object, and moves generation on spec changes. */
export function carryUpdateMeta(obj: KubeObject, old: KubeObject, hasGeneration: boolean) {
  const m = obj.metadata;
  const o = old.metadata;
  m.name = o.name;
  if (o.namespace !== undefined) m.namespace = o.namespace;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (o[k] !== undefined) m[k] = o[k] as never;
    else delete m[k];
  }
  if (!hasGeneration) { delete m.generation; return; }
  const gen = typeof o.generation === 'number' ? o.generation : 1;
  m.generation = deepEqual(specOf(obj), specOf(old)) ? gen : gen + 1;
}
