// Ranking of candidate nodes for one IP: preferred-node weight descending, then
// sha256(nodeName + "#" + firstIP) compared bytewise ascending (docs/semantics.md "Election").
import type { HashFn, RankedCandidate, Ranker } from './types';

/** The string MetalLB hashes for a node and an IP (speaker/layer2_controller.go). */
export const rankingKey = (node: string, ip: string): string => `${node}#${ip}`;

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** A Ranker that hashes every time; RankingCache is the one that remembers. */
export function hashRanker(hash: HashFn): Ranker {
  return {
    orderByHash(ip, nodes) {
      const keyed = nodes.map((node) => ({ node, digest: hash(rankingKey(node, ip)) }));
      keyed.sort((x, y) => compareBytes(x.digest, y.digest) || (x.node < y.node ? -1 : 1));
      return keyed.map((k) => k.node);
    },
  };
}

/**
 * Orders candidates: higher summed weight first, ties by the hash order. The sort is stable,
 * so inside one weight tier the hash order survives untouched.
 */
export function rankCandidates(
  candidates: ReadonlyMap<string, number>,
  ip: string,
  ranker: Ranker,
): RankedCandidate[] {
  const byHash = ranker.orderByHash(ip, [...candidates.keys()]);
  const weighted = byHash.map((node) => ({ node, rank: 0, weight: candidates.get(node) ?? 0 }));
  if (weighted.some((c) => c.weight !== weighted[0].weight)) weighted.sort((a, b) => b.weight - a.weight);
  weighted.forEach((c, i) => (c.rank = i + 1));
  return weighted;
}
