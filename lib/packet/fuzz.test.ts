// Property tests: untrusted bytes never throw, only decode errors; encode/decode round-trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, formatMac } from './addresses';
import { decodeFrame, encodeArpFrame, encodeNdpFrame } from './frame';
import { KERNEL_ARP_REPLY, KERNEL_ARP_REQUEST, KERNEL_NA, KERNEL_NS } from './fixtures.test-data';
import type { NdpMessage } from './ndp';

const VALID = [KERNEL_ARP_REQUEST, KERNEL_ARP_REPLY, KERNEL_NS, KERNEL_NA];
const ERROR_CODES = ['truncated', 'unsupported', 'malformed', 'badChecksum'];

const expectResultNotThrow = (frame: Uint8Array) => {
  const r = decodeFrame(frame);
  if (!r.ok) expect(ERROR_CODES).toContain(r.error.code);
  return r;
};

const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b));
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b));
const unicastIpv6 = ipv6.filter((ip) => !ip.startsWith('ff'));

describe('decoding untrusted frames', () => {
  it('random bytes of any length never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void expectResultNotThrow(bytes)), { numRuns: 5000 });
  });

  it('random bytes behind a real ARP or IPv6/ICMPv6 prefix never throw', () => {
    const prefixes = [KERNEL_ARP_REQUEST.slice(0, 14), KERNEL_NS.slice(0, 55)];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 120 }), (prefix, tail) => {
        void expectResultNotThrow(Uint8Array.from([...prefix, ...tail]));
      }),
      { numRuns: 5000 },
    );
  });

  it('every truncation of a valid frame is an error, never a throw', () => {
    for (const frame of VALID) {
      for (let n = 0; n < frame.length; n++) {
        // ARP frames are complete at 42 bytes; anything shorter must fail.
        const r = expectResultNotThrow(frame.slice(0, n));
        expect(r.ok, `prefix ${n} of ${frame.length}`).toBe(false);
      }
    }
  });

  it('single-byte corruptions of valid frames never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 0, max: 255 }), (frame, at, value) => {
        const copy = frame.slice();
        copy[at % copy.length] = value;
        void expectResultNotThrow(copy);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('round-trips', () => {
  it('any ARP packet decodes to what was encoded', () => {
    fc.assert(
      fc.property(mac, mac, fc.constantFrom('request' as const, 'reply' as const), mac, ipv4, mac, ipv4, (dst, src, op, senderMac, senderIp, targetMac, targetIp) => {
        const arp = { op, senderMac, senderIp, targetMac, targetIp };
        const frame = encodeArpFrame({ dst, src }, arp);
        expect(frame.ok && decodeFrame(frame.value)).toEqual({ ok: true, value: { kind: 'arp', eth: { dst, src, etherType: 0x0806 }, arp } });
      }),
    );
  });

  const ns = fc.record({ type: fc.constant('ns' as const), srcIp: ipv6, dstIp: ipv6, targetIp: unicastIpv6, sourceMac: fc.option(mac, { nil: undefined }) });
  const na = fc
    .record({
      type: fc.constant('na' as const), srcIp: ipv6, dstIp: unicastIpv6, targetIp: unicastIpv6,
      router: fc.boolean(), solicited: fc.boolean(), override: fc.boolean(), targetMac: fc.option(mac, { nil: undefined }),
    });

  it('any NS or NA decodes to what was encoded, checksum included', () => {
    fc.assert(
      fc.property(mac, mac, fc.oneof(ns, na), (dst, src, raw) => {
        const msg = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as NdpMessage;
        const frame = encodeNdpFrame({ dst, src }, msg);
        expect(frame.ok && decodeFrame(frame.value)).toEqual({ ok: true, value: { kind: 'ndp', eth: { dst, src, etherType: 0x86dd }, ndp: msg } });
      }),
    );
  });
});
