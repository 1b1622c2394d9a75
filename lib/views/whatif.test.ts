import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRanker } from '../election/ranking';
import type { ServiceInfo } from '../election/types';
import { computeWhatIf } from './whatif';
import { ad, node } from './test-fixtures';

const ranker = hashRanker((s) => new Uint8Array(createHash('sha256').update(s).digest()));
const service = (name: string, ip: string): ServiceInfo => ({
  namespace: 'default',
  name,
  labels: {},
  ips: [ip],
  pool: 'p',
  externalTrafficPolicy: 'Cluster',
  endpointNodes: ['node-a'],
});

// docs/semantics.md "Election" vector: 10.0.0.1 ranks node-b, node-a, node-c; 10.0.0.2 ranks node-b, node-c, node-a.
const input = {
  nodes: [node('node-a'), node('node-b'), node('node-c')],
  services: [service('one', '10.0.0.1'), service('two', '10.0.0.2')],
  advertisements: [ad('all')],
};

describe('computeWhatIf', () => {
  it('moves each IP to its next-ranked node when the winner is excluded', () => {
    const r = computeWhatIf(input, ['node-b'], 'exclude', ranker);
    expect(r.moves).toEqual([
      { service: 'default/one', ip: '10.0.0.1', from: 'node-b', to: 'node-a' },
      { service: 'default/two', ip: '10.0.0.2', from: 'node-b', to: 'node-c' },
    ]);
    expect(r.load).toEqual([
      { node: 'node-a', before: 0, after: 1 },
      { node: 'node-b', before: 2, after: 0 },
      { node: 'node-c', before: 0, after: 1 },
    ]);
  });

  it('moves nothing when a node that announces nothing goes away', () => {
    expect(computeWhatIf(input, ['node-c'], 'drain', ranker).moves).toEqual([]);
  });

  it('counts services that would lose their announcer entirely', () => {
    const r = computeWhatIf(input, ['node-a', 'node-b', 'node-c'], 'drain', ranker);
    expect(r.lost).toBe(2);
    expect(r.moves.every((m) => m.to === null)).toBe(true);
  });
});
