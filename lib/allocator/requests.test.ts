// docs/semantics.md "Allocation": requested IPs, the pool annotation, deprecated annotation names.
import { describe, expect, it } from 'vitest';
import { Allocator } from './allocator';
import { pinned, pool, ports, svc, v6, type SvcOptions } from './test-fixtures';
import type { AllocService } from './types';

const pools = () => [
  pool('auto', ['192.0.2.0/28', '2001:db8::/124']),
  pool('manual', ['198.51.100.0/28', '2001:db8:1::/124'], { autoAssign: false }),
  pool('careful', ['203.0.113.0/24'], { avoidBuggyIPs: true }),
  pool('team-a', ['203.0.114.0/28'], { serviceAllocation: pinned({ namespaces: ['team-a'] }) }),
];

const fresh = () => {
  const a = new Allocator();
  a.setPools(pools());
  return a;
};

type Want = string[] | { reason: 'AllocationFailed' | 'LoadBalancerFailed'; message: string };
const result = (a: Allocator, service: AllocService, key = 'default/web'): Want => {
  const got = a.allocate(key, service);
  return got.ok ? got.value.ipStrings : { reason: got.error.eventReason, message: got.error.message };
};

describe('requested IPs', () => {
  const cases: { desc: string; service: AllocService; want: Want }[] = [
    { desc: 'metallb.io/loadBalancerIPs gets exactly that IP', service: svc({ lbIPs: '192.0.2.7' }), want: ['192.0.2.7'] },
    { desc: 'spec.loadBalancerIP gets exactly that IP', service: svc({ loadBalancerIP: '192.0.2.9' }), want: ['192.0.2.9'] },
    {
      desc: 'the deprecated metallb.universe.tf/loadBalancerIPs still works',
      service: svc({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.5' } }),
      want: ['192.0.2.5'],
    },
    {
      desc: 'the metallb.io/ name wins over the deprecated one',
      service: svc({ annotations: { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.5', 'metallb.io/loadBalancerIPs': '192.0.2.6' } }),
      want: ['192.0.2.6'],
    },
    {
      desc: 'both the annotation and spec.loadBalancerIP is an error',
      service: svc({ lbIPs: '192.0.2.7', loadBalancerIP: '192.0.2.7' }),
      want: { reason: 'LoadBalancerFailed', message: 'service can not have both metallb.io/loadBalancerIPs and spec.loadBalancerIP' },
    },
    {
      desc: 'dual-stack request comes back [IPv4, IPv6] whatever the annotation order',
      service: svc({ lbIPs: '2001:db8::5, 192.0.2.5', ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack' }),
      want: ['192.0.2.5', '2001:db8::5'],
    },
    {
      desc: 'three IPs are refused',
      service: svc({ lbIPs: '192.0.2.1,192.0.2.2,2001:db8::1', ipFamilyPolicy: 'RequireDualStack' }),
      want: { reason: 'LoadBalancerFailed', message: 'metallb.io/loadBalancerIPs: at most two IPs, one per family, may be requested' },
    },
    {
      desc: 'two IPs of one family are refused',
      service: svc({ lbIPs: '192.0.2.1,192.0.2.2', ipFamilyPolicy: 'PreferDualStack' }),
      want: { reason: 'LoadBalancerFailed', message: 'metallb.io/loadBalancerIPs: "192.0.2.1" and "192.0.2.2" are both IPv4; request one IP per family' },
    },
    {
      desc: 'an unparsable IP is refused',
      service: svc({ lbIPs: '192.0.2.300' }),
      want: { reason: 'LoadBalancerFailed', message: 'metallb.io/loadBalancerIPs: invalid IP "192.0.2.300"' },
    },
    {
      desc: "the family must match the service's",
      service: svc({ lbIPs: '2001:db8::5' }),
      want: { reason: 'AllocationFailed', message: '"2001:db8::5" does not fit a SingleStack IPv4 service' },
    },
    {
      desc: 'an IP outside every pool is not allowed',
      service: svc({ lbIPs: '10.9.9.9' }),
      want: { reason: 'AllocationFailed', message: '"10.9.9.9" is not allowed in config' },
    },
    { desc: 'a requested IP bypasses autoAssign false', service: svc({ lbIPs: '198.51.100.3' }), want: ['198.51.100.3'] },
    {
      desc: 'avoidBuggyIPs refuses .0 even when asked for explicitly',
      service: svc({ lbIPs: '203.0.113.0' }),
      want: { reason: 'AllocationFailed', message: '"203.0.113.0" ends in .0 or .255 and pool "careful" has avoidBuggyIPs' },
    },
    {
      desc: 'avoidBuggyIPs refuses .255 even when asked for explicitly',
      service: svc({ lbIPs: '203.0.113.255' }),
      want: { reason: 'AllocationFailed', message: '"203.0.113.255" ends in .0 or .255 and pool "careful" has avoidBuggyIPs' },
    },
    {
      desc: 'network and broadcast addresses are fine without avoidBuggyIPs',
      service: svc({ lbIPs: '192.0.2.0' }),
      want: ['192.0.2.0'],
    },
    {
      desc: 'with the pool annotation too, that pool must contain the IP',
      service: svc({ lbIPs: '192.0.2.7', poolName: 'manual' }),
      want: { reason: 'AllocationFailed', message: '"192.0.2.7" is not in pool "manual"' },
    },
    { desc: 'with the pool annotation naming its pool, fine', service: svc({ lbIPs: '192.0.2.7', poolName: 'auto' }), want: ['192.0.2.7'] },
    {
      desc: "a pinned pool refuses another namespace's request",
      service: svc({ lbIPs: '203.0.114.2' }),
      want: { reason: 'AllocationFailed', message: 'pool "team-a" does not serve "default/svc" (serviceAllocation)' },
    },
    { desc: 'a pinned pool serves its namespace', service: svc({ lbIPs: '203.0.114.2', namespace: 'team-a' }), want: ['203.0.114.2'] },
  ];
  for (const c of cases) it(c.desc, () => expect(result(fresh(), c.service)).toEqual(c.want));

  it("s2 can't grab s1's requested IP", () => {
    const a = fresh();
    a.allocate('default/s1', svc({ lbIPs: '192.0.2.7' }));
    expect(result(a, svc({ lbIPs: '192.0.2.7' }), 'default/s2')).toEqual({
      reason: 'AllocationFailed',
      message: '"192.0.2.7" is already in use by "default/s1"',
    });
  });

  it('changing the requested IP moves the service and frees the old one', () => {
    const a = fresh();
    a.allocate('default/web', svc({ lbIPs: '192.0.2.7' }));
    const moved = a.allocate('default/web', svc({ lbIPs: '192.0.2.8' }));
    expect(moved.ok && [moved.value.ipStrings, moved.value.changed]).toEqual([['192.0.2.8'], true]);
    expect(a.holdersOf('192.0.2.7')).toEqual([]);
  });
});

describe('pool annotation metallb.io/address-pool', () => {
  const cases: { desc: string; opts: SvcOptions; make?: (o: SvcOptions) => AllocService; want: Want }[] = [
    { desc: 'lowest free IP of that pool', opts: { poolName: 'careful' }, want: ['203.0.113.1'] },
    { desc: 'ignores autoAssign false', opts: { poolName: 'manual' }, want: ['198.51.100.0'] },
    { desc: 'IPv6 from that pool', opts: { poolName: 'manual' }, make: v6, want: ['2001:db8:1::'] },
    {
      desc: 'the deprecated metallb.universe.tf/address-pool still works',
      opts: { annotations: { 'metallb.universe.tf/address-pool': 'manual' } },
      want: ['198.51.100.0'],
    },
    { desc: 'unknown pool', opts: { poolName: 'nope' }, want: { reason: 'AllocationFailed', message: 'unknown pool "nope"' } },
    {
      desc: 'a pinned pool outside its namespaces',
      opts: { poolName: 'team-a' },
      want: { reason: 'AllocationFailed', message: 'pool "team-a" does not serve "default/svc" (serviceAllocation)' },
    },
  ];
  for (const c of cases) it(c.desc, () => expect(result(fresh(), (c.make ?? svc)(c.opts))).toEqual(c.want));

  it('a full annotated pool says so by name', () => {
    const a = new Allocator();
    a.setPools([pool('tiny', ['192.0.2.1/32']), pool('big', ['198.51.100.0/24'])]);
    a.allocate('default/s1', svc({ poolName: 'tiny' }));
    expect(result(a, svc({ poolName: 'tiny' }), 'default/s2')).toEqual({ reason: 'AllocationFailed', message: 'no available IPs in pool "tiny"' });
  });
});

describe('deprecated annotations are reported', () => {
  const cases: { desc: string; annotations: Record<string, string>; want: string[] }[] = [
    { desc: 'none', annotations: { 'metallb.io/address-pool': 'auto' }, want: [] },
    { desc: 'address-pool', annotations: { 'metallb.universe.tf/address-pool': 'auto' }, want: ['metallb.universe.tf/address-pool'] },
    {
      desc: 'allow-shared-ip and loadBalancerIPs',
      annotations: { 'metallb.universe.tf/allow-shared-ip': 'k', 'metallb.universe.tf/loadBalancerIPs': '192.0.2.3' },
      want: ['metallb.universe.tf/allow-shared-ip', 'metallb.universe.tf/loadBalancerIPs'],
    },
    {
      desc: 'present next to the new name (which wins)',
      annotations: { 'metallb.io/address-pool': 'auto', 'metallb.universe.tf/address-pool': 'manual' },
      want: ['metallb.universe.tf/address-pool'],
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const got = fresh().allocate('default/web', svc({ annotations: c.annotations }));
      expect(got.ok && got.value.deprecatedAnnotations).toEqual(c.want);
    });
  }
  it('also on failure', () => {
    const got = fresh().allocate('default/web', svc({ annotations: { 'metallb.universe.tf/address-pool': 'nope' } }));
    expect(got.ok ? null : got.error.deprecatedAnnotations).toEqual(['metallb.universe.tf/address-pool']);
  });
});

describe('assign (restart) changes nothing when it fails', () => {
  it('a port clash keeps the old allocation', () => {
    const a = fresh();
    a.allocate('default/s1', svc({ lbIPs: '192.0.2.4', sharingKey: 'k', ports: ports('tcp/80') }));
    a.allocate('default/s2', svc({ lbIPs: '192.0.2.5', sharingKey: 'k', ports: ports('tcp/80') }));
    const got = a.assign('default/s2', svc({ sharingKey: 'k', ports: ports('tcp/80') }), ['192.0.2.4']);
    expect(got.ok ? null : got.error.message).toBe('port TCP/80 is already in use on "192.0.2.4"');
    expect(a.ipsOf('default/s2')).toEqual(['192.0.2.5']);
  });
  it('an IP that is not an IP', () => {
    const got = fresh().assign('default/s1', svc(), ['nope']);
    expect(got.ok ? null : got.error.eventReason).toBe('LoadBalancerFailed');
  });
});
