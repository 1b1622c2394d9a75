// ICMPv6 Neighbor Solicitation / Advertisement (RFC 4861 §4.3-4.4, §4.6.1 link-layer options)
// with the receive-side validity checks of §7.1. Encodes into a buffer that already holds the
// IPv6 header, since the checksum covers its addresses.
import { err, ok, type Result } from '../result';
import { formatIpv6, formatMac, isMulticastIpv6, parseMac } from './addresses';
import { packetError, type PacketError } from './errors';
import { computeIcmpv6Checksum, type Ipv6Header } from './ipv6';

export const ICMPV6_NEIGHBOR_SOLICITATION = 135;
export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
const OPTION_SOURCE_LL = 1;
const OPTION_TARGET_LL = 2;
const NDP_FIXED_LENGTH = 24;
export const NDP_HOP_LIMIT = 255;

export interface NeighborSolicitation {
  type: 'ns';
  srcIp: string;
  dstIp: string;
  targetIp: string;
  /** Source link-layer address option; absent in DAD probes (source ::). */
  sourceMac?: string;
}

export interface NeighborAdvertisement {
  type: 'na';
  srcIp: string;
  dstIp: string;
  targetIp: string;
  router: boolean;
  solicited: boolean;
  override: boolean;
  /** Target link-layer address option. */
  targetMac?: string;
}

export type NdpMessage = NeighborSolicitation | NeighborAdvertisement;

type LinkOptions = { sourceMac?: string; targetMac?: string };

function decodeOptions(msg: Uint8Array, start: number): Result<LinkOptions, PacketError> {
  const found: LinkOptions = {};
  let i = start;
  while (i < msg.length) {
    if (msg.length - i < 2) return err(packetError('truncated', 'NDP option header cut short'));
    const length = msg[i + 1] * 8;
    if (length === 0) return err(packetError('malformed', 'NDP option with length 0'));
    if (msg.length - i < length) return err(packetError('truncated', `NDP option of ${length} bytes cut short`));
    if (length >= 8 && msg[i] === OPTION_SOURCE_LL) found.sourceMac ??= formatMac(msg, i + 2);
    if (length >= 8 && msg[i] === OPTION_TARGET_LL) found.targetMac ??= formatMac(msg, i + 2);
    i += length;
  }
  return ok(found);
}

function validateIcmp(ip: Ipv6Header, whole: Uint8Array): Result<Uint8Array, PacketError> {
  const msg = ip.payload;
  if (msg.length < 4) return err(packetError('truncated', `ICMPv6 needs 4 bytes, got ${msg.length}`));
  if (msg[0] !== ICMPV6_NEIGHBOR_SOLICITATION && msg[0] !== ICMPV6_NEIGHBOR_ADVERTISEMENT) {
    return err(packetError('unsupported', `ICMPv6 type ${msg[0]} is not NS/NA`));
  }
  if (msg.length < NDP_FIXED_LENGTH) return err(packetError('truncated', `NDP needs 24 bytes, got ${msg.length}`));
  if (computeIcmpv6Checksum(whole, ip.srcOffset, ip.dstOffset, msg) !== 0) {
    return err(packetError('badChecksum', 'ICMPv6 checksum mismatch'));
  }
  if (ip.hopLimit !== NDP_HOP_LIMIT) return err(packetError('malformed', `NDP hop limit ${ip.hopLimit}, must be 255`));
  if (msg[1] !== 0) return err(packetError('malformed', `NDP code ${msg[1]}, must be 0`));
  return ok(msg);
}

/** Decodes the ICMPv6 payload of `ip` (which must come from `whole`) as NS or NA. */
export function decodeNdp(ip: Ipv6Header, whole: Uint8Array): Result<NdpMessage, PacketError> {
  const checked = validateIcmp(ip, whole);
  if (!checked.ok) return checked;
  const msg = checked.value;
  const targetIp = formatIpv6(msg, 8);
  if (isMulticastIpv6(targetIp)) return err(packetError('malformed', `NDP target ${targetIp} is multicast`));
  const options = decodeOptions(msg, NDP_FIXED_LENGTH);
  if (!options.ok) return options;
  const base = { srcIp: ip.srcIp, dstIp: ip.dstIp, targetIp };
  if (msg[0] === ICMPV6_NEIGHBOR_SOLICITATION) {
    return ok({ type: 'ns', ...base, ...(options.value.sourceMac ? { sourceMac: options.value.sourceMac } : {}) });
  }
  const na: NeighborAdvertisement = {
    type: 'na',
    ...base,
    router: (msg[4] & 0x80) !== 0,
    solicited: (msg[4] & 0x40) !== 0,
    override: (msg[4] & 0x20) !== 0,
    ...(options.value.targetMac ? { targetMac: options.value.targetMac } : {}),
  };
  if (na.solicited && isMulticastIpv6(na.dstIp)) {
    return err(packetError('malformed', 'solicited NA sent to a multicast address'));
  }
  return ok(na);
}

/** Length of the ICMPv6 message `writeNdp` produces. */
export const ndpLength = (m: NdpMessage): number =>
  NDP_FIXED_LENGTH + ((m.type === 'ns' ? m.sourceMac : m.targetMac) ? 8 : 0);

/**
 * Writes the ICMPv6 message at `offset` and its checksum; `srcOffset`/`dstOffset` point at the
 * IPv6 addresses already written into `out`, `target` is the parsed target address.
 */
export function writeNdp(
  out: Uint8Array,
  at: { offset: number; srcOffset: number; dstOffset: number },
  m: NdpMessage,
  target: Uint8Array,
): Result<void, PacketError> {
  const o = at.offset;
  const mac = m.type === 'ns' ? m.sourceMac : m.targetMac;
  const flags = m.type === 'na' ? (m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0) : 0;
  out.fill(0, o, o + ndpLength(m));
  out.set([m.type === 'ns' ? ICMPV6_NEIGHBOR_SOLICITATION : ICMPV6_NEIGHBOR_ADVERTISEMENT, 0, 0, 0, flags], o);
  out.set(target, o + 8);
  if (mac) {
    const parsed = parseMac(mac);
    if (!parsed.ok) return err(packetError('invalidAddress', parsed.error));
    out.set([m.type === 'ns' ? OPTION_SOURCE_LL : OPTION_TARGET_LL, 1], o + 24);
    out.set(parsed.value, o + 26);
  }
  const message = out.subarray(o, o + ndpLength(m));
  const sum = computeIcmpv6Checksum(out, at.srcOffset, at.dstOffset, message);
  out[o + 2] = sum >> 8;
  out[o + 3] = sum & 0xff;
  return ok(undefined);
}
