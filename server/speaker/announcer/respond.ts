// Pure: what the speaker answers to one received frame (SEMANTICS §4). Returns the reply frame
// or the reason for staying silent; sending is announcer.ts's job. ARP is decided on the raw
// bytes (lib/packet/arp-view): it is the hot, latency-measured path and runs unoptimised.
import {
  buildArpReplyFromRequest, buildSolicitedAdvertisement, decodeFrame, isAddressedTo, isArpFrame, isMulticastMac,
  numberToIpv4, UNSPECIFIED_IPV6, viewArpFrame, type DecodedFrame, type PacketError,
} from '../../../lib/packet';

export type SilenceReason =
  | 'undecodable'
  | 'arpReply'
  | 'announcement'
  | 'ethernetDestination'
  | 'notAnnounced'
  | 'dadProbe'
  | 'noSourceLinkAddress'
  | 'messageType';

export type Response =
  | { action: 'reply'; ip: string; frame: Uint8Array }
  | { action: 'silent'; reason: SilenceReason }
  | { action: 'failed'; ip: string; error: PacketError };

export interface ResponderView {
  mac: string;
  macBytes: Uint8Array;
  isAnnounced(ip: string): boolean;
  /** The same question for an IPv4 address as an unsigned 32-bit number. */
  isAnnouncedV4(ip: number): boolean;
}

const ARP_REQUEST = 1;

function respondToArp(frame: Uint8Array, me: ResponderView): Response {
  const arp = viewArpFrame(frame);
  if (!arp) return { action: 'silent', reason: 'undecodable' };
  if (arp.op !== ARP_REQUEST) return { action: 'silent', reason: 'arpReply' };
  // A gratuitous request (sender IP = target IP) claims the address and asks nothing; a claim
  // for one of ours is a conflict, answered by the announcer's bounded defence, not per frame.
  if (arp.senderIp === arp.targetIp) return { action: 'silent', reason: 'announcement' };
  if (!isAddressedTo(frame, me.macBytes)) return { action: 'silent', reason: 'ethernetDestination' };
  if (!me.isAnnouncedV4(arp.targetIp)) return { action: 'silent', reason: 'notAnnounced' };
  return { action: 'reply', ip: numberToIpv4(arp.targetIp), frame: buildArpReplyFromRequest(frame, me.macBytes) };
}

function respondToNdp(f: DecodedFrame, me: ResponderView): Response {
  if (f.kind !== 'ndp' || f.ndp.type !== 'ns') return { action: 'silent', reason: 'messageType' };
  const ns = f.ndp;
  // A DAD probe (source ::) is someone about to configure the address, not asking for it.
  if (ns.srcIp === UNSPECIFIED_IPV6) return { action: 'silent', reason: 'dadProbe' };
  if (!ns.sourceMac) return { action: 'silent', reason: 'noSourceLinkAddress' };
  if (f.eth.dst !== me.mac && !isMulticastMac(f.eth.dst)) return { action: 'silent', reason: 'ethernetDestination' };
  if (!me.isAnnounced(ns.targetIp)) return { action: 'silent', reason: 'notAnnounced' };
  const frame = buildSolicitedAdvertisement({ mac: me.mac, targetIp: ns.targetIp, dstIp: ns.srcIp, dstMac: ns.sourceMac });
  return frame.ok ? { action: 'reply', ip: ns.targetIp, frame: frame.value } : { action: 'failed', ip: ns.targetIp, error: frame.error };
}

/** ARP: answer requests (not announcements) for announced IPs sent to broadcast or us. NDP: answer non-DAD NS with a source link-layer option. */
export function decideResponse(frame: Uint8Array, me: ResponderView): Response {
  if (isArpFrame(frame)) return respondToArp(frame, me);
  const decoded = decodeFrame(frame);
  return decoded.ok ? respondToNdp(decoded.value, me) : { action: 'silent', reason: 'undecodable' };
}
