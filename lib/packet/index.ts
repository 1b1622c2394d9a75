// Public face of lib/packet: Ethernet, ARP, NDP and heartbeat codecs plus the frames the speaker sends.
export * from './addresses';
export type { PacketError, PacketErrorCode } from './errors';
export { ETHERTYPE_ARP, ETHERTYPE_IPV6, decodeEthernet, type EthernetHeader } from './ethernet';
export { decodeArp, isGratuitousArp, type ArpOperation, type ArpPacket } from './arp';
export { computeIcmpv6Checksum, decodeIpv6, type Ipv6Header } from './ipv6';
export { decodeNdp, type NdpMessage, type NeighborAdvertisement, type NeighborSolicitation } from './ndp';
export { decodeFrame, encodeArpFrame, encodeNdpFrame, type DecodedFrame, type EthernetAddresses } from './frame';
export * from './builders';
export { buildArpReplyFromRequest, ipv4ToNumber, isAddressedTo, isArpFrame, numberToIpv4, viewArpFrame, type ArpView } from './arp-view';
export {
  decodeHeartbeat,
  encodeHeartbeat,
  heartbeatLength,
  isHeartbeatFrame,
  ETHERTYPE_HEARTBEAT,
  HEARTBEAT_MAC,
  HEARTBEAT_TAG_LENGTH,
  MAX_HEARTBEAT_ECHOES,
  MAX_HEARTBEAT_TAGS,
  type DecodedHeartbeat,
  type Heartbeat,
  type HeartbeatEcho,
  type HeartbeatKind,
  type HeartbeatSigner,
  type HeartbeatTag,
} from './heartbeat';
