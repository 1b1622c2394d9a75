// docs/semantics.md "Allocation": which pool and which IP, sharing, dual-stack, restart safety.
import { describe, expect, it } from 'vitest';
import { toStatusCount } from '.';
import { Allocator } from './allocator';
import { dual, pinned, pool, ports, preferDual, svc, v6 } from './test-fixtures';
import type { AllocService, AllocatorPool } from './types';

const ipsOf = (a: Allocator, key: string, service: AllocService): string[] | string => {
  const got = a.allocate(key, service);
  return got.ok ? got.value.ipStrings : got.error.message;
};

const withPools = (pools: AllocatorPool[]) => {
  const a = new Allocator();
  a.setPools(pools);
  return a;
};

describe('pool order for automatic allocation', () => {
  const prio = (priority: number, extra = {}) => ({ serviceAllocation: pinned({ priority, ...extra }) });
  const cases: { desc: string; pools: AllocatorPool[]; service?: AllocService; want: string[] | string }[] = [
    {
      desc: 'unpinned pools in name order',
      pools: [pool('zeta', ['192.0.2.1/32']), pool('alpha', ['192.0.2.2/32'])],
      want: ['192.0.2.2'],
    },
    {
      desc: 'a pinned pool beats an unpinned one',
      pools: [pool('alpha', ['192.0.2.2/32']), pool('pinned', ['192.0.2.9/32'], prio(0))],
      want: ['192.0.2.9'],
    },
    {
      desc: 'lower positive priority wins',
      pools: [pool('p10', ['192.0.2.10/32'], prio(10)), pool('p5', ['192.0.2.5/32'], prio(5))],
      want: ['192.0.2.5'],
    },
    {
      desc: 'priority 0 (unset) sorts after every positive priority',
      pools: [pool('a-zero', ['192.0.2.1/32'], prio(0)), pool('b-fifty', ['192.0.2.50/32'], prio(50))],
      want: ['192.0.2.50'],
    },
    {
      desc: 'equal priorities: name order',
      pools: [pool('pool-b', ['192.0.2.1/32'], prio(7)), pool('pool-a', ['192.0.2.9/32'], prio(7))],
      want: ['192.0.2.9'],
    },
    {
      desc: 'a pinned pool for another namespace is skipped',
      pools: [pool('other', ['192.0.2.1/32'], prio(1, { namespaces: ['other'] })), pool('open', ['192.0.2.9/32'])],
      want: ['192.0.2.9'],
    },
    {
      desc: 'pinned by namespace labels',
      pools: [pool('open', ['192.0.2.9/32']), pool('prod', ['192.0.2.1/32'], prio(1, { namespaceSelectors: [{ matchLabels: { env: 'prod' } }] }))],
      service: svc({ namespaceLabels: { env: 'prod' } }),
      want: ['192.0.2.1'],
    },
    {
      desc: 'pinned by service labels',
      pools: [pool('open', ['192.0.2.9/32']), pool('web', ['192.0.2.1/32'], prio(1, { serviceSelectors: [{ matchLabels: { app: 'web' } }] }))],
      service: svc({ labels: { app: 'web' } }),
      want: ['192.0.2.1'],
    },
    {
      desc: 'namespace listed but service labels not matching: skipped',
      pools: [
        pool('open', ['192.0.2.9/32']),
        pool('web', ['192.0.2.1/32'], prio(1, { namespaces: ['default'], serviceSelectors: [{ matchLabels: { app: 'web' } }] })),
      ],
      service: svc({ labels: { app: 'db' } }),
      want: ['192.0.2.9'],
    },
    {
      desc: 'a full pinned pool falls through to the next one, then to unpinned pools',
      pools: [pool('open', ['192.0.2.9/32']), pool('first', ['192.0.2.1/32'], prio(1)), pool('second', ['192.0.2.2/32'], prio(2))],
      want: ['192.0.2.9'],
    },
    {
      desc: 'a pinned pool with autoAssign false is not used automatically',
      pools: [pool('open', ['192.0.2.9/32']), pool('manual', ['192.0.2.1/32'], { autoAssign: false, ...prio(1) })],
      want: ['192.0.2.9'],
    },
    {
      desc: 'nothing left anywhere',
      pools: [pool('manual', ['192.0.2.1/32'], { autoAssign: false })],
      want: 'no available IPs',
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const a = withPools(c.pools);
      if (c.desc.startsWith('a full pinned')) {
        a.allocate('default/x', svc());
        a.allocate('default/y', svc());
      }
      expect(ipsOf(a, 'default/web', c.service ?? svc())).toEqual(c.want);
    });
  }
});

describe('lowest free IP within a pool', () => {
  it('walks spec.addresses in order, ascending within each', () => {
    const a = withPools([pool('p', ['192.0.2.10-192.0.2.11', '192.0.2.1-192.0.2.2'])]);
    const got = ['s1', 's2', 's3', 's4', 's5'].map((k) => ipsOf(a, k, svc()));
    expect(got).toEqual([['192.0.2.10'], ['192.0.2.11'], ['192.0.2.1'], ['192.0.2.2'], 'no available IPs']);
  });

  it('released IPs are reused lowest first, before untouched ones', () => {
    const a = withPools([pool('p', ['192.0.2.0/24'])]);
    for (let i = 0; i < 10; i++) a.allocate(`s${i}`, svc());
    a.release('s7');
    a.release('s3');
    const got = ['n1', 'n2', 'n3'].map((k) => ipsOf(a, k, svc()));
    expect(got).toEqual([['192.0.2.3'], ['192.0.2.7'], ['192.0.2.10']]);
  });

  it('an explicitly assigned IP ahead of the cursor is skipped', () => {
    const a = withPools([pool('p', ['192.0.2.0/24'])]);
    a.assign('fixed', svc(), ['192.0.2.1']);
    expect(['s1', 's2'].map((k) => ipsOf(a, k, svc()))).toEqual([['192.0.2.0'], ['192.0.2.2']]);
  });

  it('avoidBuggyIPs skips .0 and .255 when walking', () => {
    const a = withPools([pool('p', ['192.0.2.254-192.0.3.1'], { avoidBuggyIPs: true })]);
    const got = ['s1', 's2', 's3'].map((k) => ipsOf(a, k, svc()));
    expect(got).toEqual([['192.0.2.254'], ['192.0.3.1'], 'no available IPs']);
  });

  it('an IPv6 /64 pool hands out its first addresses without hanging', () => {
    const a = withPools([pool('v6', ['2001:db8::/64'])]);
    expect(ipsOf(a, 's1', v6())).toEqual(['2001:db8::']);
    expect(a.countersForPool('v6')?.availableIPv6).toBe(2n ** 64n - 1n);
    expect(toStatusCount(2n ** 64n)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('sharing (metallb.io/allow-shared-ip)', () => {
  const a = withPools([pool('p', ['192.0.2.1-192.0.2.3'])]);
  const steps: { desc: string; key: string; service: AllocService; want: string[] | string }[] = [
    { desc: 's1 takes the lowest IP with key k', key: 's1', service: svc({ sharingKey: 'k', ports: ports('tcp/80') }), want: ['192.0.2.1'] },
    { desc: 'a compatible service lands on the shared IP (it counts as free)', key: 's2', service: svc({ sharingKey: 'k', ports: ports('tcp/443') }), want: ['192.0.2.1'] },
    { desc: 'a port clash sends the next one to a new IP', key: 's3', service: svc({ sharingKey: 'k', ports: ports('tcp/80') }), want: ['192.0.2.2'] },
    { desc: 'UDP/80 does not clash with TCP/80', key: 's4', service: svc({ sharingKey: 'k', ports: ports('udp/80') }), want: ['192.0.2.1'] },
    { desc: 'another key never shares', key: 's5', service: svc({ sharingKey: 'other', ports: ports('tcp/8080') }), want: ['192.0.2.3'] },
    { desc: 'no key, no sharing', key: 's6', service: svc({ ports: ports('tcp/9999') }), want: 'no available IPs' },
  ];
  for (const s of steps) it(s.desc, () => expect(ipsOf(a, s.key, s.service)).toEqual(s.want));

  it('a shared IP is counted once', () => {
    expect(a.countersForPool('p')).toMatchObject({ assignedIPv4: 3n, availableIPv4: 0n });
    expect(a.holdersOf('192.0.2.1')).toEqual(['s1', 's2', 's4']);
  });
});

describe('sharing rules on a requested IP', () => {
  const cases: { desc: string; first: AllocService; second: AllocService; want: string[] | string }[] = [
    {
      desc: 'Cluster and Local never share',
      first: svc({ sharingKey: 'k', ports: ports('tcp/80') }),
      second: svc({ sharingKey: 'k', ports: ports('tcp/443'), backend: 'web' }),
      want: 'externalTrafficPolicy Cluster and Local services can\'t share "192.0.2.1"',
    },
    {
      desc: 'Local services with the same selector share',
      first: svc({ sharingKey: 'k', ports: ports('tcp/80'), backend: 'web' }),
      second: svc({ sharingKey: 'k', ports: ports('tcp/443'), backend: 'web' }),
      want: ['192.0.2.1'],
    },
    {
      desc: 'Local services with different selectors do not',
      first: svc({ sharingKey: 'k', ports: ports('tcp/80'), backend: 'web' }),
      second: svc({ sharingKey: 'k', ports: ports('tcp/443'), backend: 'api' }),
      want: 'services sharing "192.0.2.1" with externalTrafficPolicy Local must have the same selector',
    },
    {
      desc: 'sharing keys must match',
      first: svc({ sharingKey: 'a', ports: ports('tcp/80') }),
      second: svc({ sharingKey: 'b', ports: ports('tcp/443') }),
      want: 'sharing key "b" does not match existing sharing key "a"',
    },
    {
      desc: 'ports must not overlap',
      first: svc({ sharingKey: 'k', ports: ports('tcp/80', 'tcp/443') }),
      second: svc({ sharingKey: 'k', ports: ports('udp/53', 'tcp/80') }),
      want: 'port TCP/80 is already in use on "192.0.2.1"',
    },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const a = withPools([pool('p', ['192.0.2.0/24'])]);
      expect(ipsOf(a, 's1', { ...c.first, annotations: { ...c.first.annotations, 'metallb.io/loadBalancerIPs': '192.0.2.1' } })).toEqual(['192.0.2.1']);
      expect(ipsOf(a, 's2', { ...c.second, annotations: { ...c.second.annotations, 'metallb.io/loadBalancerIPs': '192.0.2.1' } })).toEqual(c.want);
    });
  }
});

describe('dual-stack policies', () => {
  const split = [pool('a-v4', ['192.0.2.0/30']), pool('b-v6', ['2001:db8::/126'])];
  const both = [pool('a-v4', ['192.0.2.0/30']), pool('c-both', ['198.51.100.0/30', '2001:db8:1::/126'])];
  const cases: { desc: string; pools: AllocatorPool[]; service: AllocService; want: string[] | string }[] = [
    { desc: 'SingleStack takes the primary family', pools: both, service: v6(), want: ['2001:db8:1::'] },
    { desc: 'RequireDualStack needs one pool with both families', pools: split, service: dual(), want: 'no available IPs' },
    { desc: 'RequireDualStack from the dual pool', pools: both, service: dual(), want: ['198.51.100.0', '2001:db8:1::'] },
    { desc: 'result is [IPv4, IPv6] even with IPv6 primary', pools: both, service: dual({ ipFamilies: ['IPv6', 'IPv4'] }), want: ['198.51.100.0', '2001:db8:1::'] },
    { desc: 'PreferDualStack takes both when one pool has them, over an earlier single-family pool', pools: both, service: preferDual(), want: ['198.51.100.0', '2001:db8:1::'] },
    { desc: 'PreferDualStack falls back to the primary family', pools: split, service: preferDual(), want: ['192.0.2.0'] },
    { desc: 'PreferDualStack with IPv6 primary falls back to IPv6', pools: split, service: preferDual({ ipFamilies: ['IPv6', 'IPv4'] }), want: ['2001:db8::'] },
  ];
  for (const c of cases) it(c.desc, () => expect(ipsOf(withPools(c.pools), 'default/web', c.service)).toEqual(c.want));
});

describe('restart safety', () => {
  const pools = [pool('p', ['192.0.2.0/28']), pool('q', ['198.51.100.0/28', '2001:db8::/124'])];
  const services: [string, AllocService][] = [
    ['ns/a', svc()],
    ['ns/b', svc({ sharingKey: 'k', ports: ports('tcp/80') })],
    ['ns/c', svc({ sharingKey: 'k', ports: ports('tcp/443') })],
    ['ns/d', dual()],
    ['ns/e', svc({ poolName: 'q' })],
    ['ns/f', svc()],
  ];

  it('re-assigning every service in any order moves no IP, and pending ones get fresh IPs', () => {
    const before = withPools(pools);
    for (const [k, s] of services) before.allocate(k, s);
    before.release('ns/a');
    const snapshot = before.list();

    const after = withPools(pools);
    for (const view of [...snapshot].reverse()) {
      const s = services.find(([k]) => k === view.svcKey)?.[1] as AllocService;
      expect(after.assign(view.svcKey, s, view.ips).ok).toBe(true);
    }
    expect(after.list()).toEqual(snapshot);
    // The pending service gets the IP ns/a left behind, not anyone else's.
    expect(ipsOf(after, 'ns/new', svc())).toEqual(['192.0.2.0']);
    for (const view of snapshot) expect(after.allocate(view.svcKey, services.find(([k]) => k === view.svcKey)?.[1] as AllocService)).toMatchObject({ ok: true, value: { changed: false } });
  });

  it('allocate keeps a still-valid allocation (PreferDualStack does not grow later)', () => {
    const a = withPools([pool('v4', ['192.0.2.0/30'])]);
    expect(ipsOf(a, 'web', preferDual())).toEqual(['192.0.2.0']);
    a.setPools([pool('v4', ['192.0.2.0/30']), pool('both', ['198.51.100.0/30', '2001:db8::/126'])]);
    expect(ipsOf(a, 'web', preferDual())).toEqual(['192.0.2.0']);
  });

  it('release frees the IPs and reports them', () => {
    const a = withPools(pools);
    a.allocate('ns/d', dual());
    expect(a.release('ns/d')).toEqual(['198.51.100.0', '2001:db8::']);
    expect(a.release('ns/d')).toEqual([]);
    expect(a.countersForPool('q')).toMatchObject({ assignedIPv4: 0n, assignedIPv6: 0n });
  });
});

describe('pool reload reasons', () => {
  it('names why each allocation became invalid', () => {
    const a = withPools([pool('p', ['192.0.2.0/24']), pool('open', ['198.51.100.0/24'])]);
    a.assign('ns/gone', svc(), ['192.0.2.5']);
    a.assign('ns/buggy', svc(), ['192.0.2.0']);
    a.assign('ns/pinned', svc(), ['198.51.100.1']);
    const staying = svc({ namespace: 'ns', labels: { x: 'y' } });
    a.assign('ns/stays', staying, ['198.51.100.2']);
    const invalid = a.setPools([
      pool('p', ['192.0.2.0/30'], { avoidBuggyIPs: true }),
      pool('open', ['198.51.100.0/24'], { serviceAllocation: pinned({ namespaces: ['ns'], serviceSelectors: [{ matchLabels: { x: 'y' } }] }) }),
    ]);
    expect(invalid).toEqual([
      { svcKey: 'ns/buggy', ips: ['192.0.2.0'], reason: '"192.0.2.0" ends in .0 or .255 and pool "p" has avoidBuggyIPs' },
      { svcKey: 'ns/gone', ips: ['192.0.2.5'], reason: '"192.0.2.5" is not allowed in config' },
      { svcKey: 'ns/pinned', ips: ['198.51.100.1'], reason: 'pool "open" does not serve "default/svc" (serviceAllocation)' },
    ]);
    expect(a.ipsOf('ns/stays')).toEqual(['198.51.100.2']);
    expect(a.countersForPool('p')).toMatchObject({ assignedIPv4: 0n, availableIPv4: 3n });
    expect(a.countersForPool('open')).toMatchObject({ assignedIPv4: 1n, availableIPv4: 255n });
  });
});
