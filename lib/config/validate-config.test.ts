import { describe, expect, it } from 'vitest';
import { formatRange } from '../ip';
import { findUnadvertisedPools, formatConfigError, validateConfig } from './index';

const NS = 'metallb-system';
const pool = (name: string | undefined, spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { ...(name === undefined ? {} : { name }), namespace: NS, ...meta },
  spec,
});
const adv = (name: string, spec?: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'L2Advertisement',
  metadata: { name, namespace: NS, ...meta },
  ...(spec ? { spec } : {}),
});

describe('validateConfig: pool errors (docs/semantics.md "Resources and validation")', () => {
  it.each([
    ['resource outside the system namespace', [pool('a', { addresses: ['192.0.2.0/28'] }, { namespace: 'default' })], 'a', 'resource must be created in metallb-system namespace'],
    ['missing name', [pool(undefined, { addresses: ['192.0.2.0/28'] })], '', 'missing name'],
    ['no addresses', [pool('a', { addresses: [] })], 'a', 'pool has no prefixes defined'],
    ['bad CIDR', [pool('a', { addresses: ['192.0.2.0/33'] })], 'a', 'invalid CIDR "192.0.2.0/33" in pool "a" (the prefix length must be a number from 0 to 32, not "33")'],
    ['bad range start', [pool('a', { addresses: ['x-192.0.2.1'] })], 'a', 'invalid IP range "x-192.0.2.1" in pool "a": invalid start IP "x"'],
    ['range start after end', [pool('a', { addresses: ['192.0.2.20-192.0.2.10'] })], 'a', 'invalid IP range "192.0.2.20-192.0.2.10" in pool "a": start IP "192.0.2.20" is after the end IP "192.0.2.10"'],
    ['duplicate pool name', [pool('a', { addresses: ['192.0.2.0/28'] }), pool('a', { addresses: ['198.51.100.0/28'] })], 'a', 'duplicate definition of pool "a"'],
    ['overlap within one pool', [pool('a', { addresses: ['192.0.2.0/28', '192.0.2.10-192.0.2.20'] })], 'a', 'CIDR "192.0.2.10-192.0.2.20" in pool "a" overlaps with already defined CIDR "192.0.2.0/28" in pool "a"'],
    ['overlap across pools (reported on the later name)', [pool('zeta', { addresses: ['192.0.2.8/29'] }), pool('alpha', { addresses: ['192.0.2.0/28'] })], 'zeta', 'CIDR "192.0.2.8/29" in pool "zeta" overlaps with already defined CIDR "192.0.2.0/28" in pool "alpha"'],
    ['IPv6 overlap', [pool('a', { addresses: ['2001:db8::/64'] }), pool('b', { addresses: ['2001:db8::5-2001:db8::9'] })], 'b', 'CIDR "2001:db8::5-2001:db8::9" in pool "b" overlaps with already defined CIDR "2001:db8::/64" in pool "a"'],
    ['duplicate namespaces', [pool('a', { addresses: ['192.0.2.0/28'], serviceAllocation: { namespaces: ['x', 'y', 'x'] } })], 'a', 'duplicate definition of namespaces "x" in pool "a"'],
    ['duplicate namespace selectors (label order ignored)', [pool('a', { addresses: ['192.0.2.0/28'], serviceAllocation: { namespaceSelectors: [{ matchLabels: { a: '1', b: '2' } }, { matchLabels: { b: '2', a: '1' } }] } })], 'a', 'duplicate definition of namespaceSelectors "a=1,b=2" in pool "a"'],
    ['duplicate service selectors', [pool('a', { addresses: ['192.0.2.0/28'], serviceAllocation: { serviceSelectors: [{ matchLabels: { app: 'x' } }, { matchLabels: { app: 'x' } }] } })], 'a', 'duplicate definition of serviceSelectors "app=x" in pool "a"'],
    ['schema violation names the field', [pool('a', { addresses: '192.0.2.0/28' })], 'a', expect.stringMatching(/^spec\.addresses: /)],
  ])('%s', (_name, pools, name, message) => {
    expect(validateConfig(pools, [], NS)).toEqual({ ok: false, error: { kind: 'IPAddressPool', name, message } });
  });

  it('adjacent ranges and the other family do not overlap', () => {
    const r = validateConfig(
      [pool('a', { addresses: ['192.0.2.0/28', '192.0.2.16-192.0.2.20'] }), pool('b', { addresses: ['2001:db8::/120', '192.0.2.21/32'] })],
      [],
      NS,
    );
    expect(r.ok).toBe(true);
  });
});

describe('validateConfig: advertisement errors', () => {
  const pools = [pool('a', { addresses: ['192.0.2.0/28'] })];
  it.each([
    ['outside the system namespace', adv('l2', undefined, { namespace: 'kube-system' }), 'resource must be created in metallb-system namespace'],
    ['duplicate pool names', adv('l2', { ipAddressPools: ['a', 'a'] }), 'duplicate definition of ipAddressPools "a" in L2Advertisement "l2"'],
    ['duplicate interfaces', adv('l2', { interfaces: ['eth0', 'eth0'] }), 'duplicate definition of interfaces "eth0" in L2Advertisement "l2"'],
    ['duplicate node selectors', adv('l2', { nodeSelectors: [{ matchLabels: { n: '1' } }, { matchLabels: { n: '1' } }] }), 'duplicate definition of nodeSelectors "n=1" in L2Advertisement "l2"'],
    ['duplicate pool selectors', adv('l2', { ipAddressPoolSelectors: [{}, {}] }), 'duplicate definition of ipAddressPoolSelectors "<everything>" in L2Advertisement "l2"'],
    ['weight out of range', adv('l2', { preferredNodeSelectors: [{ weight: 0, preference: {} }] }), expect.stringMatching(/^spec\.preferredNodeSelectors\.0\.weight: /)],
  ])('%s', (_name, a, message) => {
    expect(validateConfig(pools, [a], NS)).toEqual({ ok: false, error: { kind: 'L2Advertisement', name: 'l2', message } });
  });

  it('rejects two advertisements with one name', () => {
    const r = validateConfig(pools, [adv('l2'), adv('l2')], NS);
    expect(r).toEqual({ ok: false, error: { kind: 'L2Advertisement', name: 'l2', message: 'duplicate definition of L2Advertisement "l2"' } });
  });
});

describe('validateConfig: normalised result', () => {
  const pools = [
    pool('web', { addresses: ['1.2.3.4/24', '10.0.0.5 - 10.0.0.9'], avoidBuggyIPs: true }, { labels: { tier: 'web' } }),
    pool('db', { addresses: ['2001:db8::/64'], autoAssign: false, serviceAllocation: { namespaces: ['data'] } }),
  ];

  it('sorts pools by name, keeps address order, applies defaults', () => {
    const r = validateConfig(pools, [], NS);
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.pools.map((p) => p.name)).toEqual(['db', 'web']);
    const [db, web] = r.value.pools;
    expect(web.ranges.map(formatRange)).toEqual(['1.2.3.0/24', '10.0.0.5-10.0.0.9']);
    expect(web).toMatchObject({ autoAssign: true, avoidBuggyIPs: true, labels: { tier: 'web' } });
    expect(web.serviceAllocation).toBeUndefined();
    expect(db).toMatchObject({ autoAssign: false, avoidBuggyIPs: false });
    expect(db.serviceAllocation).toEqual({ priority: 0, namespaces: ['data'], namespaceSelectors: [], serviceSelectors: [] });
  });

  it.each([
    ['spec-less advertisement covers all pools', adv('all'), ['db', 'web']],
    ['by name (unknown names dropped)', adv('named', { ipAddressPools: ['web', 'nope'] }), ['web']],
    ['by pool label selector', adv('sel', { ipAddressPoolSelectors: [{ matchLabels: { tier: 'web' } }] }), ['web']],
    ['names and selectors are ORed', adv('both', { ipAddressPools: ['db'], ipAddressPoolSelectors: [{ matchLabels: { tier: 'web' } }] }), ['db', 'web']],
  ])('resolves selectedPools: %s', (_name, a, selected) => {
    const r = validateConfig(pools, [a], NS);
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.advertisements[0].selectedPools).toEqual(selected);
  });

  it('names pools that no advertisement announces', () => {
    const r = validateConfig(pools, [adv('only-web', { ipAddressPools: ['web'] })], NS);
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(findUnadvertisedPools(r.value)).toEqual(['db']);
    const none = validateConfig(pools, [], NS);
    if (!none.ok) throw new Error('unexpected');
    expect(findUnadvertisedPools(none.value)).toEqual(['db', 'web']);
  });

  it('gives the same config whatever the input order', () => {
    const a = validateConfig(pools, [adv('x'), adv('y')], NS);
    const b = validateConfig([...pools].reverse(), [adv('y'), adv('x')], NS);
    expect(a).toEqual(b);
  });
});
