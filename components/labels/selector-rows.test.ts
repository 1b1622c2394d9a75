import { describe, expect, it } from 'vitest';
import type { SelectorOperator } from '@/lib/schemas';
import {
  expressionRowIssues,
  expressionsToRows,
  labelRowIssues,
  labelsToRows,
  rowsToSelector,
  sameSelector,
  type ExpressionRow,
  type LabelRow,
} from './selector-rows';

const label = (key: string, value: string, id = 1): LabelRow => ({ id, key, value });
const expr = (key: string, operator: SelectorOperator, valuesText = '', id = 1): ExpressionRow => ({ id, key, operator, valuesText });

// The editor's validation table: what each row says, in the API server's words.
describe('label rows', () => {
  it.each<[string, LabelRow[], Record<number, string[]>]>([
    ['a good row', [label('kubernetes.io/hostname', 'node01')], {}],
    ['an empty value is a value', [label('edge', '')], {}],
    ['a new row left blank is ignored', [label('', '')], {}],
    ['a value without a key', [label('', 'x')], { 1: ['Invalid value: "": name part must be non-empty', expect.stringMatching(/^Invalid value: "": name part must consist of/)] }],
    ['a key with a space', [label('my key', 'x')], { 1: [expect.stringMatching(/^Invalid value: "my key": name part must consist of alphanumeric characters, '-', '_' or '\.'/)] }],
    ['an upper-case prefix', [label('Example.com/x', 'y')], { 1: [expect.stringMatching(/^Invalid value: "Example.com\/x": prefix part a lowercase RFC 1123 subdomain/)] }],
    ['a value with a slash', [label('app', 'a/b')], { 1: [expect.stringMatching(/^Invalid value: "a\/b": a valid label must be an empty string or consist of/)] }],
    ['a key given twice', [label('app', 'a', 1), label('app', 'b', 2)], { 2: ['key "app" is given twice: only the last one counts'] }],
  ])('%s', (_name, rows, expected) => {
    expect(Object.fromEntries(labelRowIssues(rows))).toEqual(expected);
  });
});

describe('expression rows', () => {
  it.each<[string, ExpressionRow, { key: string[]; values: string[] } | undefined]>([
    ['In with values', expr('tier', 'In', 'web, api'), undefined],
    ['NotIn with one value', expr('tier', 'NotIn', 'db'), undefined],
    ['Exists takes none', expr('gpu', 'Exists'), undefined],
    ['DoesNotExist takes none', expr('node.kubernetes.io/exclude-from-external-load-balancers', 'DoesNotExist'), undefined],
    ['In needs values', expr('tier', 'In'), { key: [], values: ["Required value: must be specified when `operator` is 'In' or 'NotIn'"] }],
    ['NotIn with only commas needs values', expr('tier', 'NotIn', ' , ,'), { key: [], values: ["Required value: must be specified when `operator` is 'In' or 'NotIn'"] }],
    ['Exists with a value typed', expr('gpu', 'Exists', 'yes'), { key: [], values: ["Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"] }],
    ['a bad key', expr('a/b/c', 'Exists'), { key: [expect.stringMatching(/^Invalid value: "a\/b\/c": a qualified name must consist of/)], values: [] }],
    ['a bad value', expr('tier', 'In', 'web, not ok'), { key: [], values: [expect.stringMatching(/^Invalid value: "not ok": a valid label must be/)] }],
    ['a 64-character key', expr('k'.repeat(64), 'Exists'), { key: ['Invalid value: "' + 'k'.repeat(64) + '": name part must be no more than 63 characters'], values: [] }],
  ])('%s', (_name, row, expected) => {
    expect(expressionRowIssues([row]).get(1)).toEqual(expected);
  });
});

describe('rows <-> selector', () => {
  it('builds the selector kubectl would write, and reads it back', () => {
    let id = 0;
    const next = () => ++id;
    const selector = rowsToSelector([label('app', 'web'), label('', '', 2)], [expr('tier', 'In', 'web, api'), expr('gpu', 'Exists', '', 2), expr('', 'In', '', 3)]);
    expect(selector).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, { key: 'gpu', operator: 'Exists' }] });
    const again = rowsToSelector(labelsToRows(selector.matchLabels, next), expressionsToRows(selector.matchExpressions, next));
    expect(sameSelector(again, selector)).toBe(true);
    expect(sameSelector(again, { matchLabels: { app: 'api' } })).toBe(false);
    expect(rowsToSelector([], [])).toEqual({});
  });
});
