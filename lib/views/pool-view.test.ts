import { describe, expect, it } from 'vitest';
import { buildIPGrid, firstSorted, IN_USE_LIMIT, indexServiceIPs, toPoolDetail, toPoolView } from './pool-view';
import { findCrossPoolOverlaps } from './pool-overlap';
import { ad, pool, row } from './test-fixtures';

const seedPool = pool('my-ip-space', ['10.20.13.15-10.20.13.20']);

describe('toPoolView', () => {
  it('counts a shared IP once and lists both services', () => {
    const index = indexServiceIPs([
      row('a', 'one', { ips: ['10.20.13.15'], node: 'node01' }),
      row('b', 'two', { ips: ['10.20.13.15'], node: 'node01' }),
      row('c', 'three', { ips: ['10.20.13.16'] }),
      row('d', 'elsewhere', { ips: ['192.0.2.1'] }),
    ]);
    const v = toPoolView(seedPool, index, [ad('l2', { ipAddressPools: ['my-ip-space'] })]);
    expect(v).toMatchObject({ used: 2, total: '6', services: ['a/one', 'b/two', 'c/three'], serviceCount: 3, families: ['IPv4'], advertisements: ['l2'] });
    expect(v.utilisation).toBeCloseTo(2 / 6);
  });

  it('has no advertisements when none covers the pool', () => {
    const v = toPoolView(seedPool, new Map(), [ad('other', { ipAddressPools: ['lab'] })]);
    expect(v.advertisements).toEqual([]);
  });

  it('an advertisement with no pools listed covers every pool', () => {
    expect(toPoolView(seedPool, new Map(), [ad('all')]).advertisements).toEqual(['all']);
  });

  it('counts an IPv6 /64 without hanging and reports utilisation 0', () => {
    const v = toPoolView(pool('v6', ['2001:db8::/64']), new Map(), []);
    expect(v.total).toBe((2n ** 64n).toString());
    expect(v.utilisation).toBe(0);
  });
});

describe('buildIPGrid', () => {
  it('marks used, shared, reserved (.0/.255 with avoidBuggyIPs) and free cells', () => {
    const p = pool('p', ['192.0.2.254/31', '192.0.2.0/32'], { avoidBuggyIPs: true });
    const index = indexServiceIPs([row('a', 'x', { ips: ['192.0.2.254'], node: 'n1' }), row('b', 'y', { ips: ['192.0.2.254'] })]);
    const { cells } = buildIPGrid(p, index);
    expect(cells.map((c) => [c.ip, c.state])).toEqual([
      ['192.0.2.254', 'shared'],
      ['192.0.2.255', 'reserved'],
      ['192.0.2.0', 'reserved'],
    ]);
    expect(cells[0].node).toBe('n1');
  });

  it('caps a large pool and says so', () => {
    const g = buildIPGrid(pool('big', ['10.0.0.0/16']), new Map(), 100);
    expect(g.cells).toHaveLength(100);
    expect(g.truncated).toBe(true);
  });
});

describe('findCrossPoolOverlaps', () => {
  it('names the other pool and its address', () => {
    const issues = findCrossPoolOverlaps(['10.20.13.0/28', '192.0.2.0/30'], [{ name: 'lab', addresses: ['10.20.13.8-10.20.13.9'] }]);
    expect(issues).toEqual([{ index: 0, message: 'overlaps with 10.20.13.8-10.20.13.9 in pool lab' }]);
  });

  it('ignores the pool being edited', () => {
    expect(findCrossPoolOverlaps(['10.20.13.0/28'], [{ name: 'lab', addresses: ['10.20.13.0/28'] }], 'lab')).toEqual([]);
  });
});

describe('pool service names', () => {
  it('lists at most 50 services in the list view but counts them all; the detail lists all', async () => {
    const { toPoolDetail } = await import('./pool-view');
    const rows = Array.from({ length: 60 }, (_, i) => row('ns', `s${String(i).padStart(2, '0')}`, { ips: ['10.20.13.15'] }));
    const index = indexServiceIPs(rows);
    const v = toPoolView(seedPool, index, []);
    expect(v.services).toHaveLength(50);
    expect(v.serviceCount).toBe(60);
    expect(toPoolDetail(seedPool, index, []).pool.services).toHaveLength(60);
  });
});

describe('toPoolDetail: IPs in use', () => {
  it('lists each held IP of the pool in address order with its services and node', () => {
    const index = indexServiceIPs([
      row('a', 'one', { ips: ['10.20.13.20'], node: 'node02' }),
      row('b', 'two', { ips: ['10.20.13.15'], node: 'node01' }),
      row('c', 'three', { ips: ['10.20.13.15'], node: 'node01' }),
      row('d', 'quiet', { ips: ['10.20.13.9'] }),
      row('e', 'elsewhere', { ips: ['192.0.2.1'], node: 'node03' }),
    ]);
    expect(toPoolDetail(seedPool, index, []).inUse).toEqual([
      { ip: '10.20.13.15', state: 'shared', services: ['b/two', 'c/three'], node: 'node01' },
      { ip: '10.20.13.20', state: 'used', services: ['a/one'], node: 'node02' },
    ]);
    const wide = pool('wide', ['10.20.13.0/24']);
    expect(toPoolDetail(wide, index, []).inUse.map((c) => [c.ip, c.node])).toEqual([
      ['10.20.13.9', null],
      ['10.20.13.15', 'node01'],
      ['10.20.13.20', 'node02'],
    ]);
  });

  it(`stops at ${IN_USE_LIMIT} rows but still counts every IP in use`, () => {
    const rows = Array.from({ length: 600 }, (_, i) => row('ns', `s${i}`, { ips: [`10.1.${Math.floor(i / 256)}.${i % 256}`], node: 'n1' }));
    const detail = toPoolDetail(pool('big', ['10.1.0.0/16']), indexServiceIPs(rows), []);
    expect(detail.inUse).toHaveLength(IN_USE_LIMIT);
    expect(detail.inUse[0].ip).toBe('10.1.0.0');
    expect(detail.inUse.at(-1)?.ip).toBe('10.1.1.243');
    expect(detail.pool.used).toBe(600);
  });
});

describe('firstSorted', () => {
  const cases: { desc: string; items: string[]; n: number }[] = [
    { desc: 'fewer items than asked for: all of them, sorted', items: ['b/x', 'a/y', 'c/z'], n: 50 },
    { desc: 'more: the smallest n, as a full sort would give', items: Array.from({ length: 200 }, (_, i) => `ns/svc-${(i * 7919) % 200}`), n: 50 },
    { desc: 'upper case sorts before lower case, as Array.prototype.sort does', items: ['b', 'B', 'a', 'A', 'é', 'z'], n: 4 },
    { desc: 'duplicates are kept', items: ['a', 'a', 'b'], n: 2 },
  ];
  for (const c of cases) {
    it(c.desc, () => expect(firstSorted(c.items, c.n)).toEqual([...c.items].sort().slice(0, c.n)));
  }
});
