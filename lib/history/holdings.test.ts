import { describe, expect, it } from 'vitest';
import { entriesToCsv } from './csv';
import { toHoldings } from './holdings';
import type { HistoryEntry } from './types';

const entry = (at: string, kind: HistoryEntry['kind'], service: string, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  at,
  kind,
  service,
  ip: '10.20.13.15',
  pool: 'my-ip-space',
  node: null,
  previousNode: null,
  cause: null,
  detail: null,
  by: null,
  resourceVersion: null,
  inferred: false,
  ...over,
});

describe('toHoldings', () => {
  it('held by A until 12:00, then B (newest-first input)', () => {
    const spans = toHoldings([
      entry('2026-01-01T12:05:00.000Z', 'ipAssigned', 'shop/b'),
      entry('2026-01-01T12:00:00.000Z', 'ipReleased', 'shop/a'),
      entry('2026-01-01T11:00:00.000Z', 'ipAssigned', 'shop/a'),
    ]);
    expect(spans).toEqual([
      { ip: '10.20.13.15', service: 'shop/a', from: '2026-01-01T11:00:00.000Z', until: '2026-01-01T12:00:00.000Z' },
      { ip: '10.20.13.15', service: 'shop/b', from: '2026-01-01T12:05:00.000Z', until: null },
    ]);
  });

  it('a release with no assignment in the ledger starts an open-ended span', () => {
    expect(toHoldings([entry('2026-01-01T12:00:00.000Z', 'ipReleased', 'shop/a')])).toEqual([{ ip: '10.20.13.15', service: 'shop/a', from: null, until: '2026-01-01T12:00:00.000Z' }]);
  });

  it('ignores other kinds', () => {
    expect(toHoldings([entry('2026-01-01T12:00:00.000Z', 'announcerChanged', 'shop/a', { node: 'node01' })])).toEqual([]);
  });
});

describe('entriesToCsv', () => {
  it('writes a header and quotes what needs quoting, defusing formulas', () => {
    const csv = entriesToCsv([entry('2026-01-01T12:00:00.000Z', 'pending', 'shop/a', { ip: null, detail: 'pool "x" is full, try later' }), entry('2026-01-01T12:01:00.000Z', 'poolChanged', '=HYPERLINK("x")')]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('at,kind,service,ip,pool,node,previousNode,cause,detail,by,resourceVersion,inferred');
    expect(lines[1]).toBe('2026-01-01T12:00:00.000Z,pending,shop/a,,my-ip-space,,,,"pool ""x"" is full, try later",,,false');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toBe('');
  });
});
