// IPv6 fixed header (RFC 8200) and the ICMPv6 checksum over its pseudo-header (RFC 4443 §2.3).
// Extension headers are not walked: NDP messages carry none (RFC 4861 §6.1.1 receivers see them
// directly after the fixed header).
import { err, ok, type Result } from '../result';
import { formatIpv6 } from './addresses';
import { packetError, type PacketError } from './errors';

export const IPV6_HEADER_LENGTH = 40;
export const NEXT_HEADER_ICMPV6 = 58;

export interface Ipv6Header {
  srcIp: string;
  dstIp: string;
  hopLimit: number;
  nextHeader: number;
  /** Byte offsets of the raw addresses inside the buffer, for the checksum. */
  srcOffset: number;
  dstOffset: number;
  /** The payload, cut to the header's payload length (Ethernet padding dropped). */
  payload: Uint8Array;
}

export function decodeIpv6(bytes: Uint8Array, offset = 0): Result<Ipv6Header, PacketError> {
  if (bytes.length - offset < IPV6_HEADER_LENGTH) {
    return err(packetError('truncated', `IPv6 header needs 40 bytes, got ${Math.max(0, bytes.length - offset)}`));
  }
  if (bytes[offset] >> 4 !== 6) return err(packetError('malformed', `IP version ${bytes[offset] >> 4} in an IPv6 frame`));
  const payloadLength = (bytes[offset + 4] << 8) | bytes[offset + 5];
  const start = offset + IPV6_HEADER_LENGTH;
  if (bytes.length - start < payloadLength) {
    return err(packetError('truncated', `IPv6 payload length ${payloadLength}, only ${bytes.length - start} bytes present`));
  }
  return ok({
    srcIp: formatIpv6(bytes, offset + 8),
    dstIp: formatIpv6(bytes, offset + 24),
    hopLimit: bytes[offset + 7],
    nextHeader: bytes[offset + 6],
    srcOffset: offset + 8,
    dstOffset: offset + 24,
    payload: bytes.subarray(start, start + payloadLength),
  });
}

/** Writes a fixed header (traffic class and flow label zero) into `out` at `offset`. */
export function writeIpv6Header(
  out: Uint8Array,
  offset: number,
  h: { src: Uint8Array; dst: Uint8Array; payloadLength: number; nextHeader: number; hopLimit: number },
): void {
  out.set([0x60, 0, 0, 0, h.payloadLength >> 8, h.payloadLength & 0xff, h.nextHeader, h.hopLimit], offset);
  out.set(h.src, offset + 8);
  out.set(h.dst, offset + 24);
}

function sumWords(bytes: Uint8Array, start: number, length: number, initial: number): number {
  let sum = initial;
  const end = start + length;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) sum += bytes[i] << 8;
  return sum;
}

/**
 * The ones'-complement checksum of the pseudo-header (src, dst, length, next header 58) and
 * the message as it is. Encoding: zero the field, then store this. Verifying: a message whose
 * stored checksum is right yields 0.
 */
export function computeIcmpv6Checksum(
  buffer: Uint8Array,
  srcOffset: number,
  dstOffset: number,
  message: Uint8Array,
): number {
  let sum = sumWords(buffer, srcOffset, 16, 0);
  sum = sumWords(buffer, dstOffset, 16, sum);
  sum += (message.length >>> 16) + (message.length & 0xffff) + NEXT_HEADER_ICMPV6;
  sum = sumWords(message, 0, message.length, sum);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
