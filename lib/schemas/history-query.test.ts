import { describe, expect, it } from 'vitest';
import { flappingQuerySchema, historyQuerySchema, parseQueryParams } from './history-query';

const parse = (q: string) => parseQueryParams(historyQuerySchema, new URLSearchParams(q));

describe('history query', () => {
  it.each([
    { q: '', value: {} },
    { q: 'since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00.000Z&limit=10&format=csv', value: { since: Date.parse('2026-01-01T00:00:00Z'), until: Date.parse('2026-01-02T00:00:00Z'), limit: 10, format: 'csv' } },
    { q: 'since=1700000000000', value: { since: 1_700_000_000_000 } },
    { q: 'since=2026-01-01', value: { since: Date.parse('2026-01-01') } },
  ])('accepts "$q"', ({ q, value }) => {
    expect(parse(q)).toEqual({ ok: true, value });
  });

  it.each([
    { q: 'since=yesterday', words: /since must be an RFC 3339 time/ },
    { q: 'since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', words: /since is after until/ },
    { q: 'until=2026-13-45T99:00:00Z', words: /until must be/ },
    { q: 'limit=0', words: /limit must be at least 1/ },
    { q: 'limit=100001', words: /at most 100000/ },
    { q: 'format=xml', words: /format must be json or csv/ },
    { q: 'colour=red', words: /colour/ },
    { q: 'limit=1&limit=2', words: /given more than once/ },
  ])('refuses "$q" with a message', ({ q, words }) => {
    const r = parse(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(words);
  });

  it('reads a flapping window as a duration', () => {
    expect(parseQueryParams(flappingQuerySchema, new URLSearchParams('window=1h&threshold=3'))).toEqual({ ok: true, value: { window: 3_600_000, threshold: 3 } });
    expect(parseQueryParams(flappingQuerySchema, new URLSearchParams('window=5s')).ok).toBe(false);
  });
});
