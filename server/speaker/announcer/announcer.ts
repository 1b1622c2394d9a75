// One interface's announcer: which IPs it answers for (refcounted by holder), gratuitous bursts
// on gain and an optional periodic refresh, silence at once on loss, ARP/NS answers, conflict
// detection and a bounded defence. Election is not its business: callers say announce/withdraw.
import { err, ok, type Result } from '../../../lib/result';
import { buildGratuitousArp, buildUnsolicitedAdvertisement, canonicalizeIp, decodeFrame, familyOfIp, ipv4ToNumber, isArpFrame, isHeartbeatFrame, parseMac, viewArpFrame } from '../../../lib/packet';
import { systemClock, type Clock } from '../transport/clock';
import type { L2Transport, TransportError } from '../transport/types';
import { BurstScheduler, GRATUITOUS_DURATION_MS, GRATUITOUS_INTERVAL_MS } from './burst';
import { checkClaim, ConflictLog, readClaim, type Conflict } from './conflicts';
import { CounterBook, type IpCounters } from './counters';
import { decideResponse, type ResponderView } from './respond';

export interface AnnouncerError {
  ifname: string;
  ip?: string;
  op: 'reply' | 'gratuitous' | 'joinGroup' | 'leaveGroup' | 'transport';
  error: TransportError | { code: string; message: string };
}

export interface AnnouncerOptions {
  transport: L2Transport;
  clock?: Clock;
  /**
   * Defaults: MetalLB's 1.1 s interval for 5 s on gain; refreshMs (default 0: none) repeats one
   * announcement that often for as long as the IP is announced.
   */
  gratuitous?: { intervalMs?: number; durationMs?: number; refreshMs?: number };
  onConflict?: (conflict: Conflict) => void;
  /** Send/join failures; op 'transport' means the interface is gone: build a new transport. */
  onError?: (error: AnnouncerError) => void;
}

export type AnnounceOutcome = 'gained' | 'alreadyAnnounced';

/**
 * A live conflict is answered with one gratuitous announcement per IP at most this often: RFC
 * 5227's DEFEND_INTERVAL (section 2.4). Two hosts defending one address then exchange at most
 * one frame each per 10 s, never a storm.
 */
export const DEFEND_INTERVAL_MS = 10_000;
export type WithdrawOutcome = 'lost' | 'stillHeld' | 'notAnnounced';

export class Announcer {
  readonly ifname: string;
  readonly mac: string;
  private readonly holders = new Map<string, Set<string>>();
  /** IPv4 keys of `holders` and `electedMacs` as numbers, for the byte-level ARP path. */
  private readonly announcedV4 = new Set<number>();
  private readonly electedV4 = new Set<number>();
  private readonly electedMacs = new Map<string, string>();
  private readonly view: ResponderView;
  private readonly counters = new CounterBook();
  private readonly conflictLog = new ConflictLog();
  private readonly bursts: BurstScheduler;
  private readonly clock: Clock;
  private readonly defendedAt = new Map<string, number>();
  private running = false;

  constructor(private readonly options: AnnouncerOptions) {
    this.ifname = options.transport.ifname;
    this.mac = options.transport.mac;
    this.clock = options.clock ?? systemClock;
    const macBytes = parseMac(this.mac);
    if (!macBytes.ok) throw new Error(`transport ${this.ifname} has no usable MAC: ${macBytes.error}`);
    this.view = {
      mac: this.mac,
      macBytes: macBytes.value,
      isAnnounced: (ip) => this.holders.has(ip),
      isAnnouncedV4: (ip) => this.announcedV4.has(ip),
    };
    this.bursts = new BurstScheduler(
      this.clock,
      options.gratuitous?.intervalMs ?? GRATUITOUS_INTERVAL_MS,
      options.gratuitous?.durationMs ?? GRATUITOUS_DURATION_MS,
      options.gratuitous?.refreshMs ?? 0,
    );
  }

  /** Listens and answers until `signal` aborts; then goes quiet (bursts cancelled, groups left). */
  start(signal: AbortSignal): void {
    if (signal.aborted || this.running) return;
    this.running = true;
    const offFrame = this.options.transport.onFrame((frame) => this.handleFrame(frame));
    const offError = this.options.transport.onError((error) => this.report({ op: 'transport', error }));
    for (const ip of this.holders.keys()) this.beginAnnouncing(ip);
    signal.addEventListener('abort', () => {
      offFrame();
      offError();
      this.bursts.cancelAll();
      for (const ip of this.holders.keys()) if (familyOfIp(ip) === 6) this.leaveGroup(ip);
      this.holders.clear();
      this.announcedV4.clear();
      this.running = false;
    }, { once: true });
  }

  /** Adds `holder` (e.g. a service key) to `ip`; the first holder makes the IP announced. */
  announce(ip: string, holder?: string): Result<AnnounceOutcome, string> {
    const canonical = canonicalizeIp(ip);
    if (!canonical.ok) return err(canonical.error);
    const key = canonical.value;
    const set = this.holders.get(key);
    if (set) {
      set.add(holder ?? key);
      return ok('alreadyAnnounced');
    }
    this.holders.set(key, new Set([holder ?? key]));
    this.indexV4(this.announcedV4, key, true);
    if (this.running) this.beginAnnouncing(key);
    return ok('gained');
  }

  /** Removes `holder` from `ip`; the last one leaving silences the IP at once. */
  withdraw(ip: string, holder?: string): WithdrawOutcome {
    const canonical = canonicalizeIp(ip);
    const key = canonical.ok ? canonical.value : ip;
    const set = this.holders.get(key);
    if (!set) return 'notAnnounced';
    set.delete(holder ?? key);
    if (set.size > 0) return 'stillHeld';
    this.holders.delete(key);
    this.indexV4(this.announcedV4, key, false);
    this.bursts.cancel(key);
    this.defendedAt.delete(key);
    if (this.running && familyOfIp(key) === 6) this.leaveGroup(key);
    return 'lost';
  }

  /** For IPs announced elsewhere: the elected node's MAC, so foreign claims become conflicts. */
  setElectedMac(ip: string, mac: string | null): void {
    const canonical = canonicalizeIp(ip);
    if (!canonical.ok) return;
    if (mac === null) this.electedMacs.delete(canonical.value);
    else this.electedMacs.set(canonical.value, mac.toLowerCase());
    this.indexV4(this.electedV4, canonical.value, mac !== null);
  }

  private indexV4(set: Set<number>, ip: string, present: boolean): void {
    const n = familyOfIp(ip) === 4 ? ipv4ToNumber(ip) : null;
    if (n === null) return;
    if (present) set.add(n);
    else set.delete(n);
  }

  isAnnouncing(ip: string): boolean {
    const canonical = canonicalizeIp(ip);
    return canonical.ok && this.holders.has(canonical.value);
  }

  announcedIps(): string[] {
    return [...this.holders.keys()];
  }

  isBursting(ip: string): boolean {
    return this.bursts.isActive(ip);
  }

  /**
   * Answers a foreign claim on an IP we announce with one gratuitous announcement, at most once
   * per DEFEND_INTERVAL_MS per IP. Returns whether one went out.
   */
  defend(ip: string): boolean {
    const canonical = canonicalizeIp(ip);
    if (!canonical.ok || !this.running || !this.holders.has(canonical.value)) return false;
    const now = this.clock.now();
    const last = this.defendedAt.get(canonical.value);
    if (last !== undefined && now - last < DEFEND_INTERVAL_MS) return false;
    this.defendedAt.set(canonical.value, now);
    this.sendGratuitous(canonical.value);
    return true;
  }

  ipCounters(): IpCounters[] {
    return this.counters.list();
  }

  silenceCounts(): Readonly<Record<string, number>> {
    return { ...this.counters.silences };
  }

  conflicts(): Conflict[] {
    return this.conflictLog.list();
  }

  private beginAnnouncing(ip: string): void {
    if (familyOfIp(ip) === 6) {
      const joined = this.options.transport.joinSolicitedNode(ip);
      if (!joined.ok) this.report({ op: 'joinGroup', ip, error: joined.error });
    }
    this.bursts.start(ip, () => this.sendGratuitous(ip));
  }

  private leaveGroup(ip: string): void {
    const left = this.options.transport.leaveSolicitedNode(ip);
    if (!left.ok) this.report({ op: 'leaveGroup', ip, error: left.error });
  }

  private sendGratuitous(ip: string): void {
    const frames = familyOfIp(ip) === 4
      ? [buildGratuitousArp({ mac: this.mac, ip, op: 'request' }), buildGratuitousArp({ mac: this.mac, ip, op: 'reply' })]
      : [buildUnsolicitedAdvertisement({ mac: this.mac, ip })];
    const c = this.counters.of(ip);
    for (const frame of frames) {
      const sent = frame.ok ? this.options.transport.send(frame.value) : err(frame.error);
      if (!sent.ok) {
        this.report({ op: 'gratuitous', ip, error: sent.error });
        continue;
      }
      c.gratuitousSent++;
      c.lastGratuitousAt = this.clock.now();
    }
  }

  /** Answers first (latency), then looks for conflicts. */
  private handleFrame(frame: Uint8Array): void {
    if (isHeartbeatFrame(frame)) return; // the speakers' own traffic: heartbeat/lan-membership.ts
    const response = decideResponse(frame, this.view);
    if (response.action === 'silent') this.counters.noteSilence(response.reason);
    else this.respond(response.ip, response.action === 'reply' ? this.options.transport.send(response.frame) : err(response.error));
    this.detectConflict(frame);
  }

  private respond(ip: string, sent: Result<void, TransportError | { code: string; message: string }>): void {
    const c = this.counters.of(ip);
    c.requestsReceived++;
    if (sent.ok) c.responsesSent++;
    else this.report({ op: 'reply', ip, error: sent.error });
  }

  private detectConflict(frame: Uint8Array): void {
    if (isArpFrame(frame)) {
      // Most ARP on a LAN is about other IPs: skip the full decode unless the sender IP is watched.
      // Sender 0.0.0.0 is a probe (RFC 5227 §2.1.1), which claims nothing: no lookup at all (two
      // cold hash lookups per NIC per probe, measured as most of a broadcast's cost at 10,000 VIPs).
      const v = viewArpFrame(frame);
      if (!v || v.senderIp === 0 || (!this.announcedV4.has(v.senderIp) && !this.electedV4.has(v.senderIp))) return;
    }
    const decoded = decodeFrame(frame);
    const claim = decoded.ok ? readClaim(decoded.value) : null;
    if (!claim) return;
    const check = checkClaim(claim, (ip) => (this.holders.has(ip) ? this.mac : this.electedMacs.get(ip)));
    if (!check.conflict) return;
    const conflict = this.conflictLog.record(claim, check.expectedMac, this.ifname, this.clock.now());
    this.options.onConflict?.(conflict);
  }

  private report(e: Omit<AnnouncerError, 'ifname'>): void {
    if (e.ip) this.counters.noteError(e.ip, `${e.op}: ${e.error.message}`);
    this.options.onError?.({ ifname: this.ifname, ...e });
  }
}
