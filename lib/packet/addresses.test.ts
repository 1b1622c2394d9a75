// Address text <-> bytes, RFC 5952 formatting and solicited-node groups.
import { describe, expect, it } from 'vitest';
import { canonicalizeIp, formatIpv6, parseIpv4, parseIpv6, parseMac, formatMac, solicitedNodeAddress, solicitedNodeMac, isMulticastMac } from './addresses';

describe('IPv6 text', () => {
  it.each([
    ['compresses the longest zero run', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['picks the first run on a tie', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['does not compress a single zero group', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['keeps the unspecified address', '::', '::'],
    ['lowers case', 'FF02::1:FF00:A', 'ff02::1:ff00:a'],
    ['reads a trailing dotted quad', '::ffff:198.51.100.7', '::ffff:c633:6407'],
    ['compresses at the end', '2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
  ])('%s', (_name, text, canonical) => {
    const parsed = parseIpv6(text);
    expect(parsed.ok && formatIpv6(parsed.value)).toBe(canonical);
  });

  it.each([['two ::', '1::2::3'], ['nine groups', '1:2:3:4:5:6:7:8:9'], ['seven groups', '1:2:3:4:5:6:7'], ['zone id', 'fe80::1%eth0'], ['5 hex digits', '12345::'], ['leading colon', ':1::']])(
    'rejects %s',
    (_name, text) => expect(parseIpv6(text).ok).toBe(false),
  );
});

describe('IPv4 and MAC text', () => {
  it.each([['leading zero', '198.51.100.07'], ['octet 256', '198.51.100.256'], ['three parts', '198.51.100'], ['empty', '']])(
    'rejects IPv4 with %s',
    (_name, text) => expect(parseIpv4(text).ok).toBe(false),
  );

  it('round-trips a MAC in any case and with dashes', () => {
    const parsed = parseMac('02-AB-cd-00-00-0F');
    expect(parsed.ok && formatMac(parsed.value)).toBe('02:ab:cd:00:00:0f');
    expect(parseMac('02:ab:cd:00:00').ok).toBe(false);
  });

  it('canonicalizes either family', () => {
    expect(canonicalizeIp('2001:DB8:0::10')).toEqual({ ok: true, value: '2001:db8::10' });
    expect(canonicalizeIp('203.0.113.5')).toEqual({ ok: true, value: '203.0.113.5' });
    expect(canonicalizeIp('203.0.113.x').ok).toBe(false);
  });
});

describe('solicited-node multicast', () => {
  it.each([
    ['2001:db8::a', 'ff02::1:ff00:a', '33:33:ff:00:00:0a'],
    ['2001:db8::1234:5678', 'ff02::1:ff34:5678', '33:33:ff:34:56:78'],
    ['fe80::2:abcd:ef01', 'ff02::1:ffcd:ef01', '33:33:ff:cd:ef:01'],
  ])('%s joins %s on %s', (ip, group, mac) => {
    expect(solicitedNodeAddress(ip)).toEqual({ ok: true, value: group });
    expect(solicitedNodeMac(ip)).toEqual({ ok: true, value: mac });
    expect(isMulticastMac(mac)).toBe(true);
  });
});
