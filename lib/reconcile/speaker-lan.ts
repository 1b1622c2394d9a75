// Who a speaker hears on each of its interfaces, from the authenticated LAN heartbeats
// (lib/packet/heartbeat; the rules are argued in server/speaker/README.md). Deterministic and
// clock-free: times are local milliseconds passed in, and no clock of another node is ever
// compared with ours. The caller has already checked each frame's tag and that its node exists.
//
// - A peer process is an *instance* (random per start). A new instance is adopted only when one
//   of its frames echoes one of our own recent frames: proof that it was sent after ours, so a
//   recording of an old process cannot bring a dead node back. Until then it is `joining`.
// - Per (instance, sender interface), sequence numbers only go up: a replayed frame is refused.
//   Instances replaced by a newer one, or that said goodbye, are remembered and refused for good.
// - A link (peer node, peer interface) seen from one of our interfaces is heard until
//   `missed` of the peer's own intervals pass without a frame; a goodbye drops it at once.
import type { Heartbeat, HeartbeatEcho } from '../packet';
import { MAX_HEARTBEAT_ECHOES } from '../packet';

export interface LanTableOptions {
  self: string;
  /** This process's instance id (16 hex digits). */
  instance: string;
  /** Our own heartbeat interval (ms): how long a proof request of a peer is answered. */
  intervalMs: number;
  /** A link is gone after this many of its sender's intervals without a frame. */
  missed: number;
}

/** One peer interface as heard on one of our interfaces. */
export interface HeardLink {
  node: string;
  /** The peer's interface name (as it calls it). */
  ifname: string;
  mac: string;
  instance: string;
  lastSeq: number;
  heardAt: number;
  /** The peer finished listening there and takes part in elections. */
  ready: boolean;
  intervalMs: number;
}

export type ReceiveOutcome =
  | { kind: 'self' }
  | { kind: 'replay' }
  /** A new instance still proving itself; `respond`: send it a proof now. */
  | { kind: 'joining'; respond: boolean }
  | { kind: 'heard'; changed: boolean; respond: boolean }
  | { kind: 'left'; changed: boolean };

interface InstanceState {
  instance: string;
  /** Highest seq heard from it on each of its interfaces (a cell: Steady shares it). */
  seqs: Map<string, { seq: number }>;
  maxSeq: number;
  heardAt: number;
  intervalMs: number;
  /** When its frames last asked us for a proof (it has not adopted us yet). */
  asksProofAt: number | null;
}

const MAX_PENDING_PER_NODE = 2;
const MAX_RETIRED_PER_NODE = 4;
// The outcomes of nearly every frame, shared: a hundred simulated speakers on one LAN receive
// ten thousand frames a second, and each allocation there is garbage to collect.
const HEARD_SAME: ReceiveOutcome = { kind: 'heard', changed: false, respond: false };
const HEARD_SAME_ASKED: ReceiveOutcome = { kind: 'heard', changed: false, respond: true };
const REPLAY: ReceiveOutcome = { kind: 'replay' };

/** Links heard on one of our interfaces: peer node -> its interface -> link. */
type LinksOn = Map<string, Map<string, HeardLink>>;

/**
 * A peer link in its steady state (adopted instance, heard, nothing to prove), reached with one
 * lookup: nearly every frame is one of these, and the full path costs about ten hash lookups in
 * tables a hundred simulated speakers keep apart (cold memory; measured). Valid while the
 * table's generation is the one it was made in: any change of adoption or links moves it on.
 */
interface Steady {
  generation: number;
  state: InstanceState;
  seq: { seq: number };
  link: HeardLink;
}

export class LanTable {
  private readonly adopted = new Map<string, InstanceState>();
  private readonly pending = new Map<string, Map<string, InstanceState>>();
  private readonly retired = new Map<string, string[]>();
  /** Our interface -> the links heard there. */
  private readonly links = new Map<string, LinksOn>();
  /** Our interface -> node -> when it was last heard there (kept after it went silent). */
  private readonly lastHeard = new Map<string, Map<string, number>>();
  /** Our own recent frames: seq and when sent, for the freshness of echoes. */
  private readonly sent: { seq: number; at: number }[] = [];
  private echoCursor = 0;
  /** Our interface -> peer node -> its steady link (see Steady). */
  private readonly steady = new Map<string, Map<string, Steady>>();
  private generation = 0;

  constructor(private readonly opts: LanTableOptions) {}

  /** Records a frame we sent, so a peer's echo of it can be judged fresh. */
  noteSent(seq: number, now: number): void {
    this.sent.push({ seq, at: now });
    const horizon = now - this.timeoutOf(this.opts.intervalMs);
    while (this.sent.length > 1 && this.sent[1].at < horizon) this.sent.shift();
  }

  private timeoutOf(intervalMs: number): number {
    return intervalMs * this.opts.missed;
  }

  /** An echo of one of our frames sent within our timeout. */
  private isFreshProof(e: HeartbeatEcho, now: number): boolean {
    if (e.instance !== this.opts.instance) return false;
    const horizon = now - this.timeoutOf(this.opts.intervalMs);
    return this.sent.some((s) => s.seq === e.seq && s.at >= horizon);
  }

  private retire(node: string, instance: string): void {
    const list = (this.retired.get(node) ?? []).filter((i) => i !== instance);
    list.push(instance);
    if (list.length > MAX_RETIRED_PER_NODE) list.shift();
    this.retired.set(node, list);
  }

  /** Drops every link of `node` (all our interfaces); true when one was heard. */
  private dropLinks(node: string): boolean {
    this.generation++;
    let dropped = false;
    for (const [local, byNode] of this.links) {
      const links = byNode.get(node);
      if (!links) continue;
      byNode.delete(node);
      for (const link of links.values()) this.noteLastHeard(local, node, link.heardAt);
      dropped = true;
    }
    return dropped;
  }

  private noteLastHeard(local: string, node: string, at: number): void {
    let m = this.lastHeard.get(local);
    if (!m) this.lastHeard.set(local, (m = new Map()));
    m.set(node, at);
  }

  private pendingOf(node: string, hb: Heartbeat, now: number): { state: InstanceState; isNew: boolean } {
    let byInstance = this.pending.get(node);
    if (!byInstance) this.pending.set(node, (byInstance = new Map()));
    const known = byInstance.get(hb.instance);
    if (known) return { state: known, isNew: false };
    const state: InstanceState = { instance: hb.instance, seqs: new Map(), maxSeq: 0, heardAt: now, intervalMs: hb.intervalMs, asksProofAt: null };
    byInstance.set(hb.instance, state);
    if (byInstance.size > MAX_PENDING_PER_NODE) byInstance.delete(byInstance.keys().next().value as string);
    return { state, isNew: true };
  }

  private dropPending(node: string, instance: string): void {
    const byInstance = this.pending.get(node);
    byInstance?.delete(instance);
    if (byInstance?.size === 0) this.pending.delete(node);
  }

  /** Updates the instance's counters; false when the frame is not newer than the last from that interface. */
  private advance(state: InstanceState, hb: Heartbeat, now: number, asksProof: boolean): boolean {
    const last = state.seqs.get(hb.ifname);
    if (last !== undefined && hb.seq <= last.seq) return false;
    if (last) last.seq = hb.seq;
    else state.seqs.set(hb.ifname, { seq: hb.seq });
    state.maxSeq = Math.max(state.maxSeq, hb.seq);
    state.heardAt = now;
    state.intervalMs = hb.intervalMs;
    state.asksProofAt = asksProof ? now : state.asksProofAt;
    return true;
  }

  /** One authenticated frame from a known node, heard on our interface `local`. */
  receive(local: string, hb: Heartbeat, now: number): ReceiveOutcome {
    const steady = this.steadyOn(local).get(hb.node);
    if (steady && this.isSteadyFrame(steady, hb)) return this.hearSteady(steady, hb, now);
    if (hb.node === this.opts.self) return { kind: 'self' };
    if (this.retired.get(hb.node)?.includes(hb.instance)) return REPLAY;
    const proof = hb.echoes.length === 0 ? undefined : hb.echoes.find((e) => this.isFreshProof(e, now));
    const asksProof = proof?.request === true;
    const current = this.adopted.get(hb.node);
    if (current?.instance === hb.instance) {
      if (!this.advance(current, hb, now, asksProof)) return REPLAY;
      return this.hear(local, hb, now, asksProof);
    }
    const { state, isNew } = this.pendingOf(hb.node, hb, now);
    if (!this.advance(state, hb, now, asksProof)) return REPLAY;
    if (hb.kind === 'leaving') {
      this.dropPending(hb.node, hb.instance);
      this.retire(hb.node, hb.instance);
      return { kind: 'joining', respond: false };
    }
    if (!proof) return { kind: 'joining', respond: isNew };
    // Proven fresh: this instance replaces whatever ran on that node before.
    this.dropPending(hb.node, hb.instance);
    let changed = false;
    if (current) {
      this.retire(hb.node, current.instance);
      changed = this.dropLinks(hb.node);
    }
    this.adopted.set(hb.node, state);
    this.generation++;
    const heard = this.hear(local, hb, now, asksProof);
    return heard.kind === 'heard' ? { ...heard, changed: heard.changed || changed } : heard;
  }

  private hear(local: string, hb: Heartbeat, now: number, asksProof: boolean): ReceiveOutcome {
    if (hb.kind === 'leaving') {
      this.adopted.delete(hb.node);
      this.retire(hb.node, hb.instance);
      return { kind: 'left', changed: this.dropLinks(hb.node) };
    }
    const state = this.adopted.get(hb.node);
    let byNode = this.links.get(local);
    if (!byNode) this.links.set(local, (byNode = new Map()));
    let links = byNode.get(hb.node);
    if (!links) byNode.set(hb.node, (links = new Map()));
    const before = links.get(hb.ifname);
    const changed = !before || before.ready !== hb.ready || before.mac !== hb.src;
    if (before) {
      before.lastSeq = hb.seq;
      before.heardAt = now;
      before.ready = hb.ready;
      before.mac = hb.src;
      before.intervalMs = hb.intervalMs;
    } else {
      links.set(hb.ifname, { node: hb.node, ifname: hb.ifname, mac: hb.src, instance: hb.instance, lastSeq: hb.seq, heardAt: now, ready: hb.ready, intervalMs: hb.intervalMs });
      this.lastHeard.get(local)?.delete(hb.node);
    }
    const link = links.get(hb.ifname);
    const seq = state?.seqs.get(hb.ifname);
    if (state && link && seq) this.steadyOn(local).set(hb.node, { generation: this.generation, state, seq, link });
    if (!changed) return asksProof ? HEARD_SAME_ASKED : HEARD_SAME;
    return { kind: 'heard', changed, respond: asksProof };
  }

  private steadyOn(local: string): Map<string, Steady> {
    let m = this.steady.get(local);
    if (!m) this.steady.set(local, (m = new Map()));
    return m;
  }

  /** A frame the full path would only count: same instance and interface, nothing asked, nothing changed. */
  private isSteadyFrame(s: Steady, hb: Heartbeat): boolean {
    return (
      s.generation === this.generation &&
      hb.kind === 'alive' &&
      hb.echoes.length === 0 &&
      s.state.instance === hb.instance &&
      s.link.ifname === hb.ifname &&
      s.link.ready === hb.ready &&
      s.link.mac === hb.src
    );
  }

  /** What advance() and hear() do for a steady frame, without their lookups. */
  private hearSteady(s: Steady, hb: Heartbeat, now: number): ReceiveOutcome {
    if (hb.seq <= s.seq.seq) return REPLAY;
    s.seq.seq = hb.seq;
    const state = s.state;
    state.maxSeq = Math.max(state.maxSeq, hb.seq);
    state.heardAt = now;
    state.intervalMs = hb.intervalMs;
    const link = s.link;
    link.lastSeq = hb.seq;
    link.heardAt = now;
    link.intervalMs = hb.intervalMs;
    return HEARD_SAME;
  }

  /**
   * Drops links and joining instances not heard for `missed` of their intervals. Returns whether
   * a link went, and the next time something can expire (null: nothing to watch).
   */
  expire(now: number): { changed: boolean; next: number | null } {
    let changed = false;
    let next: number | null = null;
    const watch = (at: number) => (next = next === null ? at : Math.min(next, at));
    for (const [local, byNode] of this.links) {
      for (const [node, links] of byNode) {
        for (const [ifname, link] of links) {
          const until = link.heardAt + this.timeoutOf(link.intervalMs);
          if (until > now) {
            watch(until);
            continue;
          }
          links.delete(ifname);
          if (links.size === 0) byNode.delete(node);
          this.steady.get(local)?.delete(node);
          this.noteLastHeard(local, node, link.heardAt);
          this.generation++;
          changed = true;
        }
      }
    }
    for (const [node, byInstance] of this.pending) {
      for (const [instance, s] of byInstance) {
        const until = s.heardAt + this.timeoutOf(s.intervalMs);
        if (until > now) watch(until);
        else byInstance.delete(instance);
      }
      if (byInstance.size === 0) this.pending.delete(node);
    }
    return { changed, next };
  }

  /** Our interface went away: nothing is heard on it any more. */
  forgetInterface(local: string): boolean {
    const had = (this.links.get(local)?.size ?? 0) > 0;
    this.links.delete(local);
    this.lastHeard.delete(local);
    this.steady.delete(local);
    this.generation++;
    return had;
  }

  /**
   * The echoes for our next frame: a proof request to every instance still joining, and a proof
   * for every adopted one whose frames asked for it lately. Bounded; rotated when there are more.
   */
  echoes(now: number): HeartbeatEcho[] {
    const out: HeartbeatEcho[] = [];
    for (const byInstance of this.pending.values())
      for (const s of byInstance.values()) out.push({ instance: s.instance, seq: s.maxSeq, request: true });
    for (const s of this.adopted.values()) {
      if (s.asksProofAt !== null && now - s.asksProofAt <= 2 * s.intervalMs + this.opts.intervalMs)
        out.push({ instance: s.instance, seq: s.maxSeq, request: false });
    }
    if (out.length <= MAX_HEARTBEAT_ECHOES) return out;
    this.echoCursor = (this.echoCursor + MAX_HEARTBEAT_ECHOES) % out.length;
    return [...out.slice(this.echoCursor), ...out.slice(0, this.echoCursor)].slice(0, MAX_HEARTBEAT_ECHOES);
  }

  /** Links heard on our interface `local` now (ready or still listening). */
  heardOn(local: string): HeardLink[] {
    return [...(this.links.get(local)?.values() ?? [])].flatMap((links) => [...links.values()]);
  }

  /** Nodes heard somewhere and ready there, with the peer interfaces they are ready on. */
  readyInterfaces(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const byNode of this.links.values()) {
      for (const [node, links] of byNode) {
        for (const link of links.values()) {
          if (!link.ready) continue;
          let set = out.get(node);
          if (!set) out.set(node, (set = new Set()));
          set.add(link.ifname);
        }
      }
    }
    return out;
  }

  /** Whether every one of `nodes` is heard on `local`, and no instance is still joining. */
  hearsAll(local: string, nodes: Iterable<string>): boolean {
    if (this.pending.size > 0) return false;
    const heard = this.links.get(local);
    for (const n of nodes) if (n !== this.opts.self && !heard?.has(n)) return false;
    return true;
  }

  /** When `node` was last heard on `local` before it went silent there (undefined: never, or heard now). */
  silentSince(local: string): ReadonlyMap<string, number> {
    return this.lastHeard.get(local) ?? new Map();
  }

  /** Instances adopted per node (for the health report and tests). */
  adoptedInstance(node: string): string | undefined {
    return this.adopted.get(node)?.instance;
  }
}
