// The byte-level ARP path must agree with the string codecs exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatMac, parseMac } from './addresses';
import { buildArpReplyFromRequest, ipv4ToNumber, isAddressedTo, numberToIpv4, viewArpFrame } from './arp-view';
import { buildArpReply } from './builders';
import { decodeFrame, encodeArpFrame } from './frame';
import { KERNEL_ARP_REPLY, KERNEL_ARP_REQUEST, KERNEL_NS } from './fixtures.test-data';

const macBytes = (m: string) => (parseMac(m) as { ok: true; value: Uint8Array }).value;

describe('ARP fast path', () => {
  it('reads op and addresses of a kernel request', () => {
    expect(viewArpFrame(KERNEL_ARP_REQUEST)).toEqual({ op: 1, senderIp: ipv4ToNumber('198.51.100.11'), targetIp: ipv4ToNumber('198.51.100.10') });
    expect(viewArpFrame(KERNEL_NS)).toBeNull();
    expect(viewArpFrame(KERNEL_ARP_REQUEST.slice(0, 41))).toBeNull();
  });

  it('builds the very reply the kernel sent', () => {
    expect(buildArpReplyFromRequest(KERNEL_ARP_REQUEST, macBytes('02:00:00:00:00:0a'))).toEqual(KERNEL_ARP_REPLY);
  });

  it('agrees with the string codec for any request', () => {
    const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b));
    const ip = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b));
    fc.assert(
      fc.property(mac, mac, ip, ip, mac, (asker, tha, spa, tpa, me) => {
        const req = encodeArpFrame({ dst: 'ff:ff:ff:ff:ff:ff', src: asker }, { op: 'request', senderMac: asker, senderIp: spa, targetMac: tha, targetIp: tpa });
        const decoded = req.ok ? decodeFrame(req.value) : undefined;
        if (!req.ok || !decoded?.ok || decoded.value.kind !== 'arp') throw new Error('fixture');
        expect(buildArpReplyFromRequest(req.value, macBytes(me))).toEqual((buildArpReply(decoded.value.arp, me) as { value: Uint8Array }).value);
        expect(numberToIpv4(viewArpFrame(req.value)!.targetIp)).toBe(tpa);
      }),
    );
  });

  it.each([
    ['broadcast', 'ff:ff:ff:ff:ff:ff', true],
    ['our MAC', '02:00:00:00:00:0a', true],
    ['another MAC', '02:00:00:00:00:0b', false],
  ])('a frame to %s is addressed to us: %s', (_name, dst, expected) => {
    const f = KERNEL_ARP_REQUEST.slice();
    f.set(macBytes(dst), 0);
    expect(isAddressedTo(f, macBytes('02:00:00:00:00:0a'))).toBe(expected);
  });

  it('converts IPv4 text to numbers and rejects junk', () => {
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4ToNumber('203.0.113.010')).toBeNull();
    expect(ipv4ToNumber('203.0.113')).toBeNull();
  });
});
