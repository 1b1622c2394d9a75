import { describe, expect, it } from 'vitest';
import { checkL2AdvertisementAdmission, checkPoolAdmission } from './index';

const NS = 'metallb-system';
const pool = (name: string, addresses: string[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name, namespace: NS },
  spec: { addresses, ...extra },
});

describe('checkPoolAdmission', () => {
  const existing = [pool('alpha', ['192.0.2.0/28']), pool('beta', ['2001:db8::/120'])];

  it('stores the pool with CRD defaults applied', () => {
    const r = checkPoolAdmission(pool('gamma', ['198.51.100.0/28']), existing, NS);
    expect(r.ok && r.value.spec).toEqual({ addresses: ['198.51.100.0/28'], autoAssign: true, avoidBuggyIPs: false });
  });

  it('lets a pool be updated in place over its own old addresses', () => {
    expect(checkPoolAdmission(pool('alpha', ['192.0.2.0/27']), existing, NS).ok).toBe(true);
  });

  it.each([
    ['overlap with another pool', pool('gamma', ['192.0.2.8-192.0.2.9']), 'CIDR "192.0.2.8-192.0.2.9" in pool "gamma" overlaps with already defined CIDR "192.0.2.0/28" in pool "alpha"'],
    ['overlap within itself', pool('gamma', ['198.51.100.0/28', '198.51.100.1/32']), 'CIDR "198.51.100.1/32" in pool "gamma" overlaps with already defined CIDR "198.51.100.0/28" in pool "gamma"'],
    ['wrong namespace', { ...pool('gamma', ['198.51.100.0/28']), metadata: { name: 'gamma', namespace: 'default' } }, 'resource must be created in metallb-system namespace'],
    ['no addresses', pool('gamma', []), 'pool has no prefixes defined'],
    ['bad address', pool('gamma', ['198.51.100.0']), 'invalid CIDR "198.51.100.0" in pool "gamma" (a single address is written 198.51.100.0/32)'],
    ['an invalid label key in serviceSelectors', pool('gamma', ['198.51.100.0/28'], { serviceAllocation: { serviceSelectors: [{ matchLabels: { 'bad key!': 'x' } }] } }),
      'invalid label selector in serviceSelectors "bad key!=x": key: Invalid value: "bad key!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') in pool "gamma"'],
  ])('denies %s', (_name, candidate, message) => {
    expect(checkPoolAdmission(candidate, existing, NS)).toEqual({ ok: false, error: message });
  });

  it('ignores stored pools it cannot parse rather than blocking every write', () => {
    const broken = [{ kind: 'IPAddressPool', metadata: { name: 'junk' }, spec: { addresses: 'nope' } }, pool('bad', ['x'])];
    expect(checkPoolAdmission(pool('gamma', ['198.51.100.0/28']), broken, NS).ok).toBe(true);
  });
});

describe('checkL2AdvertisementAdmission', () => {
  const adv = (spec?: unknown, namespace = NS) => ({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'L2Advertisement',
    metadata: { name: 'l2', namespace },
    ...(spec === undefined ? {} : { spec }),
  });
  it.each([
    ['spec-less advertisement', adv(), { ok: true, value: adv() }],
    ['wrong namespace', adv(undefined, 'default'), { ok: false, error: 'resource must be created in metallb-system namespace' }],
    ['duplicate interface', adv({ interfaces: ['eth0', 'eth0'] }), { ok: false, error: 'duplicate definition of interfaces "eth0" in L2Advertisement "l2"' }],
    ['wrong kind', { ...adv(), kind: 'BGPAdvertisement' }, { ok: false, error: expect.stringMatching(/^kind: /) }],
    ['an invalid label key in ipAddressPoolSelectors', adv({ ipAddressPoolSelectors: [{ matchLabels: { 'bad key!': 'x' } }] }),
      { ok: false, error: expect.stringMatching(/^invalid label selector in ipAddressPoolSelectors "bad key!=x": key: Invalid value: "bad key!": name part must consist of alphanumeric characters.* in L2Advertisement "l2"$/) }],
    ['an invalid label key in nodeSelectors', adv({ nodeSelectors: [{ matchExpressions: [{ key: 'bad key!', operator: 'Exists' }] }] }),
      { ok: false, error: expect.stringMatching(/^invalid label selector in nodeSelectors "bad key!": key: Invalid value: "bad key!"/) }],
    ['an invalid label key in serviceSelectors', adv({ serviceSelectors: [{ matchLabels: { 'example.com/': 'x' } }] }),
      { ok: false, error: expect.stringMatching(/^invalid label selector in serviceSelectors .*name part must be no more than 63 characters and non-empty/) }],
    ['an invalid label value', adv({ nodeSelectors: [{ matchLabels: { zone: 'not ok' } }] }),
      { ok: false, error: expect.stringMatching(/^invalid label selector in nodeSelectors "zone=not ok": values\[0\]\[zone\]: Invalid value: "not ok"/) }],
  ])('%s', (_name, candidate, expected) => {
    expect(checkL2AdvertisementAdmission(candidate, NS)).toEqual(expected);
  });
});
