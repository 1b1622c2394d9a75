import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRanker, rankCandidates } from './ranking';
import { RankingCache } from './ranking-cache';
import type { HashFn } from './types';

const sha256: HashFn = (s) => createHash('sha256').update(s).digest();

describe('hash order sha256(node#ip), bytewise ascending', () => {
  // docs/semantics.md "Election" test vector. The iris cases are the outcomes MetalLB's own
  // speaker/layer2_controller_test.go (TestShouldAnnounce) expects from the same hash.
  const cases = [
    { desc: 'SEMANTICS §3: 10.0.0.1 ranks node-b, node-a, node-c', ip: '10.0.0.1', nodes: ['node-a', 'node-b', 'node-c'], want: ['node-b', 'node-a', 'node-c'] },
    { desc: 'SEMANTICS §3: 10.0.0.2 ranks node-b, node-c, node-a', ip: '10.0.0.2', nodes: ['node-a', 'node-b', 'node-c'], want: ['node-b', 'node-c', 'node-a'] },
    { desc: 'MetalLB: iris2 wins 10.20.30.1', ip: '10.20.30.1', nodes: ['iris1', 'iris2'], want: ['iris2', 'iris1'] },
    { desc: 'MetalLB: iris1 wins 10.20.30.2', ip: '10.20.30.2', nodes: ['iris1', 'iris2'], want: ['iris1', 'iris2'] },
    { desc: 'input order does not matter', ip: '10.0.0.1', nodes: ['node-c', 'node-b', 'node-a'], want: ['node-b', 'node-a', 'node-c'] },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      expect(hashRanker(sha256).orderByHash(c.ip, c.nodes)).toEqual(c.want);
      expect(new RankingCache(sha256).orderByHash(c.ip, c.nodes)).toEqual(c.want);
    });
  }
});

describe('preferred-node weight ranks before the hash', () => {
  const cases = [
    {
      desc: 'no weights: pure hash order',
      weights: { 'node-a': 0, 'node-b': 0, 'node-c': 0 },
      want: ['node-b', 'node-a', 'node-c'],
    },
    {
      desc: 'a weighted node beats a better hash',
      weights: { 'node-a': 0, 'node-b': 0, 'node-c': 50 },
      want: ['node-c', 'node-b', 'node-a'],
    },
    {
      desc: 'summed weights 60+50 beat a single 100',
      weights: { 'node-a': 110, 'node-b': 100, 'node-c': 0 },
      want: ['node-a', 'node-b', 'node-c'],
    },
    {
      desc: 'equal weights fall back to the hash inside the tier',
      weights: { 'node-a': 100, 'node-b': 0, 'node-c': 100 },
      want: ['node-a', 'node-c', 'node-b'],
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const ranked = rankCandidates(new Map(Object.entries(c.weights)), '10.0.0.1', hashRanker(sha256));
      expect(ranked.map((r) => r.node)).toEqual(c.want);
      expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    });
  }
});

/** sha256 that counts its calls. */
function countingSha256() {
  let n = 0;
  const counting: HashFn = (s) => {
    n++;
    return sha256(s);
  };
  return { counting, calls: () => n, reset: () => void (n = 0) };
}

describe('RankingCache', () => {
  const names = Array.from({ length: 20 }, (_, i) => `node-${i}`);
  const ips = Array.from({ length: 30 }, (_, i) => `192.0.2.${i}`);

  it('agrees with the uncached ranker after nodes leave and join', () => {
    const cache = new RankingCache(sha256);
    cache.setNodes(names);
    for (const ip of ips) cache.orderByHash(ip, names);
    const later = [...names.filter((n) => n !== 'node-3' && n !== 'node-7'), 'node-new', 'node-0b'];
    cache.setNodes(later);
    for (const ip of ips) {
      expect(cache.orderByHash(ip, later)).toEqual(hashRanker(sha256).orderByHash(ip, later));
    }
  });

  it('hashes only the new node when one joins, and nothing when one leaves', () => {
    const { counting, calls, reset } = countingSha256();
    const cache = new RankingCache(counting);
    cache.setNodes(names);
    for (const ip of ips) cache.orderByHash(ip, names);
    expect(calls()).toBe(names.length * ips.length);
    reset();
    cache.removeNode('node-5');
    expect(calls()).toBe(0);
    cache.addNode('node-x');
    // One hash per cached IP, plus rare exact tie-breaks (none expected with 30 IPs).
    expect(calls()).toBe(ips.length);
  });

  it('prepare hashes each known node once per IP, and a second prepare hashes nothing', () => {
    const { counting, calls, reset } = countingSha256();
    const cache = new RankingCache(counting);
    cache.setNodes(names);
    for (const ip of ips) cache.prepare(ip);
    expect(calls()).toBe(names.length * ips.length);
    reset();
    for (const ip of ips) cache.prepare(ip);
    expect(calls()).toBe(0);
    for (const ip of ips) expect(cache.orderByHash(ip, names)).toEqual(hashRanker(sha256).orderByHash(ip, names));
    expect(calls()).toBe(0);
  });

  it('filters its order down to the candidates asked about', () => {
    const cache = new RankingCache(sha256);
    cache.setNodes(['node-a', 'node-b', 'node-c', 'node-d']);
    expect(cache.orderByHash('10.0.0.2', ['node-a', 'node-c'])).toEqual(['node-c', 'node-a']);
  });
});
