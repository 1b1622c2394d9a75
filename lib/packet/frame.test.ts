// Codec tests against frames the Linux kernel sent, plus the malformed frames decode must reject.
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeArpFrame, encodeNdpFrame } from './frame';
import { buildArpReply, buildArpRequest, buildGratuitousArp, buildNeighborSolicitation, buildSolicitedAdvertisement, buildUnsolicitedAdvertisement } from './builders';
import { KERNEL_ARP_REPLY, KERNEL_ARP_REQUEST, KERNEL_NA, KERNEL_NS } from './fixtures.test-data';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';

const decodeOk = (frame: Uint8Array) => {
  const r = decodeFrame(frame);
  if (!r.ok) throw new Error(`decode failed: ${r.error.message}`);
  return r.value;
};

describe('frames the Linux kernel sent', () => {
  it('reads an ARP request and re-encodes it byte for byte', () => {
    const f = decodeOk(KERNEL_ARP_REQUEST);
    expect(f).toEqual({
      kind: 'arp',
      eth: { dst: 'ff:ff:ff:ff:ff:ff', src: B, etherType: 0x0806 },
      arp: { op: 'request', senderMac: B, senderIp: '198.51.100.11', targetMac: '00:00:00:00:00:00', targetIp: '198.51.100.10' },
    });
    expect(f.kind === 'arp' && encodeArpFrame(f.eth, f.arp)).toEqual({ ok: true, value: KERNEL_ARP_REQUEST });
  });

  it('produces the same reply the kernel did', () => {
    const f = decodeOk(KERNEL_ARP_REQUEST);
    expect(f.kind === 'arp' && buildArpReply(f.arp, A)).toEqual({ ok: true, value: KERNEL_ARP_REPLY });
  });

  it('reads an NS with its source link-layer option and rebuilds it with the same checksum', () => {
    const f = decodeOk(KERNEL_NS);
    expect(f.kind === 'ndp' && f.ndp).toEqual({ type: 'ns', srcIp: '2001:db8::b', dstIp: 'ff02::1:ff00:a', targetIp: '2001:db8::a', sourceMac: B });
    expect(f.kind === 'ndp' && encodeNdpFrame(f.eth, f.ndp)).toEqual({ ok: true, value: KERNEL_NS });
    expect(buildNeighborSolicitation({ mac: B, srcIp: '2001:db8::b', targetIp: '2001:db8::a' })).toEqual({ ok: true, value: KERNEL_NS });
  });

  it('reads a solicited NA (S and O) and produces the same one', () => {
    const f = decodeOk(KERNEL_NA);
    expect(f.kind === 'ndp' && f.ndp).toEqual({
      type: 'na', srcIp: '2001:db8::a', dstIp: '2001:db8::b', targetIp: '2001:db8::a',
      router: false, solicited: true, override: true, targetMac: A,
    });
    expect(buildSolicitedAdvertisement({ mac: A, targetIp: '2001:db8::a', dstIp: '2001:db8::b', dstMac: B })).toEqual({ ok: true, value: KERNEL_NA });
  });
});

describe('gratuitous announcements', () => {
  it.each(['request', 'reply'] as const)('a gratuitous ARP %s is broadcast with sender IP = target IP', (op) => {
    const built = buildGratuitousArp({ mac: A, ip: '203.0.113.10', op });
    const f = built.ok && decodeOk(built.value);
    expect(f && f.kind === 'arp' && [f.eth.dst, f.arp.op, f.arp.senderIp, f.arp.targetIp, f.arp.senderMac]).toEqual(['ff:ff:ff:ff:ff:ff', op, '203.0.113.10', '203.0.113.10', A]);
  });

  it('an unsolicited NA goes to ff02::1 with Override and without Solicited', () => {
    const built = buildUnsolicitedAdvertisement({ mac: A, ip: '2001:db8::100' });
    const f = built.ok && decodeOk(built.value);
    expect(f && f.kind === 'ndp' && f.eth.dst).toBe('33:33:00:00:00:01');
    expect(f && f.kind === 'ndp' && f.ndp).toEqual({
      type: 'na', srcIp: '2001:db8::100', dstIp: 'ff02::1', targetIp: '2001:db8::100',
      router: false, solicited: false, override: true, targetMac: A,
    });
  });
});

const withByte = (frame: Uint8Array, index: number, value: number) => {
  const copy = frame.slice();
  copy[index] = value;
  return copy;
};

describe('frames the speaker must not trust', () => {
  it.each([
    ['a frame shorter than an Ethernet header', 'truncated', KERNEL_ARP_REQUEST.slice(0, 13)],
    ['an ARP packet cut short', 'truncated', KERNEL_ARP_REQUEST.slice(0, 41)],
    ['an ARP for another protocol', 'unsupported', withByte(KERNEL_ARP_REQUEST, 17, 0xdd)],
    ['ARP operation 3 (RARP)', 'unsupported', withByte(KERNEL_ARP_REQUEST, 21, 3)],
    ['an IPv4 frame', 'unsupported', withByte(KERNEL_ARP_REQUEST, 13, 0x00)],
    ['an NS with a flipped bit', 'badChecksum', withByte(KERNEL_NS, 70, KERNEL_NS[70] ^ 1)],
    ['an NS whose IPv6 payload length exceeds the frame', 'truncated', KERNEL_NS.slice(0, 80)],
    ['ICMPv6 echo', 'unsupported', withByte(KERNEL_NS, 54, 128)],
    ['UDP over IPv6', 'unsupported', withByte(KERNEL_NS, 20, 17)],
    ['IPv4 inside an IPv6 ethertype', 'malformed', withByte(KERNEL_NS, 14, 0x45)],
  ])('%s is a %s error', (_name, code, frame) => {
    const r = decodeFrame(frame);
    expect(r.ok ? 'decoded' : r.error.code).toBe(code);
  });

  it('rejects a hop limit other than 255 even with a correct checksum', () => {
    const eth = { dst: B, src: A };
    const built = encodeNdpFrame(eth, { type: 'na', srcIp: '2001:db8::a', dstIp: '2001:db8::b', targetIp: '2001:db8::a', router: false, solicited: true, override: true });
    // The hop limit is not covered by the checksum, so this isolates the §7.1.2 check.
    const r = built.ok && decodeFrame(withByte(built.value, 21, 1));
    expect(r && !r.ok && r.error.message).toMatch(/hop limit 1/);
  });

  it('rejects an NDP option of length 0 (RFC 4861 §7.1.1)', () => {
    const built = encodeNdpFrame({ dst: B, src: A }, { type: 'ns', srcIp: '2001:db8::b', dstIp: 'ff02::1:ff00:a', targetIp: '2001:db8::a', sourceMac: B });
    const broken = built.ok ? withByte(built.value, 79, 0) : new Uint8Array();
    // Re-checksum so that only the option length is wrong.
    const r = decodeFrame(fixChecksum(broken));
    expect(r.ok ? 'decoded' : r.error.code).toBe('malformed');
  });

  it('refuses to encode from an invalid address instead of throwing', () => {
    expect(buildArpRequest({ mac: 'zz', senderIp: '198.51.100.1', targetIp: '198.51.100.2' })).toMatchObject({ ok: false, error: { code: 'invalidAddress' } });
    expect(buildUnsolicitedAdvertisement({ mac: A, ip: '203.0.113.1' })).toMatchObject({ ok: false, error: { code: 'invalidAddress' } });
  });
});

function fixChecksum(frame: Uint8Array): Uint8Array {
  const copy = frame.slice();
  copy[56] = 0;
  copy[57] = 0;
  let sum = 0;
  const words = (from: number, to: number) => {
    for (let i = from; i < to; i += 2) sum += (copy[i] << 8) | (i + 1 < to ? copy[i + 1] : 0);
  };
  words(22, 54);
  const length = frame.length - 54;
  sum += length + 58;
  words(54, frame.length);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  copy[56] = (~sum >> 8) & 0xff;
  copy[57] = ~sum & 0xff;
  return copy;
}
