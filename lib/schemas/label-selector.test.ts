import { describe, expect, it } from 'vitest';
import {
  checkLabelKey,
  checkLabelSelector,
  checkLabelValue,
  formatSelectorIssue,
  labelSelectorSchema,
  type SelectorInput,
} from './label-selector';

// The API server's own words (apimachinery validation.go), so a form and kubectl read the same.
const NAME_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX_REGEX =
  "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('checkLabelKey (IsQualifiedName)', () => {
  it.each<[string, string, string[]]>([
    ['a plain name', 'app', []],
    ['a prefixed name', 'kubernetes.io/hostname', []],
    ['dots, dashes, underscores and upper case in the name', 'My_app.v-2', []],
    ['63 characters', 'a'.repeat(63), []],
    ['an empty key', '', ['name part must be non-empty', NAME_REGEX]],
    ['a space', 'my app', [NAME_REGEX]],
    ['a name ending in a dash', 'app-', [NAME_REGEX]],
    ['64 characters', 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['an empty prefix', '/app', ['prefix part must be non-empty']],
    ['an upper-case prefix', 'Example.com/app', [PREFIX_REGEX]],
    ['a prefix of 254 characters', `${'a'.repeat(254)}/app`, ['prefix part must be no more than 253 characters']],
    ['an empty name after the prefix', 'example.com/', ['name part must be non-empty', NAME_REGEX]],
    [
      'two slashes',
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])('%s', (_name, key, messages) => {
    expect(checkLabelKey(key)).toEqual(messages);
  });
});

describe('checkLabelValue (IsValidLabelValue)', () => {
  it.each<[string, string, string[]]>([
    ['empty is valid', '', []],
    ['a value', 'web-1.a_b', []],
    ['a space', 'a b', [VALUE_REGEX]],
    ['a slash', 'a/b', [VALUE_REGEX]],
    ['64 characters', 'v'.repeat(64), ['must be no more than 63 characters']],
    ['64 bytes (Go counts bytes)', 'é'.repeat(32), ['must be no more than 63 characters', VALUE_REGEX]],
  ])('%s', (_name, value, messages) => {
    expect(checkLabelValue(value)).toEqual(messages);
  });
});

describe('checkLabelSelector (ValidateLabelSelector)', () => {
  it.each<[string, SelectorInput, string[]]>([
    ['an empty selector', {}, []],
    ['matchLabels and every operator used well', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }, { key: 'x', operator: 'NotIn', values: ['b'] }, { key: 'y', operator: 'Exists' }, { key: 'z', operator: 'DoesNotExist', values: [] }] }, []],
    ['In without values', { matchExpressions: [{ key: 'tier', operator: 'In' }] }, ["matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ['NotIn with an empty list', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [] }] }, ["matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    ['Exists with a value', { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }, ["matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]],
    ['DoesNotExist with a value', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: ['a'] }] }, ["matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]],
    ['an unknown operator', { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, ['matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator']],
    ['a bad expression key', { matchExpressions: [{ key: 'my key', operator: 'Exists' }] }, [`matchExpressions[0].key: Invalid value: "my key": ${NAME_REGEX}`]],
    ['a bad expression value', { matchExpressions: [{ key: 'k', operator: 'In', values: ['ok', 'not ok'] }] }, [`matchExpressions[0].values[1]: Invalid value: "not ok": ${VALUE_REGEX}`]],
    ['a bad matchLabels key (reported at the map)', { matchLabels: { 'bad key': 'v' } }, [`matchLabels: Invalid value: "bad key": ${NAME_REGEX}`]],
    ['a bad matchLabels value', { matchLabels: { app: 'a b' } }, [`matchLabels: Invalid value: "a b": ${VALUE_REGEX}`]],
  ])('%s', (_name, selector, lines) => {
    expect(checkLabelSelector(selector).map((i) => formatSelectorIssue(i))).toEqual(lines);
  });

  it('names the field from the object root, as kubectl prints it', () => {
    const [issue] = checkLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In' }] }, ['spec', 'nodeSelectors', 2]);
    expect(formatSelectorIssue(issue)).toBe("spec.nodeSelectors[2].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
  });

  it('is what the shared zod schema enforces, with the same messages at the same paths', () => {
    const r = labelSelectorSchema.safeParse({ matchLabels: { 'a/b/c': 'x' }, matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] });
    expect(r.success).toBe(false);
    const issues = r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['matchLabels', expect.stringMatching(/^Invalid value: "a\/b\/c": a qualified name must consist/)],
      ['matchExpressions.0.values', "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ]);
    expect(labelSelectorSchema.safeParse({ matchExpressions: [{ key: 'k', operator: 'Lt', values: ['1'] }] }).error?.issues[0].message).toBe(
      'Invalid value: "Lt": not a valid selector operator',
    );
  });
});
