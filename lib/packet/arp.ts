// ARP for IPv4 over Ethernet (RFC 826): the 28-byte packet after the Ethernet header.
import { err, ok, type Result } from '../result';
import { formatIpv4, formatMac, parseIpv4, parseMac } from './addresses';
import { packetError, type PacketError } from './errors';

export const ARP_LENGTH = 28;
const HTYPE_ETHERNET = 1;
const PTYPE_IPV4 = 0x0800;

export type ArpOperation = 'request' | 'reply';

export interface ArpPacket {
  op: ArpOperation;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

const readU16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];

/** Decodes the ARP packet starting at `offset`; bytes past 28 (Ethernet padding) are ignored. */
export function decodeArp(bytes: Uint8Array, offset = 0): Result<ArpPacket, PacketError> {
  if (bytes.length - offset < ARP_LENGTH) {
    return err(packetError('truncated', `ARP needs ${ARP_LENGTH} bytes, got ${Math.max(0, bytes.length - offset)}`));
  }
  const htype = readU16(bytes, offset);
  const ptype = readU16(bytes, offset + 2);
  if (htype !== HTYPE_ETHERNET || ptype !== PTYPE_IPV4 || bytes[offset + 4] !== 6 || bytes[offset + 5] !== 4) {
    return err(packetError('unsupported', `ARP for htype ${htype} ptype 0x${ptype.toString(16)} is not Ethernet/IPv4`));
  }
  const opcode = readU16(bytes, offset + 6);
  if (opcode !== 1 && opcode !== 2) return err(packetError('unsupported', `ARP operation ${opcode}`));
  return ok({
    op: opcode === 1 ? 'request' : 'reply',
    senderMac: formatMac(bytes, offset + 8),
    senderIp: formatIpv4(bytes, offset + 14),
    targetMac: formatMac(bytes, offset + 18),
    targetIp: formatIpv4(bytes, offset + 24),
  });
}

function parseArpAddresses(p: ArpPacket): Result<Uint8Array[], PacketError> {
  const parsed = [parseMac(p.senderMac), parseIpv4(p.senderIp), parseMac(p.targetMac), parseIpv4(p.targetIp)];
  const out: Uint8Array[] = [];
  for (const r of parsed) {
    if (!r.ok) return err(packetError('invalidAddress', r.error));
    out.push(r.value);
  }
  return ok(out);
}

/** Writes the 28-byte ARP packet into `out` at `offset`. */
export function writeArp(out: Uint8Array, offset: number, packet: ArpPacket): Result<void, PacketError> {
  const addresses = parseArpAddresses(packet);
  if (!addresses.ok) return addresses;
  const [senderMac, senderIp, targetMac, targetIp] = addresses.value;
  out.set([0, HTYPE_ETHERNET, PTYPE_IPV4 >> 8, PTYPE_IPV4 & 0xff, 6, 4, 0, packet.op === 'request' ? 1 : 2], offset);
  out.set(senderMac, offset + 8);
  out.set(senderIp, offset + 14);
  out.set(targetMac, offset + 18);
  out.set(targetIp, offset + 24);
  return ok(undefined);
}

/** True for a gratuitous packet: the sender announces its own address (sender IP = target IP). */
export const isGratuitousArp = (p: ArpPacket): boolean => p.senderIp === p.targetIp;
