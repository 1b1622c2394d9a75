import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRanker } from '../election/ranking';
import type { NodeInfo } from '../election/types';
import type { ServiceObject } from '../reconcile/controller-service';
import type { IPAddressPool, L2Advertisement } from '../schemas';
import { computeConfigPreview, type ConfigPreview, type PreviewCluster } from './config-preview';
import { readConfigChanges, type ConfigChange } from './config-draft';
import { node } from './test-fixtures';

const NS = 'metallb-system';
const ranker = hashRanker((s) => new Uint8Array(createHash('sha256').update(s).digest()));

const pool = (name: string, addresses: string[], spec: Partial<IPAddressPool['spec']> = {}, labels?: Record<string, string>): IPAddressPool => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name, namespace: NS, ...(labels ? { labels } : {}) },
  spec: { addresses, ...spec },
});
const adv = (name: string, spec: L2Advertisement['spec'] = {}): L2Advertisement => ({ apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name, namespace: NS }, spec });

let created = 0;
function service(name: string, ips: string[], opts: { pool?: string; namespace?: string; annotations?: Record<string, string> } = {}): ServiceObject {
  created++;
  return {
    metadata: {
      namespace: opts.namespace ?? 'default',
      name,
      creationTimestamp: `2024-01-01T00:00:${String(created).padStart(2, '0')}Z`,
      annotations: { ...(opts.pool ? { 'metallb.io/ip-allocated-from-pool': opts.pool } : {}), ...opts.annotations },
    },
    spec: { type: 'LoadBalancer', clusterIP: `10.96.0.${created}`, ports: [{ protocol: 'TCP', port: 80 }] },
    status: { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } },
  };
}

// sha256(node#ip) order, worked out apart from this code: 10.0.0.1 ranks node-b, node-a, node-c;
// 10.0.0.2 node-b, node-c, node-a; 10.0.0.3 and 10.0.0.8 node-c, node-a, node-b; 10.0.0.9 node-a, node-b, node-c.
const NODES: NodeInfo[] = [
  node('node-a', { labels: { 'kubernetes.io/hostname': 'node-a', zone: 'a' } }),
  node('node-b', { labels: { 'kubernetes.io/hostname': 'node-b', zone: 'b' } }),
  node('node-c', { labels: { 'kubernetes.io/hostname': 'node-c', zone: 'a' } }),
];

function cluster(over: Partial<PreviewCluster> & Pick<PreviewCluster, 'current' | 'services'>): PreviewCluster {
  return {
    systemNamespace: NS,
    namespaceLabels: () => ({}),
    slicesOf: () => [{ metadata: {}, endpoints: [{ nodeName: 'node-a', conditions: { ready: true } }] }],
    nodes: NODES,
    ...over,
  };
}

const apply = (object: IPAddressPool | L2Advertisement): ConfigChange[] => {
  const r = readConfigChanges(object, 'apply', NS);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const remove = (kind: 'IPAddressPool' | 'L2Advertisement', name: string): ConfigChange[] => [{ op: 'delete', kind, name }];

function preview(c: PreviewCluster, changes: ConfigChange[]): ConfigPreview {
  const r = computeConfigPreview(c, changes, ranker);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const two = () => [service('one', ['10.0.0.1'], { pool: 'p' }), service('two', ['10.0.0.2'], { pool: 'p' })];

describe('computeConfigPreview', () => {
  it.each<[string, PreviewCluster, ConfigChange[], Pick<ConfigPreview, 'ipChanges' | 'announcerMoves'>, string]>([
    [
      'pool narrowed: the service outside it gets the lowest free IP left, announced by the node that ranks first for it',
      cluster({ current: { pools: [pool('p', ['10.0.0.1-10.0.0.8'])], advertisements: [adv('all')] }, services: two() }),
      apply(pool('p', ['10.0.0.2-10.0.0.8'])),
      {
        ipChanges: [{ service: 'default/one', before: ['10.0.0.1'], after: ['10.0.0.3'], poolBefore: 'p', poolAfter: 'p' }],
        announcerMoves: [{ service: 'default/one', ip: '10.0.0.3', from: 'node-b', to: 'node-c' }],
      },
      '1 service changes IP, 1 service moves to another node',
    ],
    [
      'pool narrowed to what is held: the service left out goes pending',
      cluster({ current: { pools: [pool('p', ['10.0.0.1-10.0.0.8'])], advertisements: [adv('all')] }, services: two() }),
      apply(pool('p', ['10.0.0.2/32'])),
      {
        ipChanges: [{ service: 'default/one', before: ['10.0.0.1'], after: [], poolBefore: 'p', poolAfter: null, reason: 'no available IPs' }],
        announcerMoves: [{ service: 'default/one', ip: '10.0.0.1', from: 'node-b', to: null, reason: 'the service would have no IP' }],
      },
      '1 service loses its IP (pending)',
    ],
    [
      'pool deleted: its services move to the other auto-assign pool',
      cluster({ current: { pools: [pool('p', ['10.0.0.1-10.0.0.2']), pool('q', ['10.0.0.8/29'])], advertisements: [adv('all')] }, services: two() }),
      remove('IPAddressPool', 'p'),
      {
        ipChanges: [
          { service: 'default/one', before: ['10.0.0.1'], after: ['10.0.0.8'], poolBefore: 'p', poolAfter: 'q' },
          { service: 'default/two', before: ['10.0.0.2'], after: ['10.0.0.9'], poolBefore: 'p', poolAfter: 'q' },
        ],
        announcerMoves: [
          { service: 'default/one', ip: '10.0.0.8', from: 'node-b', to: 'node-c' },
          { service: 'default/two', ip: '10.0.0.9', from: 'node-b', to: 'node-a' },
        ],
      },
      '2 services change IP, 2 services move to another node',
    ],
    [
      'advertisement node selector narrowed: each IP goes to its best-ranked node still selected',
      cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('all')] }, services: two() }),
      apply(adv('all', { nodeSelectors: [{ matchLabels: { zone: 'a' } }] })),
      {
        ipChanges: [],
        announcerMoves: [
          { service: 'default/one', ip: '10.0.0.1', from: 'node-b', to: 'node-a' },
          { service: 'default/two', ip: '10.0.0.2', from: 'node-b', to: 'node-c' },
        ],
      },
      '2 services move to another node',
    ],
    [
      'preferred node added: the preferred node wins over the hash order',
      cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('all')] }, services: two() }),
      apply(adv('all', { preferredNodeSelectors: [{ weight: 50, preference: { matchLabels: { 'kubernetes.io/hostname': 'node-c' } } }] })),
      {
        ipChanges: [],
        announcerMoves: [
          { service: 'default/one', ip: '10.0.0.1', from: 'node-b', to: 'node-c' },
          { service: 'default/two', ip: '10.0.0.2', from: 'node-b', to: 'node-c' },
        ],
      },
      '2 services move to another node',
    ],
    [
      'a node selector that still selects the winners moves nothing',
      cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('all')] }, services: two() }),
      apply(adv('all', { nodeSelectors: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] })),
      { ipChanges: [], announcerMoves: [] },
      'nothing changes for any service',
    ],
    [
      'pool widened: a pending service gets an IP and an announcer',
      cluster({ current: { pools: [pool('p', ['10.0.0.1-10.0.0.2'])], advertisements: [adv('all')] }, services: [...two(), service('three', [])] }),
      apply(pool('p', ['10.0.0.1-10.0.0.3'])),
      {
        ipChanges: [{ service: 'default/three', before: [], after: ['10.0.0.3'], poolBefore: null, poolAfter: 'p' }],
        announcerMoves: [{ service: 'default/three', ip: '10.0.0.3', from: null, to: 'node-c' }],
      },
      '1 service gets an IP, 1 service starts being announced',
    ],
  ])('%s', (_name, c, changes, expected, summary) => {
    const p = preview(c, changes);
    expect({ ipChanges: p.ipChanges, announcerMoves: p.announcerMoves }).toEqual(expected);
    expect(p.summary.text).toBe(summary);
  });

  it('advertisement deleted: its pool loses its announcement, every IP goes dark with the reason', () => {
    const p = preview(cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('only', { ipAddressPools: ['p'] })] }, services: two() }), remove('L2Advertisement', 'only'));
    expect(p.poolsLosingAdvertisement).toEqual(['p']);
    expect(p.ipChanges).toEqual([]);
    expect(p.announcerMoves.map((m) => [m.service, m.from, m.to])).toEqual([
      ['default/one', 'node-b', null],
      ['default/two', 'node-b', null],
    ]);
    expect(p.announcerMoves[0].reason).toContain('no L2Advertisement selects pool "p"');
    expect(p.summary.text).toBe('2 services stop being announced, pool p loses its L2Advertisement');
  });

  it('a pool relabelled out of its advertisement\'s pool selector: its IPs go dark, other pools are untouched', () => {
    const c = cluster({
      current: { pools: [pool('p', ['10.0.0.0/29'], {}, { tier: 'edge' }), pool('q', ['10.0.0.8/29'])], advertisements: [adv('edge', { ipAddressPoolSelectors: [{ matchLabels: { tier: 'edge' } }] }), adv('q', { ipAddressPools: ['q'] })] },
      services: [...two(), service('other', ['10.0.0.9'], { pool: 'q' })],
    });
    const p = preview(c, apply(pool('p', ['10.0.0.0/29'], {}, { tier: 'core' })));
    expect(p.ipChanges).toEqual([]);
    expect(p.announcerMoves.map((m) => [m.service, m.from, m.to])).toEqual([
      ['default/one', 'node-b', null],
      ['default/two', 'node-b', null],
    ]);
    expect(p.poolsLosingAdvertisement).toEqual(['p']);
  });

  it('a new pool no advertisement selects is named', () => {
    const p = preview(cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('only', { ipAddressPools: ['p'] })] }, services: two() }), apply(pool('lab', ['198.51.100.0/28'])));
    expect(p.newPoolsWithoutAdvertisement).toEqual(['lab']);
    expect(p.summary.text).toBe('pool lab has no L2Advertisement');
  });

  it('a pinned pool serves only the namespaces its selector names (namespace labels from the cluster)', () => {
    const c = cluster({
      current: { pools: [pool('shared', ['10.0.0.0/29'])], advertisements: [adv('all')] },
      services: [service('a', ['10.0.0.1'], { pool: 'shared', namespace: 'team-a' }), service('b', ['10.0.0.2'], { pool: 'shared', namespace: 'team-b' })],
      namespaceLabels: (ns): Record<string, string> => (ns === 'team-a' ? { team: 'a' } : {}),
    });
    const p = preview(c, apply(pool('team', ['198.51.100.0/28'], { serviceAllocation: { priority: 1, namespaceSelectors: [{ matchLabels: { team: 'a' } }] } })));
    // A pinned pool takes only new allocations: services keep valid IPs (restart safety).
    expect(p.ipChanges).toEqual([]);
    const moved = preview(c, [...apply(pool('team', ['198.51.100.0/28'], { serviceAllocation: { priority: 1, namespaceSelectors: [{ matchLabels: { team: 'a' } }] } })), ...apply(pool('shared', ['10.0.0.2/32']))]);
    expect(moved.ipChanges).toEqual([{ service: 'team-a/a', before: ['10.0.0.1'], after: ['198.51.100.0'], poolBefore: 'shared', poolAfter: 'team' }]);
  });

  it('leaves services of another loadBalancerClass alone', () => {
    const other = { ...service('other', ['203.0.113.7']), spec: { type: 'LoadBalancer', clusterIP: '10.96.1.1', loadBalancerClass: 'example.com/other' } };
    const p = preview(cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('all')] }, services: [...two(), other] }), remove('IPAddressPool', 'p'));
    expect(p.ipChanges.map((c) => c.service)).toEqual(['default/one', 'default/two']);
  });

  it.each([
    ['an overlap with another pool, in the admission webhook words', apply(pool('q', ['10.0.0.4/30'])), 'IPAddressPool "q": CIDR "10.0.0.4/30" in pool "q" overlaps with already defined CIDR "10.0.0.0/29" in pool "p"'],
    ['a bad selector, in the API server words', apply(adv('all', { nodeSelectors: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] })), "L2Advertisement \"all\": spec.nodeSelectors.0.matchExpressions.0.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ['deleting what does not exist', remove('IPAddressPool', 'nope'), 'IPAddressPool nope not found'],
  ])('refuses %s', (_name, changes, message) => {
    const r = computeConfigPreview(cluster({ current: { pools: [pool('p', ['10.0.0.0/29'])], advertisements: [adv('all')] }, services: two() }), changes, ranker);
    expect(r).toEqual({ ok: false, error: message });
  });
});

describe('readConfigChanges', () => {
  it('reads one object or a List, defaulting the namespace like kubectl apply', () => {
    const one = readConfigChanges({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p' }, spec: { addresses: [] } }, 'apply', NS);
    expect(one.ok && one.value[0]).toMatchObject({ op: 'apply', kind: 'IPAddressPool', name: 'p', object: { metadata: { namespace: NS } } });
    const list = readConfigChanges({ apiVersion: 'v1', kind: 'List', items: [adv('a'), adv('b')] }, 'delete', NS);
    expect(list.ok && list.value).toEqual([
      { op: 'delete', kind: 'L2Advertisement', name: 'a' },
      { op: 'delete', kind: 'L2Advertisement', name: 'b' },
    ]);
  });

  it.each([
    ['a Service', { kind: 'Service', metadata: { name: 'x' } }, 'the object: kind must be IPAddressPool or L2Advertisement (got "Service")'],
    ['no name', { kind: 'IPAddressPool', metadata: {} }, 'the object: metadata.name is required'],
    ['an empty List', { kind: 'List', items: [] }, 'the List has no items'],
    ['a bad List item', { kind: 'List', items: [adv('a'), 7] }, 'items[1] is not an object'],
  ])('refuses %s', (_name, body, message) => {
    expect(readConfigChanges(body, 'apply', NS)).toEqual({ ok: false, error: message });
  });
});
