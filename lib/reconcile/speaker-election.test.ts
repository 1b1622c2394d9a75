import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RankingCache,
  hashRanker,
  shouldAnnounce,
  type AdvertisementInfo,
  type NodeInfo,
  type ServiceInfo,
} from '../election';
import { advertisement, node, service } from '../election/test-fixtures';
import { createBlockedMemo, createOrderMemo, decideAllServices, resolveInterfaceSpec, type SpeakerView } from './speaker-election';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const ranker = hashRanker(sha256);
const three = [node('node-a'), node('node-b'), node('node-c')];

const view = (over: Partial<SpeakerView> = {}): SpeakerView => ({
  self: 'node-a',
  nodes: three,
  services: [service({ ips: ['10.0.0.1'], endpointNodes: ['node-a'] })],
  advertisements: [advertisement()],
  pools: new Set(['default']),
  ...over,
});

const outcome = (v: SpeakerView) => {
  const d = decideAllServices(v, ranker)[0].decision;
  return d.announce ? 'announce' : d.reason;
};

describe('decideAllServices: one speaker, every service', () => {
  const cases: { desc: string; v: SpeakerView; want: string }[] = [
    {
      desc: 'SEMANTICS test vector: 10.0.0.1 goes to node-b, so node-a stays quiet',
      v: view(),
      want: 'notOwner',
    },
    { desc: 'node-b announces 10.0.0.1', v: view({ self: 'node-b' }), want: 'announce' },
    {
      desc: 'node-b lost its lease: node-a (second for 10.0.0.1) takes over',
      v: view({ nodes: [node('node-a'), node('node-b', { speakerLive: false }), node('node-c')] }),
      want: 'announce',
    },
    {
      desc: 'an IP outside every pool is never announced',
      v: view({ pools: new Set(['other']) }),
      want: 'noMatchingAdvertisement',
    },
    {
      desc: 'no advertisement: allocated but not announced',
      v: view({ advertisements: [] }),
      want: 'noMatchingAdvertisement',
    },
    {
      desc: 'no serving endpoint: nobody announces',
      v: view({ self: 'node-b', services: [service({ ips: ['10.0.0.1'], endpointNodes: [] })] }),
      want: 'noServingEndpoints',
    },
    {
      desc: 'our own lease is gone: speakerNotLive',
      v: view({ self: 'node-b', nodes: [node('node-a'), node('node-b', { speakerLive: false })] }),
      want: 'speakerNotLive',
    },
    {
      desc: 'Local policy: only the endpoint node is a candidate',
      v: view({
        services: [service({ ips: ['10.0.0.1'], externalTrafficPolicy: 'Local', endpointNodes: ['node-a'] })],
      }),
      want: 'announce',
    },
  ];
  for (const c of cases) it(c.desc, () => expect(outcome(c.v)).toBe(c.want));

  it('names the winner when it is not us', () => {
    const d = decideAllServices(view(), ranker)[0].decision;
    expect(d).toMatchObject({ announce: false, reason: 'notOwner', winner: 'node-b' });
  });
});

describe('resolveInterfaceSpec', () => {
  const me = node('node-a', { labels: { zone: 'x' } });
  const cases: { desc: string; ads: AdvertisementInfo[]; want: unknown }[] = [
    {
      desc: 'an advertisement without interfaces means every interface',
      ads: [advertisement()],
      want: { all: true },
    },
    {
      desc: 'named interfaces are unioned across advertisements',
      ads: [
        advertisement({ interfaces: ['eth1'] }),
        advertisement({ name: 'b', interfaces: ['eth0', 'eth1'] }),
      ],
      want: { all: false, names: ['eth0', 'eth1'] },
    },
    {
      desc: 'an advertisement not selecting this node adds nothing',
      ads: [
        advertisement({ interfaces: ['eth1'] }),
        advertisement({ name: 'b', nodeSelectors: [{ matchLabels: { zone: 'y' } }] }),
      ],
      want: { all: false, names: ['eth1'] },
    },
  ];
  for (const c of cases) it(c.desc, () => expect(resolveInterfaceSpec(c.ads, me)).toEqual(c.want));
});

describe('agrees with lib/election shouldAnnounce for every service (property)', () => {
  const names = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const nodeArb = (name: string) =>
    fc
      .record({ live: fc.boolean(), unavailable: fc.boolean(), zone: fc.constantFrom('a', 'b') })
      .map((r): NodeInfo =>
        node(name, {
          speakerLive: r.live || name === 'n1',
          networkUnavailable: r.unavailable && name !== 'n1',
          labels: { zone: r.zone },
        }),
      );
  const serviceArb = fc
    .record({
      ip: fc.integer({ min: 1, max: 40 }),
      local: fc.boolean(),
      eps: fc.subarray(names),
      team: fc.constantFrom('red', 'blue'),
      pool: fc.constantFrom('p1', 'p2'),
      shared: fc.boolean(),
    })
    .map((r): ServiceInfo =>
      service({
        name: `s${r.ip}-${r.team}`,
        ips: [`192.0.2.${r.ip}`],
        externalTrafficPolicy: r.local ? 'Local' : 'Cluster',
        endpointNodes: r.eps,
        labels: { team: r.team },
        pool: r.pool,
        ...(r.shared ? { sharingKey: 'k' } : {}),
      }),
    );
  const adsArb = fc.constantFrom<AdvertisementInfo[][]>(
    [advertisement()],
    [advertisement({ ipAddressPools: ['p1'], nodeSelectors: [{ matchLabels: { zone: 'a' } }] })],
    [
      advertisement({
        ipAddressPools: ['p1'],
        preferredNodeSelectors: [{ weight: 50, preference: { matchLabels: { zone: 'b' } } }],
      }),
      advertisement({
        name: 'l2-2',
        ipAddressPools: ['p2'],
        serviceSelectors: [{ matchLabels: { team: 'red' } }],
      }),
    ],
  );

  it('decideAllServices == shouldAnnounce, with a RankingCache', () => {
    fc.assert(
      fc.property(
        fc.tuple(...names.map(nodeArb)),
        fc.array(serviceArb, { maxLength: 12 }),
        adsArb,
        fc.constantFrom(...names),
        (nodes, services, ads, self) => {
          const cache = new RankingCache(sha256);
          const verdicts = decideAllServices(
            { self, nodes, services, advertisements: ads, pools: new Set(['p1', 'p2']) },
            cache,
          );
          verdicts.forEach((v, i) => {
            const want = shouldAnnounce(self, { nodes, service: services[i], advertisements: ads }, ranker);
            const got = v.decision;
            expect(got.announce ? 'announce' : got.reason).toBe(want.announce ? 'announce' : want.reason);
            if (!got.announce && got.reason === 'notOwner' && !want.announce && want.reason === 'notOwner') {
              expect(got.winner).toBe(want.winner);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('decideAllServices with a blocked-verdict memo shared by speakers', () => {
  const idle = service({ name: 'idle', ips: ['10.0.0.1'], endpointNodes: [] });
  const served = service({ name: 'served', ips: ['10.0.0.2'], endpointNodes: ['node-a', 'node-b', 'node-c'] });
  // The model hands every view the same advertisements until the config changes.
  const ads = [advertisement()];
  const decide = (v: SpeakerView, memo = createBlockedMemo()) => decideAllServices({ ...v, advertisements: v.advertisements.length ? ads : [] }, ranker, createOrderMemo(), memo);

  it('gives every speaker the same verdict object for a blocked service, and decides the others per speaker as without it', () => {
    const memo = createBlockedMemo();
    const services = [idle, served];
    const byNode = three.map((n) => decide(view({ self: n.name, services }), memo));
    expect(byNode[1][0]).toBe(byNode[0][0]);
    expect(byNode[0][0].decision).toMatchObject({ announce: false, reason: 'noServingEndpoints' });
    for (const [i, n] of three.entries()) expect(byNode[i]).toEqual(decideAllServices(view({ self: n.name, services }), ranker));
  });

  it('decides again once the advertisements change: the blocked service stays blocked for a new reason', () => {
    const memo = createBlockedMemo();
    decide(view({ services: [idle] }), memo);
    const [again] = decide(view({ services: [idle], advertisements: [] }), memo);
    expect(again.decision).toMatchObject({ announce: false, reason: 'noMatchingAdvertisement' });
  });

  it('a speaker without a live lease still says so for a service nothing blocks', () => {
    const memo = createBlockedMemo();
    decide(view({ services: [served] }), memo);
    const nodes = [node('node-a', { speakerLive: false }), node('node-b'), node('node-c')];
    const [v] = decide(view({ services: [served], nodes }), memo);
    expect(v.decision).toMatchObject({ announce: false, reason: 'speakerNotLive' });
  });
});
