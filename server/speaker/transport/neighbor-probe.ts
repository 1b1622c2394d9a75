// A client that resolves IPs the way a router does (ARP request / multicast NS), over any
// L2Transport, and keeps a neighbour table that later gratuitous frames update: the dashboard's
// answer to "who really answers for this VIP". Linux semantics: first answer wins, gratuitous
// ARP and override NAs update an existing entry but create none.
import { err, ok, type Result } from '../../../lib/result';
import { buildArpRequest, buildNeighborSolicitation, canonicalizeIp, decodeFrame, familyOfIp, isGratuitousArp, parseMac, type DecodedFrame } from '../../../lib/packet';
import { systemClock, type Clock } from './clock';
import { transportError, type L2Transport, type TransportError } from './types';

export type LearnedFrom = 'arpReply' | 'gratuitousArp' | 'solicitedAdvertisement' | 'unsolicitedAdvertisement';

export interface NeighborEntry {
  ip: string;
  mac: string;
  updatedAt: number;
  learnedFrom: LearnedFrom;
}

export interface ProbeAnswer {
  mac: string;
  afterMs: number;
}

export interface Resolution {
  ip: string;
  /** Every MAC that answered within the window, in arrival order (more than one: a conflict). */
  answers: ProbeAnswer[];
  /** The MAC a router would now use (the first answer), null when nobody answered. */
  mac: string | null;
  verdict: 'resolved' | 'noAnswer' | 'multipleAnswers';
}

export interface NeighborProbeOptions {
  transport: L2Transport;
  /** Sender IPv4 of requests; 0.0.0.0 (an RFC 5227 probe) when omitted. */
  ipv4?: string;
  /** Source IPv6 of solicitations; the EUI-64 link-local of the MAC when omitted. */
  ipv6?: string;
  clock?: Clock;
}

type Claim = { ip: string; mac: string; learnedFrom: LearnedFrom; creates: boolean };
type Pending = { ip: string; startedAt: number; answers: ProbeAnswer[]; onFirstAnswer?: () => void };

/** fe80::/64 with the modified EUI-64 interface id of `mac` (RFC 4291 appendix A). */
export function linkLocalFromMac(mac: string): string {
  const b = parseMac(mac);
  if (!b.ok) return 'fe80::1';
  const m = b.value;
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `fe80::${hex(m[0] ^ 2, m[1])}:${hex(m[2], 0xff)}:${hex(0xfe, m[3])}:${hex(m[4], m[5])}`;
}

function readClaim(f: DecodedFrame, ownMac: string): Claim | null {
  if (f.kind === 'arp') {
    if (f.arp.op === 'reply' && f.eth.dst === ownMac && !isGratuitousArp(f.arp)) {
      return { ip: f.arp.senderIp, mac: f.arp.senderMac, learnedFrom: 'arpReply', creates: true };
    }
    return isGratuitousArp(f.arp) ? { ip: f.arp.senderIp, mac: f.arp.senderMac, learnedFrom: 'gratuitousArp', creates: false } : null;
  }
  if (f.ndp.type !== 'na') return null;
  const mac = f.ndp.targetMac ?? f.eth.src;
  if (f.ndp.solicited) return { ip: f.ndp.targetIp, mac, learnedFrom: 'solicitedAdvertisement', creates: true };
  return f.ndp.override ? { ip: f.ndp.targetIp, mac, learnedFrom: 'unsolicitedAdvertisement', creates: false } : null;
}

export class NeighborProbe {
  private readonly table = new Map<string, NeighborEntry>();
  private readonly pending = new Set<Pending>();
  private readonly listeners = new Set<(entry: NeighborEntry, previous: NeighborEntry | undefined) => void>();
  private readonly clock: Clock;
  private readonly ipv4: string;
  private readonly ipv6: string;

  constructor(private readonly options: NeighborProbeOptions) {
    this.clock = options.clock ?? systemClock;
    this.ipv4 = options.ipv4 ?? '0.0.0.0';
    this.ipv6 = options.ipv6 ?? linkLocalFromMac(options.transport.mac);
  }

  start(signal: AbortSignal): void {
    const off = this.options.transport.onFrame((frame) => this.handle(frame));
    signal.addEventListener('abort', () => off(), { once: true });
  }

  private handle(frame: Uint8Array): void {
    const decoded = decodeFrame(frame);
    if (!decoded.ok) return;
    const claim = readClaim(decoded.value, this.options.transport.mac);
    if (!claim) return;
    const now = this.clock.now();
    const waiting = [...this.pending].filter((p) => p.ip === claim.ip && claim.creates);
    for (const p of waiting) {
      p.answers.push({ mac: claim.mac, afterMs: now - p.startedAt });
      if (p.answers.length === 1) p.onFirstAnswer?.();
    }
    const previous = this.table.get(claim.ip);
    // First answer wins while a resolution is open (Linux's arp locktime does the same).
    const isFirstAnswer = waiting.some((p) => p.answers.length === 1);
    if (previous ? isFirstAnswer || !claim.creates : isFirstAnswer) this.learn(claim, now, previous);
  }

  private learn(claim: Claim, now: number, previous: NeighborEntry | undefined): void {
    const entry: NeighborEntry = { ip: claim.ip, mac: claim.mac, updatedAt: now, learnedFrom: claim.learnedFrom };
    this.table.set(claim.ip, entry);
    this.listeners.forEach((l) => l(entry, previous));
  }

  /**
   * Asks who has `ip` and collects every answer for `timeoutMs` (default 50 ms). With `unicastTo`
   * the question goes only to that MAC (a router's poll of a neighbour it knows), not the LAN.
   * With `firstAnswer` it ends at the first answer, as a router that only needs a MAC does (a
   * later answer then no longer counts: a conflict shows only in a full window).
   */
  async resolve(ip: string, opts: { timeoutMs?: number; unicastTo?: string; firstAnswer?: boolean } = {}): Promise<Result<Resolution, TransportError>> {
    const canonical = canonicalizeIp(ip);
    if (!canonical.ok) return err(transportError('EINVAL', canonical.error));
    const target = canonical.value;
    const mac = this.options.transport.mac;
    const frame = familyOfIp(target) === 4
      ? buildArpRequest({ mac, senderIp: this.ipv4, targetIp: target, dstMac: opts.unicastTo })
      : buildNeighborSolicitation({ mac, srcIp: this.ipv6, targetIp: target, dstMac: opts.unicastTo });
    if (!frame.ok) return err(transportError('EINVAL', frame.error.message));
    const p: Pending = { ip: target, startedAt: this.clock.now(), answers: [] };
    this.pending.add(p);
    const sent = this.options.transport.send(frame.value);
    if (!sent.ok) {
      this.pending.delete(p);
      return sent;
    }
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(resolve, opts.timeoutMs ?? 50);
      if (opts.firstAnswer) {
        p.onFirstAnswer = () => {
          this.pending.delete(p); // answers still on their way no longer count
          this.clock.clearTimeout(timer);
          resolve();
        };
      }
    });
    this.pending.delete(p);
    const macs = new Set(p.answers.map((a) => a.mac));
    const verdict = macs.size === 0 ? 'noAnswer' : macs.size === 1 ? 'resolved' : 'multipleAnswers';
    return ok({ ip: target, answers: p.answers, mac: p.answers[0]?.mac ?? null, verdict });
  }

  lookup(ip: string): NeighborEntry | undefined {
    // Keys are canonical, so a hit needs no parsing: the embedded LAN client looks up all
    // 10,000 VIPs each time a service changes.
    const hit = this.table.get(ip);
    if (hit) return hit;
    const canonical = canonicalizeIp(ip);
    return canonical.ok ? this.table.get(canonical.value) : undefined;
  }

  neighbors(): NeighborEntry[] {
    return [...this.table.values()];
  }

  /** Called whenever an entry is created or changes MAC/refreshes; returns an unsubscribe. */
  onChange(listener: (entry: NeighborEntry, previous: NeighborEntry | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
