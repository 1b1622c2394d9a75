import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { canonicalIP, compareIP, formatIP, ipFamilyOf, isBuggyIPv4, parseIP } from './index';

describe('parseIP / formatIP', () => {
  it.each([
    ['plain IPv4', '192.0.2.10', 'IPv4', '192.0.2.10'],
    ['IPv4 zero', '0.0.0.0', 'IPv4', '0.0.0.0'],
    ['IPv4 top', '255.255.255.255', 'IPv4', '255.255.255.255'],
    ['IPv6 upper case is lowered', '2001:DB8::1', 'IPv6', '2001:db8::1'],
    ['IPv6 expanded is compressed', '2001:0db8:0000:0000:0000:0000:0000:0001', 'IPv6', '2001:db8::1'],
    ['IPv6 unspecified', '::', 'IPv6', '::'],
    ['IPv6 longest zero run compressed', '2001:db8:0:0:1:0:0:0', 'IPv6', '2001:db8:0:0:1::'],
    ['IPv6 all ones', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'IPv6', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s: %s', (_name, text, family, canonical) => {
    const parsed = parseIP(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.family).toBe(family);
    expect(formatIP(parsed.value)).toBe(canonical);
  });

  it('formats IPv6 as ipaddr.js does (RFC 5952), zero runs of every length and place included', () => {
    // Groups drawn mostly from 0 so that runs of zeros, ties and single zero groups are common.
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const n = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        const bytes = groups.flatMap((g) => [g >> 8, g & 255]);
        expect(formatIP({ family: 'IPv6', n })).toBe((ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String());
      }),
      { numRuns: 2000 },
    );
  });

  it('formats IPv4 as dotted decimal over the whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        expect(formatIP({ family: 'IPv4', n: BigInt(v) })).toBe(ipaddr.fromByteArray([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]).toString());
      }),
    );
  });

  it('keeps the numeric value as BigInt', () => {
    expect(parseIP('10.0.0.1')).toEqual({ ok: true, value: { family: 'IPv4', n: 0x0a000001n } });
    expect(parseIP('::1')).toEqual({ ok: true, value: { family: 'IPv6', n: 1n } });
  });

  it.each([
    ['empty', ''],
    ['three parts', '1.2.3'],
    ['octet too big', '1.2.3.256'],
    ['octal-looking octet', '010.1.1.1'],
    ['hex', '0x0a.0.0.1'],
    ['leading space', ' 1.2.3.4'],
    ['CIDR is not an IP', '1.2.3.4/32'],
    ['nine IPv6 groups', '1:2:3:4:5:6:7:8:9'],
    ['IPv6 zone id', 'fe80::1%eth0'],
    ['hostname', 'example.com'],
  ])('rejects %s (%s)', (_name, text) => {
    expect(parseIP(text).ok).toBe(false);
  });
});

describe('ipFamilyOf', () => {
  it.each([
    ['192.0.2.1', 'IPv4'],
    ['2001:db8::1', 'IPv6'],
    ['nope', null],
  ])('%s -> %s', (text, family) => {
    expect(ipFamilyOf(text)).toBe(family);
  });
});

describe('isBuggyIPv4', () => {
  const ip = (s: string) => {
    const p = parseIP(s);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  };
  it.each([
    ['192.0.2.0', true],
    ['192.0.2.255', true],
    ['192.0.2.1', false],
    ['192.0.2.254', false],
    ['10.0.255.1', false],
    ['2001:db8::', false],
    ['2001:db8::ff', false],
  ])('%s -> %s', (text, buggy) => {
    expect(isBuggyIPv4(ip(text))).toBe(buggy);
  });

  it('orders IPv4 before IPv6 and numerically within a family', () => {
    expect(compareIP(ip('10.0.0.2'), ip('10.0.0.10'))).toBeLessThan(0);
    expect(compareIP(ip('::1'), ip('255.255.255.255'))).toBeGreaterThan(0);
    expect(compareIP(ip('::1'), ip('0::1'))).toBe(0);
  });
});

describe('canonicalIP', () => {
  it('gives the canonical text, the same when asked again, and null for what is not an address', () => {
    expect(canonicalIP('2001:0DB8:0000::0001')).toBe('2001:db8::1');
    expect(canonicalIP('2001:0DB8:0000::0001')).toBe('2001:db8::1');
    expect(canonicalIP('192.0.2.7')).toBe('192.0.2.7');
    expect(canonicalIP('192.0.2.07')).toBeNull();
    expect(canonicalIP('192.0.2.07')).toBeNull();
    expect(canonicalIP('fe80::1%eth0')).toBeNull();
  });
});
