import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRanker } from '../election';
import { advertisement, node, service } from '../election/test-fixtures';
import { auditWire, decideWinners } from './speaker-audit';
import type { SpeakerView } from './speaker-election';

const ranker = hashRanker((s) => createHash('sha256').update(s).digest());
// Test vector: 10.0.0.1 ranks node-b, node-a, node-c; 10.0.0.2 ranks node-b, node-c, node-a.
const view = (over: Partial<SpeakerView> = {}): SpeakerView => ({
  self: '',
  nodes: [node('node-a'), node('node-b'), node('node-c')],
  services: [
    service({ name: 'one', ips: ['10.0.0.1'], endpointNodes: ['node-a'] }),
    service({ name: 'two', ips: ['10.0.0.2'], endpointNodes: ['node-a'] }),
  ],
  advertisements: [advertisement()],
  pools: new Set(['default']),
  ...over,
});
const wire = (...ips: string[]) => new Map(ips.map((ip) => [ip, ['eth0']]));

describe('decideWinners', () => {
  it('names the first-ranked live node of every service', () => {
    expect([...decideWinners(view(), ranker).of]).toEqual([
      ['default/one', 'node-b'],
      ['default/two', 'node-b'],
    ]);
  });

  it('issue 21: node-b excluded, one goes to node-a and two to node-c', () => {
    const excluded = node('node-b', { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } });
    const v = view({ nodes: [node('node-a'), excluded, node('node-c')] });
    expect([...decideWinners(v, ranker).of.values()]).toEqual(['node-a', 'node-c']);
  });

  it('decides for a live node even when the first listed is down', () => {
    const v = view({ nodes: [node('node-a', { speakerLive: false }), node('node-b'), node('node-c')] });
    expect([...decideWinners(v, ranker).of.values()]).toEqual(['node-b', 'node-b']);
  });

  it('nobody wins when no speaker is live', () => {
    const v = view({ nodes: [node('node-a', { speakerLive: false })] });
    expect([...decideWinners(v, ranker).of.values()]).toEqual([null, null]);
  });
});

describe('auditWire: what a speaker has on the wire against a fresh decision', () => {
  const v = view();
  const winners = decideWinners(v, ranker);
  const cases = [
    { desc: 'the winner announcing both IPs: nothing to correct', node: 'node-b', on: wire('10.0.0.1', '10.0.0.2'), want: [] },
    { desc: 'a loser quiet: nothing to correct', node: 'node-c', on: wire(), want: [] },
    { desc: 'the winner missing an IP (dark): announce it', node: 'node-b', on: wire('10.0.0.1'), want: ['announce 10.0.0.2'] },
    { desc: 'a loser still announcing (a second MAC): withdraw it', node: 'node-a', on: wire('10.0.0.1'), want: ['withdraw 10.0.0.1'] },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const drift = auditWire(v, winners, c.node, c.on, ['eth0'], ranker);
      expect(drift.map((a) => `${a.type} ${'ip' in a ? a.ip : ''}`)).toEqual(c.want);
    });
  }

  it('a winner whose advertisement names an interface it lacks is quiet by design, not drift', () => {
    const named = view({ advertisements: [advertisement({ interfaces: ['eth9'] })] });
    expect(auditWire(named, decideWinners(named, ranker), 'node-b', wire(), ['eth0'], ranker)).toEqual([]);
  });
});
