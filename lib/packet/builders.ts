// The handful of frames the speaker and the probe send, built from canonical address text.
// Choices that differ between implementations are named here with their reason.
import { err, type Result } from '../result';
import { ALL_NODES_IPV6, BROADCAST_MAC, solicitedNodeAddress, solicitedNodeMac, ZERO_MAC } from './addresses';
import { type ArpPacket } from './arp';
import { type PacketError, packetError } from './errors';
import { encodeArpFrame, encodeNdpFrame } from './frame';

const ALL_NODES_MAC = '33:33:00:00:00:01';

/**
 * A who-has, as a router or arping sends it: broadcast, or with `dstMac` the unicast poll a
 * router sends to the MAC it already holds (RFC 1122 §2.3.2.1).
 */
export function buildArpRequest(a: { mac: string; senderIp: string; targetIp: string; dstMac?: string }): Result<Uint8Array, PacketError> {
  return encodeArpFrame(
    { dst: a.dstMac ?? BROADCAST_MAC, src: a.mac },
    { op: 'request', senderMac: a.mac, senderIp: a.senderIp, targetMac: ZERO_MAC, targetIp: a.targetIp },
  );
}

/** The unicast is-at answering `request` for its target IP from `mac`. */
export function buildArpReply(request: ArpPacket, mac: string): Result<Uint8Array, PacketError> {
  return encodeArpFrame(
    { dst: request.senderMac, src: mac },
    { op: 'reply', senderMac: mac, senderIp: request.targetIp, targetMac: request.senderMac, targetIp: request.senderIp },
  );
}

/**
 * Gratuitous ARP, broadcast, sender IP = target IP = `ip`. Some hosts only honour the request
 * form and some only the reply form, hence both (SEMANTICS §4, as MetalLB does). Target MAC:
 * zero in the request (RFC 5227 announcement), broadcast in the reply.
 */
export function buildGratuitousArp(a: { mac: string; ip: string; op: 'request' | 'reply' }): Result<Uint8Array, PacketError> {
  return encodeArpFrame(
    { dst: BROADCAST_MAC, src: a.mac },
    { op: a.op, senderMac: a.mac, senderIp: a.ip, targetMac: a.op === 'request' ? ZERO_MAC : BROADCAST_MAC, targetIp: a.ip },
  );
}

/**
 * An NS with a source link-layer option: multicast to the target's solicited-node group, or with
 * `dstMac` the unicast probe of Neighbor Unreachability Detection, sent to the target's own
 * address at the MAC already held for it (RFC 4861 §7.2.2, §7.3.3).
 */
export function buildNeighborSolicitation(a: { mac: string; srcIp: string; targetIp: string; dstMac?: string }): Result<Uint8Array, PacketError> {
  if (a.dstMac) {
    return encodeNdpFrame({ dst: a.dstMac, src: a.mac }, { type: 'ns', srcIp: a.srcIp, dstIp: a.targetIp, targetIp: a.targetIp, sourceMac: a.mac });
  }
  const group = solicitedNodeAddress(a.targetIp);
  const groupMac = solicitedNodeMac(a.targetIp);
  if (!group.ok) return err(packetError('invalidAddress', group.error));
  if (!groupMac.ok) return err(packetError('invalidAddress', groupMac.error));
  return encodeNdpFrame(
    { dst: groupMac.value, src: a.mac },
    { type: 'ns', srcIp: a.srcIp, dstIp: group.value, targetIp: a.targetIp, sourceMac: a.mac },
  );
}

/**
 * The solicited NA answering an NS for `targetIp`. Source IP is the target itself (any address
 * of the sender is valid, RFC 4861 §4.4). Override is set, unlike MetalLB's solicited NA:
 * without it a client holding the old leader's MAC keeps it (RFC 4861 §7.2.5).
 */
export function buildSolicitedAdvertisement(a: {
  mac: string;
  targetIp: string;
  dstIp: string;
  dstMac: string;
}): Result<Uint8Array, PacketError> {
  return encodeNdpFrame(
    { dst: a.dstMac, src: a.mac },
    { type: 'na', srcIp: a.targetIp, dstIp: a.dstIp, targetIp: a.targetIp, router: false, solicited: true, override: true, targetMac: a.mac },
  );
}

/** The unsolicited NA to ff02::1 with Override, IPv6's gratuitous announcement. */
export function buildUnsolicitedAdvertisement(a: { mac: string; ip: string }): Result<Uint8Array, PacketError> {
  return encodeNdpFrame(
    { dst: ALL_NODES_MAC, src: a.mac },
    { type: 'na', srcIp: a.ip, dstIp: ALL_NODES_IPV6, targetIp: a.ip, router: false, solicited: false, override: true, targetMac: a.mac },
  );
}
