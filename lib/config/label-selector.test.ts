import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../schemas';
import { canonicalSelector, describeSelector, selectorMatches } from './label-selector';

const labels = { app: 'web', tier: 'frontend', env: 'prod' };

describe('selectorMatches', () => {
  it.each<[string, LabelSelector, Record<string, string> | undefined, boolean]>([
    ['empty selector matches everything', {}, labels, true],
    ['empty selector matches an unlabelled object', {}, undefined, true],
    ['matchLabels all present', { matchLabels: { app: 'web', env: 'prod' } }, labels, true],
    ['matchLabels one differs', { matchLabels: { app: 'web', env: 'dev' } }, labels, false],
    ['matchLabels key missing', { matchLabels: { zone: 'a' } }, labels, false],
    ['In hit', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'frontend'] }] }, labels, true],
    ['In miss', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, labels, false],
    ['In on a missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels, false],
    ['NotIn hit', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, labels, true],
    ['NotIn miss', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels, false],
    ['NotIn on a missing key matches (Kubernetes rule)', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels, true],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels, true],
    ['Exists on a missing key', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels, true],
    ['DoesNotExist on a present key', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels, false],
    ['labels AND expressions must all hold', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, labels, false],
    ['label value "" is still present', { matchExpressions: [{ key: 'x', operator: 'Exists' }] }, { x: '' }, true],
    ['inherited object keys are not labels', { matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {}, false],
  ])('%s', (_name, selector, objectLabels, expected) => {
    expect(selectorMatches(selector, objectLabels)).toBe(expected);
  });
});

describe('canonicalSelector / describeSelector', () => {
  it('treats key order and value order as the same selector', () => {
    const a: LabelSelector = { matchLabels: { a: '1', b: '2' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }] };
    const b: LabelSelector = { matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['y', 'x'] }] };
    expect(canonicalSelector(a)).toBe(canonicalSelector(b));
    expect(canonicalSelector(a)).not.toBe(canonicalSelector({ matchLabels: { a: '1' } }));
  });

  it('describes selectors in kubectl style', () => {
    expect(describeSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }, { key: 'gone', operator: 'DoesNotExist' }] })).toBe(
      'app=web,tier notin (a,b),!gone',
    );
    expect(describeSelector({})).toBe('<everything>');
  });
});
