import { describe, expect, it } from 'vitest';
import {
  formatIP,
  formatRange,
  ipAt,
  offsetOf,
  parseIP,
  parsePoolAddress,
  rangeContains,
  rangeSize,
  rangesOverlap,
  rangeToCidrs,
  type IPRange,
} from './index';

const range = (s: string): IPRange => {
  const r = parsePoolAddress(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const ip = (s: string) => {
  const p = parseIP(s);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('parsePoolAddress', () => {
  it.each([
    ['IPv4 CIDR', '192.0.2.0/28', '192.0.2.0', '192.0.2.15', 16n],
    ['host bits are normalised away', '1.2.3.4/24', '1.2.3.0', '1.2.3.255', 256n],
    ['/32 is one address', '192.0.2.7/32', '192.0.2.7', '192.0.2.7', 1n],
    ['/0 is everything', '0.0.0.0/0', '0.0.0.0', '255.255.255.255', 1n << 32n],
    ['IPv6 CIDR', '2001:db8::/120', '2001:db8::', '2001:db8::ff', 256n],
    ['IPv6 /64 counts without hanging', '2001:db8:1:2::/64', '2001:db8:1:2::', '2001:db8:1:2:ffff:ffff:ffff:ffff', 1n << 64n],
    ['IPv6 /0', '::/0', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 1n << 128n],
    ['IPv4 range', '192.0.2.10-192.0.2.20', '192.0.2.10', '192.0.2.20', 11n],
    ['range with spaces around the dash', '192.0.2.10 - 192.0.2.20', '192.0.2.10', '192.0.2.20', 11n],
    ['single-address range', '192.0.2.5-192.0.2.5', '192.0.2.5', '192.0.2.5', 1n],
    ['the seed pool', '10.20.13.15-10.20.13.20', '10.20.13.15', '10.20.13.20', 6n],
    ['IPv6 range', '2001:db8::10-2001:db8::1f', '2001:db8::10', '2001:db8::1f', 16n],
  ])('%s: %s', (_name, text, first, last, size) => {
    const r = range(text);
    expect(formatIP({ family: r.family, n: r.first })).toBe(first);
    expect(formatIP({ family: r.family, n: r.last })).toBe(last);
    expect(rangeSize(r)).toBe(size);
  });

  it.each([
    ['bare address is not a CIDR, with a hint', '192.0.2.1', 'invalid CIDR "192.0.2.1" (a single address is written 192.0.2.1/32)'],
    ['prefix too long', '192.0.2.0/33', 'invalid CIDR "192.0.2.0/33" (the prefix length must be a number from 0 to 32, not "33")'],
    ['IPv6 prefix too long', '2001:db8::/129', 'invalid CIDR "2001:db8::/129" (the prefix length must be a number from 0 to 128, not "129")'],
    ['empty prefix', '192.0.2.0/', 'invalid CIDR "192.0.2.0/" (the prefix length must be a number from 0 to 32, not "")'],
    ['non-numeric prefix', '192.0.2.0/x', 'invalid CIDR "192.0.2.0/x" (the prefix length must be a number from 0 to 32, not "x")'],
    ['a negative prefix (a CIDR, not a range with a dash)', '10.0.0.0/-1', 'invalid CIDR "10.0.0.0/-1" (the prefix length must be a number from 0 to 32, not "-1")'],
    ['bad address in CIDR', '192.0.2.300/24', 'invalid CIDR "192.0.2.300/24"'],
    ['garbage', 'not-an-ip', 'invalid IP range "not-an-ip": invalid start IP "not"'],
    ['empty', '', 'invalid CIDR ""'],
    ['bad end', '192.0.2.1-192.0.2', 'invalid IP range "192.0.2.1-192.0.2": invalid end IP "192.0.2"'],
    ['split on the first dash', '192.0.2.1-192.0.2.5-192.0.2.9', 'invalid IP range "192.0.2.1-192.0.2.5-192.0.2.9": invalid end IP "192.0.2.5-192.0.2.9"'],
    ['start after end', '192.0.2.20-192.0.2.10', 'invalid IP range "192.0.2.20-192.0.2.10": start IP "192.0.2.20" is after the end IP "192.0.2.10"'],
    ['mixed families', '192.0.2.1-2001:db8::1', 'invalid IP range "192.0.2.1-2001:db8::1": start IP "192.0.2.1" and end IP "2001:db8::1" are of different IP families'],
  ])('rejects %s', (_name, text, message) => {
    expect(parsePoolAddress(text)).toEqual({ ok: false, error: message });
  });
});

describe('rangeContains / rangesOverlap', () => {
  it.each([
    ['first address', '192.0.2.0/30', '192.0.2.0', true],
    ['last address', '192.0.2.0/30', '192.0.2.3', true],
    ['one past the end', '192.0.2.0/30', '192.0.2.4', false],
    ['other family never matches', '0.0.0.0/0', '::1', false],
    ['IPv6 inside a /64', '2001:db8::/64', '2001:db8::ffff:1', true],
  ])('contains: %s', (_name, r, a, expected) => {
    expect(rangeContains(range(r), ip(a))).toBe(expected);
  });

  it.each([
    ['identical', '192.0.2.0/28', '192.0.2.0/28', true],
    ['range inside CIDR', '192.0.2.0/28', '192.0.2.3-192.0.2.4', true],
    ['touching at one address', '192.0.2.0-192.0.2.10', '192.0.2.10-192.0.2.20', true],
    ['adjacent but disjoint', '192.0.2.0/28', '192.0.2.16/28', false],
    ['different families', '0.0.0.0/0', '::/0', false],
    ['IPv6 overlapping', '2001:db8::/64', '2001:db8::5-2001:db8::9', true],
  ])('overlap: %s', (_name, a, b, expected) => {
    expect(rangesOverlap(range(a), range(b))).toBe(expected);
    expect(rangesOverlap(range(b), range(a))).toBe(expected);
  });
});

describe('rangeToCidrs / formatRange', () => {
  it.each([
    ['aligned CIDR stays one', '192.0.2.0/24', ['192.0.2.0/24']],
    ['seed pool', '10.20.13.15-10.20.13.20', ['10.20.13.15/32', '10.20.13.16/30', '10.20.13.20/32']],
    ['single address', '192.0.2.9-192.0.2.9', ['192.0.2.9/32']],
    ['whole IPv4 space', '0.0.0.0-255.255.255.255', ['0.0.0.0/0']],
    ['ragged range', '192.0.2.1-192.0.2.14', ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/30', '192.0.2.8/30', '192.0.2.12/31', '192.0.2.14/32']],
    ['IPv6 /64', '2001:db8::/64', ['2001:db8::/64']],
    ['whole IPv6 space', '::/0', ['::/0']],
    ['IPv6 range', '2001:db8::1-2001:db8::4', ['2001:db8::1/128', '2001:db8::2/127', '2001:db8::4/128']],
  ])('%s', (_name, r, cidrs) => {
    expect(rangeToCidrs(range(r))).toEqual(cidrs);
  });

  it('covers a worst-case IPv6 range quickly and exactly', () => {
    const r = range('::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe');
    const cidrs = rangeToCidrs(r);
    expect(cidrs.length).toBe(254);
    const total = cidrs.map((c) => rangeSize(range(c))).reduce((a, b) => a + b, 0n);
    expect(total).toBe(rangeSize(r));
  });

  it.each([
    ['a CIDR prints as a CIDR', '1.2.3.4/24', '1.2.3.0/24'],
    ['a ragged range prints as a-b', '10.20.13.15 - 10.20.13.20', '10.20.13.15-10.20.13.20'],
    ['a single address prints as /32', '192.0.2.5-192.0.2.5', '192.0.2.5/32'],
    ['IPv6 canonical', '2001:DB8::10-2001:DB8::1F', '2001:db8::10/124'],
  ])('formatRange: %s', (_name, r, text) => {
    expect(formatRange(range(r))).toBe(text);
  });
});

describe('ipAt / offsetOf', () => {
  it('round-trips offsets in an IPv4 range', () => {
    const r = range('10.20.13.15-10.20.13.20');
    expect(formatIP(ipAt(r, 0n))).toBe('10.20.13.15');
    expect(formatIP(ipAt(r, 5n))).toBe('10.20.13.20');
    expect(offsetOf(r, ip('10.20.13.17'))).toBe(2n);
  });

  it('reaches the far end of an IPv6 /64', () => {
    const r = range('2001:db8::/64');
    const last = ipAt(r, rangeSize(r) - 1n);
    expect(formatIP(last)).toBe('2001:db8::ffff:ffff:ffff:ffff');
    expect(offsetOf(r, last)).toBe((1n << 64n) - 1n);
  });

  it('reports -1 for addresses outside the range or of the other family', () => {
    const r = range('192.0.2.0/30');
    expect(offsetOf(r, ip('192.0.2.4'))).toBe(-1n);
    expect(offsetOf(r, ip('::'))).toBe(-1n);
  });

  it('throws on offsets outside the range (a caller bug)', () => {
    const r = range('192.0.2.0/30');
    expect(() => ipAt(r, 4n)).toThrow(RangeError);
    expect(() => ipAt(r, -1n)).toThrow(RangeError);
  });
});
