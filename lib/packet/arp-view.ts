// Byte-level ARP fast path for the responder: reads what it needs from the frame and builds the
// reply by copying bytes, with no strings. A speaker handles few frames, so this code runs cold
// (unoptimised by V8); the string codecs cost a few hundred microseconds there (measured).
import { ARP_LENGTH } from './arp';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP } from './ethernet';

export interface ArpView {
  op: number;
  /** IPv4 addresses as unsigned 32-bit numbers. */
  senderIp: number;
  targetIp: number;
}

const readU32 = (b: Uint8Array, o: number): number => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

export const isArpFrame = (frame: Uint8Array): boolean =>
  frame.length >= ETHERNET_HEADER_LENGTH && ((frame[12] << 8) | frame[13]) === ETHERTYPE_ARP;

/** The ARP fields of an Ethernet/IPv4 ARP frame, or null for anything else or a short frame. */
export function viewArpFrame(frame: Uint8Array): ArpView | null {
  const o = ETHERNET_HEADER_LENGTH;
  if (!isArpFrame(frame) || frame.length < o + ARP_LENGTH) return null;
  // htype 1, ptype 0x0800, hlen 6, plen 4
  if (frame[o] !== 0 || frame[o + 1] !== 1 || frame[o + 2] !== 8 || frame[o + 3] !== 0 || frame[o + 4] !== 6 || frame[o + 5] !== 4) return null;
  return { op: (frame[o + 6] << 8) | frame[o + 7], senderIp: readU32(frame, o + 14), targetIp: readU32(frame, o + 24) };
}

/** Whether the frame's Ethernet destination is broadcast or `mac` (6 bytes). */
export function isAddressedTo(frame: Uint8Array, mac: Uint8Array): boolean {
  let broadcast = true;
  let ours = true;
  for (let i = 0; i < 6; i++) {
    if (frame[i] !== 0xff) broadcast = false;
    if (frame[i] !== mac[i]) ours = false;
  }
  return broadcast || ours;
}

/** IPv4 dotted text to an unsigned 32-bit number, or null. */
export function ipv4ToNumber(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

export const numberToIpv4 = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/**
 * The reply to an ARP request frame, from `mac`: the same bytes as
 * buildArpReply(decodeArp(request), mac) (tested), 42 bytes.
 */
export function buildArpReplyFromRequest(request: Uint8Array, mac: Uint8Array): Uint8Array {
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + ARP_LENGTH);
  const a = ETHERNET_HEADER_LENGTH;
  out.set(request.subarray(a + 8, a + 14), 0); // eth dst = requester's MAC
  out.set(mac, 6);
  out[12] = 0x08;
  out[13] = 0x06;
  out.set(request.subarray(a, a + 6), a); // htype, ptype, hlen, plen
  out[a + 7] = 2; // op: reply
  out.set(mac, a + 8);
  out.set(request.subarray(a + 24, a + 28), a + 14); // sender IP = the asked-for IP
  out.set(request.subarray(a + 8, a + 18), a + 18); // target MAC + IP = the requester's
  return out;
}
