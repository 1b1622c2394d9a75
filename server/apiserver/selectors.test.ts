import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';

const labels = { app: 'web', tier: 'front', version: '3' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['version>2', true],
    ['version<3', false],
    [' app = web , tier in ( front , back ) ', true],
    ['example.com/team', false],
  ])('%j matches {app: web, tier: front, version: 3}: %s', (selector, expected) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(matchesLabels(parsed.value, labels)).toBe(expected);
  });

  it.each([
    ['app in (web', 'unable to parse requirement'],
    ['app=', undefined],
    ['=web', 'unable to parse requirement'],
    ['app=web,', 'unable to parse requirement'],
    ['app=not valid!', 'unable to parse requirement'],
    ['Bad Key=x', 'unable to parse requirement'],
    ['version>x', 'must be an integer'],
  ])('%j parses with error %j', (selector, problem) => {
    const parsed = parseLabelSelector(selector);
    if (problem === undefined) expect(parsed.ok).toBe(true);
    else expect(parsed.ok ? '' : parsed.error).toContain(problem);
  });
});

describe('field selectors', () => {
  const fields: Record<string, string> = { 'metadata.name': 'a,b', 'spec.type': 'LoadBalancer' };
  const read = (f: string) => fields[f];

  it.each([
    ['spec.type=LoadBalancer', true],
    ['spec.type==LoadBalancer', true],
    ['spec.type!=LoadBalancer', false],
    ['metadata.name=a\\,b', true],
    ['metadata.name=a\\,b,spec.type=ClusterIP', false],
    ['spec.unset=', true],
  ])('%j selects: %s', (selector, expected) => {
    const parsed = parseFieldSelector(selector);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(matchesFields(parsed.value, read)).toBe(expected);
  });

  it('rejects a term without an operator', () => {
    expect(parseFieldSelector('metadata.name').ok).toBe(false);
  });
});
