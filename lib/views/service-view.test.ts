import { describe, expect, it } from 'vitest';
import type { NodeInfo } from '../election/types';
import { toServiceInfo, summariseEndpoints } from './election-input';
import { toServiceView, type ClusterFacts, type L2StatusFact } from './service-view';
import { ad, node, svc } from './test-fixtures';
import type { KubeEndpointSlice, KubeService } from '../shapes/kube';
import type { SpeakerState } from './types';

const slice = (...nodes: string[]): KubeEndpointSlice => ({
  metadata: { name: 's' },
  endpoints: nodes.map((n) => ({ addresses: ['10.0.0.1'], nodeName: n, conditions: { ready: true } })),
});

interface Case {
  name: string;
  service: KubeService;
  endpoints?: string[];
  statuses?: L2StatusFact[];
  failure?: string;
  nodes?: NodeInfo[];
  speakers?: Record<string, SpeakerState>;
  ads?: ClusterFacts['advertisements'];
  poolCount?: number;
  foreign?: Record<string, string>;
  want: { state: string; reason: string; node?: string | null };
}

const withIP = svc('ingress-nginx', 'ingress-nginx-controller', { ips: ['10.20.13.15'], pool: 'my-ip-space' });
const everyAd = [ad('l2advertisement1', { ipAddressPools: ['my-ip-space'] })];

const cases: Case[] = [
  {
    name: 'a service with an IP and one live announcer is announced by that node',
    service: withIP,
    endpoints: ['node01'],
    statuses: [{ node: 'node02', interfaces: ['eth0'], created: '2024-01-01T12:01:00Z' }],
    want: { state: 'announced', reason: 'announced by node02', node: 'node02' },
  },
  {
    name: 'a service without IP whose pool is full says so in words',
    service: svc('default', 'echoserver'),
    failure: 'Failed to allocate IP for "default/echoserver": no available IPs in pool "my-ip-space"',
    want: { state: 'pending', reason: 'pool my-ip-space is full' },
  },
  {
    name: 'a service without IP and no pool at all tells the user to create one',
    service: svc('default', 'echoserver'),
    poolCount: 0,
    want: { state: 'pending', reason: 'no IPAddressPool exists: create one' },
  },
  {
    name: 'a service of a foreign load balancer class is pending for that reason',
    service: svc('default', 'other', { cls: 'example.com/lb' }),
    want: { state: 'pending', reason: 'load balancer class "example.com/lb" is not handled by ironlb' },
  },
  {
    name: 'an IP in a pool no advertisement covers is not announced, loudly',
    service: withIP,
    endpoints: ['node01'],
    ads: [ad('other', { ipAddressPools: ['lab'] })],
    want: { state: 'notAnnounced', reason: 'no L2Advertisement covers pool my-ip-space' },
  },
  {
    name: 'no serving endpoints means nobody announces',
    service: withIP,
    endpoints: [],
    want: { state: 'notAnnounced', reason: 'no serving endpoints' },
  },
  {
    name: 'every node excluded names each node and why',
    service: withIP,
    endpoints: ['node01'],
    nodes: [node('node01', { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } }), node('node02', { speakerLive: false })],
    want: {
      state: 'notAnnounced',
      reason: 'no eligible node: node01 excluded by label node.kubernetes.io/exclude-from-external-load-balancers; node02 speaker down',
    },
  },
  {
    name: 'a status from a node whose speaker is down is not an announcement',
    service: withIP,
    endpoints: ['node01'],
    statuses: [{ node: 'node02', interfaces: ['eth0'], created: null }],
    speakers: { node01: 'live', node02: 'down' },
    want: { state: 'notAnnounced', reason: "announcing node node02's speaker is down" },
  },
  {
    name: 'a status from a node with no speaker at all (a deleted node) is not an announcement, nor a second announcer',
    service: withIP,
    endpoints: ['node01'],
    statuses: [
      { node: 'node-gone', interfaces: ['eth0'], created: null },
      { node: 'node01', interfaces: ['eth0'], created: null },
    ],
    speakers: { node01: 'live', node02: 'live' },
    want: { state: 'notAnnounced', reason: "announcing node node-gone's speaker is down" },
  },
  {
    name: 'two live announcers are a conflict',
    service: withIP,
    endpoints: ['node01'],
    statuses: [
      { node: 'node02', interfaces: ['eth0'], created: null },
      { node: 'node01', interfaces: ['eth0'], created: null },
    ],
    want: { state: 'conflict', reason: 'two announcers: node01 and node02' },
  },
  {
    name: 'a foreign MAC answering for the IP is a conflict',
    service: withIP,
    endpoints: ['node01'],
    statuses: [{ node: 'node02', interfaces: ['eth0'], created: null }],
    foreign: { '10.20.13.15': '02:00:00:00:00:99' },
    want: { state: 'conflict', reason: 'a foreign MAC 02:00:00:00:00:99 answers for 10.20.13.15' },
  },
];

describe('toServiceView', () => {
  it.each(cases)('$name', (c) => {
    const nodes = c.nodes ?? [node('node01'), node('node02')];
    const speakers: Map<string, SpeakerState> = new Map(Object.entries(c.speakers ?? Object.fromEntries(nodes.map((n) => [n.name, n.speakerLive ? 'live' : 'down']))));
    const endpoints = summariseEndpoints(c.endpoints ? [slice(...c.endpoints)] : []);
    const pool = c.service.metadata.annotations?.['metallb.io/ip-allocated-from-pool'] ?? null;
    const view = toServiceView(
      {
        service: c.service,
        pool,
        info: pool ? toServiceInfo(c.service, pool, undefined, endpoints) : null,
        endpoints,
        l2Statuses: c.statuses ?? [],
        allocationFailure: c.failure ?? null,
      },
      {
        nodes,
        speakers,
        advertisements: c.ads ?? everyAd,
        poolCount: c.poolCount ?? 1,
        foreignMACFor: (ip) => c.foreign?.[ip] ?? null,
      },
    );
    expect({ state: view.state, reason: view.reason }).toEqual({ state: c.want.state, reason: c.want.reason });
    if (c.want.node !== undefined) expect(view.node).toBe(c.want.node);
  });

  it('shows ports as port/protocol and the since time of the announcer', () => {
    const endpoints = summariseEndpoints([slice('node01')]);
    const view = toServiceView(
      {
        service: withIP,
        pool: 'my-ip-space',
        info: toServiceInfo(withIP, 'my-ip-space', undefined, endpoints),
        endpoints,
        l2Statuses: [{ node: 'node01', interfaces: ['eth0'], created: '2024-01-01T12:01:00Z' }],
        allocationFailure: null,
      },
      { nodes: [node('node01')], speakers: new Map([['node01', 'live']]), advertisements: everyAd, poolCount: 1, foreignMACFor: () => null },
    );
    expect(view.ports).toEqual(['80/TCP']);
    expect(view.since).toBe('2024-01-01T12:01:00Z');
    expect(view.interfaces).toEqual(['eth0']);
  });
});

describe('summariseEndpoints', () => {
  it('counts only serving endpoints and names their nodes', () => {
    const s = summariseEndpoints([
      {
        metadata: {},
        endpoints: [
          { nodeName: 'a', conditions: { ready: false, serving: false } },
          { nodeName: 'b', conditions: { ready: false, serving: true, terminating: true } },
          { nodeName: 'c' },
        ],
      },
    ]);
    expect(s.nodes).toEqual(['b', 'c']);
    expect(s.serving).toBe(true);
  });
});
