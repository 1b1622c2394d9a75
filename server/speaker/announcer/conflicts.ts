// Pure conflict detection: every ARP packet and NA claims "IP X is at MAC M"; a claim for an IP
// we announce (or whose elected MAC we were told) from any other MAC is a conflict.
import { isGratuitousArp, UNSPECIFIED_IPV6, type DecodedFrame } from '../../../lib/packet';

export type ClaimSource = 'arpReply' | 'arpRequest' | 'gratuitousArp' | 'neighborAdvertisement' | 'neighborSolicitation';

export interface Claim {
  ip: string;
  mac: string;
  via: ClaimSource;
}

export interface Conflict {
  ip: string;
  foreignMac: string;
  expectedMac: string;
  ifname: string;
  via: ClaimSource;
  firstSeenAt: number;
  lastSeenAt: number;
  count: number;
}

export type ConflictCheck =
  | { conflict: true; expectedMac: string }
  | { conflict: false; reason: 'notWatched' | 'expectedMac' };

export function readClaim(f: DecodedFrame): Claim | null {
  if (f.kind === 'arp') {
    if (f.arp.senderIp === '0.0.0.0') return null; // an RFC 5227 probe claims nothing
    const via = isGratuitousArp(f.arp) ? 'gratuitousArp' : f.arp.op === 'reply' ? 'arpReply' : 'arpRequest';
    return { ip: f.arp.senderIp, mac: f.arp.senderMac, via };
  }
  if (f.ndp.type === 'na') return { ip: f.ndp.targetIp, mac: f.ndp.targetMac ?? f.eth.src, via: 'neighborAdvertisement' };
  if (f.ndp.srcIp === UNSPECIFIED_IPV6 || !f.ndp.sourceMac) return null;
  return { ip: f.ndp.srcIp, mac: f.ndp.sourceMac, via: 'neighborSolicitation' };
}

export function checkClaim(claim: Claim, expectedMacFor: (ip: string) => string | undefined): ConflictCheck {
  const expectedMac = expectedMacFor(claim.ip);
  if (expectedMac === undefined) return { conflict: false, reason: 'notWatched' };
  if (claim.mac === expectedMac) return { conflict: false, reason: 'expectedMac' };
  return { conflict: true, expectedMac };
}

/** Recent conflicts per (ip, foreign MAC), bounded so a flood cannot grow memory. */
export class ConflictLog {
  private readonly entries = new Map<string, Conflict>();

  constructor(private readonly limit = 256) {}

  record(claim: Claim, expectedMac: string, ifname: string, now: number): Conflict {
    const key = `${claim.ip}|${claim.mac}`;
    const previous = this.entries.get(key);
    const entry: Conflict = previous
      ? { ...previous, expectedMac, via: claim.via, lastSeenAt: now, count: previous.count + 1 }
      : { ip: claim.ip, foreignMac: claim.mac, expectedMac, ifname, via: claim.via, firstSeenAt: now, lastSeenAt: now, count: 1 };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  list(): Conflict[] {
    return [...this.entries.values()];
  }
}
