import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXCLUDE_LB_LABEL, announceInterfaces } from './candidates';
import { electAnnouncer, explainCandidates, shouldAnnounce } from './decide';
import { hashRanker } from './ranking';
import { advertisement, input, node, service } from './test-fixtures';
import type { AnnounceDecision, ElectionInput } from './types';

const ranker = hashRanker((s) => createHash('sha256').update(s).digest());

/** 'announce' or the reason, as MetalLB's tests write "" or "notOwner". */
const outcome = (d: AnnounceDecision): string => (d.announce ? 'announce' : d.reason);

describe("MetalLB's TestShouldAnnounceEPSlices cases (speaker/layer2_controller_test.go)", () => {
  // Two speakers iris1/iris2, one L2Advertisement selecting both, externalTrafficPolicy Local.
  // "not ready" endpoints are not serving, so they are simply absent from endpointNodes.
  // Where MetalLB says "notOwner" for no serving endpoints, ironlb names the reason.
  const cases = [
    { desc: 'One service, two endpoints, one host, controller 1 should announce', ip: '10.20.30.1', eps: ['iris1'], iris1: 'announce', iris2: 'notOwner' },
    { desc: 'One service, two endpoints, one host, neither endpoint is ready, no controller should announce', ip: '10.20.30.1', eps: [], iris1: 'noServingEndpoints', iris2: 'noServingEndpoints' },
    { desc: 'One service, two endpoints across two hosts, controller2 should announce', ip: '10.20.30.1', eps: ['iris1', 'iris2'], iris1: 'notOwner', iris2: 'announce' },
    { desc: 'One service, two endpoints across two hosts, controller 2 is not ready, controller 1 should announce', ip: '10.20.30.1', eps: ['iris1'], iris1: 'announce', iris2: 'notOwner' },
    { desc: 'Two services across two hosts: controller 2 announces 10.20.30.1', ip: '10.20.30.1', eps: ['iris1', 'iris2'], iris1: 'notOwner', iris2: 'announce' },
    { desc: 'Two services across two hosts: controller 1 announces 10.20.30.2', ip: '10.20.30.2', eps: ['iris1', 'iris2'], iris1: 'announce', iris2: 'notOwner' },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const inp = input({ service: service({ ips: [c.ip], externalTrafficPolicy: 'Local', endpointNodes: c.eps }) });
      expect(outcome(shouldAnnounce('iris1', inp, ranker))).toBe(c.iris1);
      expect(outcome(shouldAnnounce('iris2', inp, ranker))).toBe(c.iris2);
    });
  }
});

describe('candidate set (SEMANTICS §3)', () => {
  const three = [node('node-a'), node('node-b'), node('node-c')];
  const base = (over: Partial<ElectionInput> = {}): ElectionInput =>
    input({ nodes: three, service: service({ ips: ['10.0.0.1'], endpointNodes: ['node-a'] }), ...over });
  const cases: { desc: string; inp: ElectionInput; winner: string | null }[] = [
    { desc: 'Cluster policy: the hash winner announces even without a local endpoint', inp: base(), winner: 'node-b' },
    {
      desc: 'a node whose speaker lease expired is skipped',
      inp: base({ nodes: [node('node-a'), node('node-b', { speakerLive: false }), node('node-c')] }),
      winner: 'node-a',
    },
    {
      desc: 'a node with NetworkUnavailable=True is skipped',
      inp: base({ nodes: [node('node-a'), node('node-b', { networkUnavailable: true }), node('node-c')] }),
      winner: 'node-a',
    },
    {
      desc: 'a node labelled exclude-from-external-load-balancers is skipped',
      inp: base({ nodes: [node('node-a'), node('node-b', { labels: { [EXCLUDE_LB_LABEL]: '' } }), node('node-c')] }),
      winner: 'node-a',
    },
    {
      desc: 'nodeSelectors limit the candidates; several selectors are ORed',
      inp: base({
        advertisements: [
          advertisement({
            nodeSelectors: [
              { matchLabels: { 'kubernetes.io/hostname': 'node-c' } },
              { matchLabels: { 'kubernetes.io/hostname': 'node-a' } },
            ],
          }),
        ],
      }),
      winner: 'node-a',
    },
    {
      desc: 'two advertisements for the pool add up their nodes',
      inp: base({
        advertisements: [
          advertisement({ name: 'one', nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'node-c' } }] }),
          advertisement({ name: 'two', nodeSelectors: [{ matchLabels: { 'kubernetes.io/hostname': 'node-a' } }] }),
        ],
      }),
      winner: 'node-a',
    },
    {
      desc: 'Local policy: only nodes hosting a serving endpoint',
      inp: base({ service: service({ ips: ['10.0.0.1'], externalTrafficPolicy: 'Local', endpointNodes: ['node-c'] }) }),
      winner: 'node-c',
    },
    {
      desc: 'Local policy with the only endpoint on an excluded node: nobody',
      inp: base({
        nodes: [node('node-a'), node('node-b'), node('node-c', { networkUnavailable: true })],
        service: service({ ips: ['10.0.0.1'], externalTrafficPolicy: 'Local', endpointNodes: ['node-c'] }),
      }),
      winner: null,
    },
    {
      desc: 'preferredNodeSelectors pull the IP to the preferred node',
      inp: base({
        advertisements: [
          advertisement({ preferredNodeSelectors: [{ weight: 100, preference: { matchLabels: { 'kubernetes.io/hostname': 'node-c' } } }] }),
        ],
      }),
      winner: 'node-c',
    },
    {
      desc: 'dual-stack: the first IP names the ranking',
      inp: base({ service: service({ ips: ['10.0.0.2', '2001:db8::1'], endpointNodes: ['node-a'] }) }),
      winner: 'node-b',
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const e = electAnnouncer(c.inp, ranker);
      expect(e.elected ? e.winner : null).toBe(c.winner);
    });
  }
});

describe('shouldAnnounce reasons', () => {
  const cases: { desc: string; me: string; inp: ElectionInput; want: string }[] = [
    { desc: 'the winner announces', me: 'iris2', inp: input(), want: 'announce' },
    { desc: 'the loser is notOwner', me: 'iris1', inp: input(), want: 'notOwner' },
    {
      desc: 'a pool no advertisement covers is never announced',
      me: 'iris2',
      inp: input({ advertisements: [advertisement({ ipAddressPools: ['other'] })] }),
      want: 'noMatchingAdvertisement',
    },
    { desc: 'no advertisement at all', me: 'iris2', inp: input({ advertisements: [] }), want: 'noMatchingAdvertisement' },
    {
      desc: 'ipAddressPoolSelectors select the pool by its labels',
      me: 'iris2',
      inp: input({
        service: service({ poolLabels: { zone: 'a' } }),
        advertisements: [advertisement({ ipAddressPoolSelectors: [{ matchLabels: { zone: 'a' } }] })],
      }),
      want: 'announce',
    },
    {
      desc: "serviceSelectors that don't match the service: no advertisement",
      me: 'iris2',
      inp: input({ advertisements: [advertisement({ serviceSelectors: [{ matchLabels: { app: 'db' } }] })] }),
      want: 'noMatchingAdvertisement',
    },
    {
      desc: 'a shared IP with serviceSelectors on the pool is refused (MetalLB #3025)',
      me: 'iris2',
      inp: input({
        service: service({ labels: { app: 'web' }, sharingKey: 'k' }),
        advertisements: [advertisement({ serviceSelectors: [{ matchLabels: { app: 'web' } }] })],
      }),
      want: 'sharedIPWithServiceSelector',
    },
    {
      desc: 'a sharing key without serviceSelectors is fine',
      me: 'iris2',
      inp: input({ service: service({ sharingKey: 'k' }) }),
      want: 'announce',
    },
    {
      desc: 'no serving endpoint anywhere: nobody announces, even with Cluster policy',
      me: 'iris2',
      inp: input({ service: service({ endpointNodes: [] }) }),
      want: 'noServingEndpoints',
    },
    {
      desc: 'my own speaker without a live lease',
      me: 'iris2',
      inp: input({ nodes: [node('iris1'), node('iris2', { speakerLive: false })] }),
      want: 'speakerNotLive',
    },
    {
      desc: 'a node the speaker does not know about',
      me: 'iris9',
      inp: input(),
      want: 'speakerNotLive',
    },
    {
      desc: 'after the winner dies the runner-up takes over',
      me: 'iris1',
      inp: input({ nodes: [node('iris1'), node('iris2', { speakerLive: false })] }),
      want: 'announce',
    },
  ];
  for (const c of cases) {
    it(c.desc, () => expect(outcome(shouldAnnounce(c.me, c.inp, ranker))).toBe(c.want));
  }

  it('notOwner names the winner', () => {
    expect(shouldAnnounce('iris1', input(), ranker)).toMatchObject({ reason: 'notOwner', winner: 'iris2' });
  });

  it('all services sharing an IP elect the same node', () => {
    const a = input({ service: service({ name: 'tcp', sharingKey: 'k', ips: ['10.0.0.1'] }), nodes: [node('node-a'), node('node-b'), node('node-c')] });
    const b = { ...a, service: { ...a.service, name: 'udp' } };
    const winner = (i: ElectionInput) => ['node-a', 'node-b', 'node-c'].filter((n) => shouldAnnounce(n, i, ranker).announce);
    expect(winner(a)).toEqual(['node-b']);
    expect(winner(b)).toEqual(['node-b']);
  });
});

describe('explainCandidates', () => {
  it('lists candidates by rank, then the others by name with their reason', () => {
    const inp = input({
      nodes: [
        node('node-c'),
        node('node-a'),
        node('node-b'),
        node('node-d', { speakerLive: false }),
        node('node-e', { labels: { [EXCLUDE_LB_LABEL]: 'true' } }),
        node('node-f', { networkUnavailable: true }),
        node('node-g', { labels: { role: 'worker' } }),
      ],
      service: service({ ips: ['10.0.0.1'], externalTrafficPolicy: 'Local', endpointNodes: ['node-a', 'node-b', 'node-c', 'node-d', 'node-e', 'node-f'] }),
      advertisements: [advertisement({ nodeSelectors: [{ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }] })],
    });
    const rows = explainCandidates(inp, ranker).map((r) => [r.node, r.rank, r.status, r.reason]);
    expect(rows).toEqual([
      ['node-b', 1, 'announcing', 'announcing'],
      ['node-a', 2, 'standby', 'lowerRank'],
      ['node-c', 3, 'standby', 'lowerRank'],
      ['node-d', null, 'ineligible', 'speakerDown'],
      ['node-e', null, 'ineligible', 'excludedByLabel'],
      ['node-f', null, 'ineligible', 'networkUnavailable'],
      ['node-g', null, 'ineligible', 'notSelectedByAdvertisement'],
    ]);
  });

  it('names the Local-policy loser and the preference weight', () => {
    const inp = input({
      nodes: [node('iris1', { labels: { edge: 'yes' } }), node('iris2')],
      service: service({ externalTrafficPolicy: 'Local', endpointNodes: ['iris1'] }),
      advertisements: [advertisement({ preferredNodeSelectors: [{ weight: 30, preference: { matchLabels: { edge: 'yes' } } }] })],
    });
    expect(explainCandidates(inp, ranker)).toEqual([
      { node: 'iris1', rank: 1, weight: 30, status: 'announcing', reason: 'announcing' },
      { node: 'iris2', rank: null, weight: 0, status: 'ineligible', reason: 'noLocalEndpoint' },
    ]);
  });

  it('gives every node the service-level reason when nobody can announce', () => {
    const rows = explainCandidates(input({ advertisements: [] }), ranker);
    expect(rows.map((r) => [r.node, r.reason])).toEqual([
      ['iris1', 'noMatchingAdvertisement'],
      ['iris2', 'noMatchingAdvertisement'],
    ]);
  });
});

describe('announceInterfaces', () => {
  const iris1 = node('iris1', { labels: { zone: 'a' } });
  const cases = [
    { desc: 'no interfaces listed: all eligible interfaces', ads: [advertisement()], want: { all: true } },
    {
      desc: 'the union of listed interfaces of advertisements selecting the node',
      ads: [
        advertisement({ interfaces: ['eth1'] }),
        advertisement({ interfaces: ['eth0', 'eth1'] }),
        advertisement({ interfaces: ['eth9'], nodeSelectors: [{ matchLabels: { zone: 'b' } }] }),
      ],
      want: { all: false, names: ['eth0', 'eth1'] },
    },
    {
      desc: 'one advertisement without a list opens all interfaces',
      ads: [advertisement({ interfaces: ['eth1'] }), advertisement()],
      want: { all: true },
    },
  ];
  for (const c of cases) it(c.desc, () => expect(announceInterfaces(iris1, c.ads)).toEqual(c.want));
});
