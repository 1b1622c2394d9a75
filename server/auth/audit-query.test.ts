import { describe, expect, it } from 'vitest';
import { parseAuditQuery } from './audit-query';

describe('parseAuditQuery', () => {
  it.each([
    { query: '', value: {} },
    { query: 'actor=alice&limit=10', value: { actor: 'alice', limit: 10 } },
    { query: 'resource=IPAddressPool%2F&before=42', value: { resource: 'IPAddressPool/', beforeId: 42 } },
  ])('accepts "$query"', ({ query, value }) => {
    expect(parseAuditQuery(new URLSearchParams(query))).toEqual({ ok: true, value });
  });

  it.each([
    { query: 'limit=0', why: 'a limit under 1' },
    { query: 'limit=501', why: 'a limit over 500' },
    { query: 'limit=abc', why: 'a limit that is not a number' },
    { query: 'before=-1', why: 'a negative cursor' },
    { query: 'actor=' + 'a'.repeat(65), why: 'an actor name over 64 characters' },
    { query: 'colour=red', why: 'an unknown parameter' },
    { query: 'actor=a&actor=b', why: 'a repeated parameter' },
  ])('refuses $why with a message', ({ query }) => {
    const parsed = parseAuditQuery(new URLSearchParams(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
  });
});
