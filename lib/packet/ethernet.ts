// Ethernet II header (no 802.1Q: the kernel strips VLAN tags before AF_PACKET sees them).
import { err, ok, type Result } from '../result';
import { formatMac, parseMac } from './addresses';
import { packetError, type PacketError } from './errors';

export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERNET_HEADER_LENGTH = 14;

export interface EthernetHeader {
  dst: string;
  src: string;
  etherType: number;
}

export function decodeEthernet(frame: Uint8Array): Result<EthernetHeader, PacketError> {
  if (frame.length < ETHERNET_HEADER_LENGTH) {
    return err(packetError('truncated', `ethernet header needs 14 bytes, got ${frame.length}`));
  }
  return ok({ dst: formatMac(frame, 0), src: formatMac(frame, 6), etherType: (frame[12] << 8) | frame[13] });
}

/** Writes the 14-byte header into `out` (which must be large enough). */
export function writeEthernet(out: Uint8Array, header: EthernetHeader): Result<void, PacketError> {
  const dst = parseMac(header.dst);
  const src = parseMac(header.src);
  if (!dst.ok) return err(packetError('invalidAddress', dst.error));
  if (!src.ok) return err(packetError('invalidAddress', src.error));
  out.set(dst.value, 0);
  out.set(src.value, 6);
  out[12] = header.etherType >> 8;
  out[13] = header.etherType & 0xff;
  return ok(undefined);
}
