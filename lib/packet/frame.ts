// Whole Ethernet frames carrying ARP or NDP: one decoder for everything the speaker reads, and
// encoders that lay out Ethernet + ARP or Ethernet + IPv6 + ICMPv6 in one buffer.
import { err, ok, type Result } from '../result';
import { parseIpv6 } from './addresses';
import { ARP_LENGTH, decodeArp, writeArp, type ArpPacket } from './arp';
import { packetError, type PacketError } from './errors';
import { decodeEthernet, ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP, ETHERTYPE_IPV6, writeEthernet, type EthernetHeader } from './ethernet';
import { decodeIpv6, IPV6_HEADER_LENGTH, NEXT_HEADER_ICMPV6, writeIpv6Header } from './ipv6';
import { decodeNdp, NDP_HOP_LIMIT, ndpLength, writeNdp, type NdpMessage } from './ndp';

export type DecodedFrame =
  | { kind: 'arp'; eth: EthernetHeader; arp: ArpPacket }
  | { kind: 'ndp'; eth: EthernetHeader; ndp: NdpMessage };

export type EthernetAddresses = { dst: string; src: string };

function decodeIpv6Frame(frame: Uint8Array, eth: EthernetHeader): Result<DecodedFrame, PacketError> {
  const ip = decodeIpv6(frame, ETHERNET_HEADER_LENGTH);
  if (!ip.ok) return ip;
  if (ip.value.nextHeader !== NEXT_HEADER_ICMPV6) {
    return err(packetError('unsupported', `IPv6 next header ${ip.value.nextHeader} is not ICMPv6`));
  }
  const ndp = decodeNdp(ip.value, frame);
  return ndp.ok ? ok({ kind: 'ndp', eth, ndp: ndp.value }) : ndp;
}

/** Decodes an ARP or NDP (NS/NA) frame; anything else is an `unsupported` error, never a throw. */
export function decodeFrame(frame: Uint8Array): Result<DecodedFrame, PacketError> {
  const eth = decodeEthernet(frame);
  if (!eth.ok) return eth;
  if (eth.value.etherType === ETHERTYPE_ARP) {
    const arp = decodeArp(frame, ETHERNET_HEADER_LENGTH);
    return arp.ok ? ok({ kind: 'arp', eth: eth.value, arp: arp.value }) : arp;
  }
  if (eth.value.etherType === ETHERTYPE_IPV6) return decodeIpv6Frame(frame, eth.value);
  return err(packetError('unsupported', `ethertype 0x${eth.value.etherType.toString(16).padStart(4, '0')}`));
}

/** A 42-byte frame (no padding: the NIC pads short frames, veths carry them as they are). */
export function encodeArpFrame(eth: EthernetAddresses, arp: ArpPacket): Result<Uint8Array, PacketError> {
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + ARP_LENGTH);
  const header = writeEthernet(out, { ...eth, etherType: ETHERTYPE_ARP });
  if (!header.ok) return header;
  const body = writeArp(out, ETHERNET_HEADER_LENGTH, arp);
  return body.ok ? ok(out) : body;
}

function parseNdpAddresses(m: NdpMessage): Result<Uint8Array[], PacketError> {
  const out: Uint8Array[] = [];
  for (const text of [m.srcIp, m.dstIp, m.targetIp]) {
    const parsed = parseIpv6(text);
    if (!parsed.ok) return err(packetError('invalidAddress', parsed.error));
    out.push(parsed.value);
  }
  return ok(out);
}

/** Ethernet + IPv6 (hop limit 255) + NS/NA with its checksum. */
export function encodeNdpFrame(eth: EthernetAddresses, m: NdpMessage): Result<Uint8Array, PacketError> {
  const addresses = parseNdpAddresses(m);
  if (!addresses.ok) return addresses;
  const [src, dst, target] = addresses.value;
  const payloadLength = ndpLength(m);
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + IPV6_HEADER_LENGTH + payloadLength);
  const header = writeEthernet(out, { ...eth, etherType: ETHERTYPE_IPV6 });
  if (!header.ok) return header;
  const ipAt = ETHERNET_HEADER_LENGTH;
  writeIpv6Header(out, ipAt, { src, dst, payloadLength, nextHeader: NEXT_HEADER_ICMPV6, hopLimit: NDP_HOP_LIMIT });
  const body = writeNdp(out, { offset: ipAt + IPV6_HEADER_LENGTH, srcOffset: ipAt + 8, dstOffset: ipAt + 24 }, m, target);
  return body.ok ? ok(out) : body;
}
