// Membership on the LAN for one speaker: a heartbeat every intervalMs on each open interface,
// the peers heard there (lib/reconcile/speaker-lan decides), and who is live for the election.
// An interface listens first (until every speaker the API lists is heard there, or one timeout)
// and only then says it is ready; a clean stop says goodbye on every interface.
import { encodeHeartbeat, isHeartbeatFrame, type Heartbeat, type HeartbeatKind } from '../../../lib/packet';
import { LanTable, type ReceiveOutcome } from '../../../lib/reconcile/speaker-lan';
import type { InterfaceSpec } from '../../../lib/reconcile/speaker-election';
import type { MembershipReason } from '../../../lib/reconcile/speaker-membership';
import { systemClock, type Clock, type TimerHandle } from '../transport/clock';
import type { L2Transport } from '../transport/types';
import type { KeyRing, RejectReason } from './key-ring';

export interface LanMembershipOptions {
  node: string;
  /** 16 hex digits, random per process. */
  instance: string;
  ring: KeyRing;
  intervalMs: number;
  /** A peer is gone after this many of its intervals without a frame. */
  missed: number;
  /** Nodes the API knows: a frame naming any other node is refused (null: not listed yet, ignore it). */
  isKnownNode: (node: string) => boolean | null;
  /** Nodes whose speaker holds a live Lease: who an interface waits to hear before it is ready. */
  leaseLive: () => Iterable<string>;
  /** Whether this speaker can take part in elections yet (objects synced, ranking warm). */
  canBeReady: () => boolean;
  /** The live set or our readiness changed: run a pass. */
  onChange: () => void;
  /** A peer's MAC on one of its interfaces, from an authenticated frame. */
  onPeerMac?: (node: string, ifname: string, mac: string) => void;
  clock?: Clock;
}

export interface LinkCounters {
  sent: number;
  sendErrors: number;
  /** Accepted frames per peer node. */
  received: Map<string, number>;
  rejected: Map<RejectReason, number>;
}

export interface LanView {
  /** Nodes ready on some interface, this one included when one of ours is ready. */
  live: Set<string>;
  reason: MembershipReason;
  /** Whether `node` is ready on an interface the spec announces on. */
  liveOn(node: string, spec: InterfaceSpec): boolean;
}

export interface LanInterfaceReport {
  name: string;
  state: 'listening' | 'ready';
  /** `node/interface` of every peer link heard now and ready there. */
  heard: string[];
  /** Peer links heard now that still listen themselves (just started). */
  listening: string[];
  /** Peers that went silent here, and when they were last heard (local ms). */
  silent: { node: string; at: number }[];
}

export interface LanMembership {
  /** Starts heartbeats on a newly opened interface (it listens first). */
  attach(ifname: string, transport: L2Transport): void;
  detach(ifname: string): void;
  view(): LanView;
  /** Re-checks whether listening interfaces may become ready (canBeReady changed). */
  refresh(): void;
  /** Says goodbye on every interface (a clean stop). */
  leave(): void;
  interfaces(): LanInterfaceReport[];
  counters(): Map<string, LinkCounters>;
  stop(): void;
}

interface Link {
  ifname: string;
  transport: L2Transport;
  listeningSince: number;
  /** Said in our frames: the peers count us from then on. */
  ready: boolean;
  /** We count ourselves a little later (see READY_SETTLE_MS). */
  settled: boolean;
  timer: TimerHandle | undefined;
  settle: TimerHandle | undefined;
  extra: TimerHandle | undefined;
  lastExtraAt: number;
  /** countersOf(ifname), held: read for every frame. */
  counters: LinkCounters;
  off: () => void;
}

/**
 * After an interface says it is ready, the peers hand over the IPs we win as soon as they hear
 * it; we start answering for them this much later, so the old owner goes quiet before we speak
 * (a few milliseconds of silence, never two MACs for one IP).
 */
export const READY_SETTLE_MS = 100;

const newCounters = (): LinkCounters => ({ sent: 0, sendErrors: 0, received: new Map(), rejected: new Map() });
const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

export function createLanMembership(opts: LanMembershipOptions): LanMembership {
  const clock = opts.clock ?? systemClock;
  const table = new LanTable({ self: opts.node, instance: opts.instance, intervalMs: opts.intervalMs, missed: opts.missed });
  const links = new Map<string, Link>();
  /** Kept after a link closes, so counters never go backwards. */
  const counters = new Map<string, LinkCounters>();
  const timeoutMs = opts.intervalMs * opts.missed;
  let seq = 0;
  let expiry: { handle: TimerHandle; at: number } | undefined;
  let stopped = false;
  let cached: LanView | null = null;

  const countersOf = (ifname: string) => {
    let c = counters.get(ifname);
    if (!c) counters.set(ifname, (c = newCounters()));
    return c;
  };

  const changed = () => {
    cached = null;
    opts.onChange();
  };

  const send = (link: Link, kind: HeartbeatKind) => {
    const signers = opts.ring.signers();
    if (signers.length === 0) return;
    const now = clock.now();
    const hb: Heartbeat = {
      src: link.transport.mac,
      kind,
      ready: link.ready,
      intervalMs: opts.intervalMs,
      instance: opts.instance,
      seq: (seq = (seq + 1) >>> 0),
      node: opts.node,
      ifname: link.ifname,
      echoes: kind === 'alive' ? table.echoes(now) : [],
    };
    const frame = encodeHeartbeat(hb, signers);
    const c = countersOf(link.ifname);
    if (!frame.ok || !link.transport.send(frame.value).ok) {
      c.sendErrors++;
      return;
    }
    table.noteSent(hb.seq, now);
    c.sent++;
  };

  const armExpiry = (at: number | null) => {
    if (at === null || stopped) return;
    if (expiry && expiry.at <= at) return;
    if (expiry) clock.clearTimeout(expiry.handle);
    expiry = { at, handle: clock.setTimeout(runExpiry, Math.max(1, at - clock.now())) };
  };

  function runExpiry(): void {
    expiry = undefined;
    const r = table.expire(clock.now());
    armExpiry(r.next);
    if (r.changed) changed();
  }

  /** A listening interface becomes ready once it heard every speaker the API lists, or after a timeout. */
  const maybeReady = (link: Link) => {
    if (link.ready || !opts.ring.hasKey() || !opts.canBeReady()) return;
    const waited = clock.now() - link.listeningSince;
    if (waited < timeoutMs && !table.hearsAll(link.ifname, opts.leaseLive())) return;
    link.ready = true;
    send(link, 'alive'); // peers learn at once that we take part now
    link.settle = clock.setTimeout(() => {
      link.settle = undefined;
      link.settled = true;
      changed();
    }, Math.min(READY_SETTLE_MS, opts.intervalMs));
  };

  const tick = (link: Link) => {
    link.timer = undefined;
    if (stopped || links.get(link.ifname) !== link) return;
    maybeReady(link);
    send(link, 'alive');
    link.timer = clock.setTimeout(() => tick(link), opts.intervalMs);
  };

  /** An out-of-turn heartbeat (a proof a joining peer needs): at once, or deferred to keep at most four per interval. */
  const respond = (link: Link) => {
    if (link.extra !== undefined) return; // one is on its way and will carry every echo due by then
    const gap = opts.intervalMs / 4;
    const wait = link.lastExtraAt + gap - clock.now();
    const go = () => {
      link.extra = undefined;
      if (stopped || links.get(link.ifname) !== link) return;
      link.lastExtraAt = clock.now();
      send(link, 'alive');
    };
    if (wait <= 0) go();
    else link.extra = clock.setTimeout(go, wait);
  };

  const judge = (link: Link, outcome: ReceiveOutcome, hb: Heartbeat) => {
    const c = link.counters;
    if (outcome.kind === 'self') return;
    if (outcome.kind === 'replay') {
      bump(c.rejected, 'replay');
      return;
    }
    bump(c.received, hb.node);
    armExpiry(clock.now() + hb.intervalMs * opts.missed);
    if ((outcome.kind === 'joining' || outcome.kind === 'heard') && outcome.respond) respond(link);
    if (!link.ready) maybeReady(link);
    if ((outcome.kind === 'heard' || outcome.kind === 'left') && outcome.changed) {
      if (outcome.kind === 'heard') opts.onPeerMac?.(hb.node, hb.ifname, hb.src); // a new link, or its MAC moved
      changed();
    }
  };

  const receive = (link: Link, frame: Uint8Array) => {
    if (!isHeartbeatFrame(frame) || !opts.ring.hasKey()) return;
    const check = opts.ring.check(frame);
    if (!check.ok) {
      bump(link.counters.rejected, check.reason);
      return;
    }
    const hb = check.heartbeat;
    const known = hb.node === opts.node || opts.isKnownNode(hb.node);
    if (known === null) return;
    if (!known) {
      bump(link.counters.rejected, 'unknownNode');
      return;
    }
    judge(link, table.receive(link.ifname, hb, clock.now()), hb);
  };

  const offKey = opts.ring.subscribe(() => {
    // Listening starts when we can hear at all.
    cached = null;
    for (const link of links.values()) if (!link.ready) link.listeningSince = clock.now();
    for (const link of links.values()) if (link.timer === undefined) tick(link);
  });

  const liveOf = (): LanView => {
    const ready = table.readyInterfaces();
    const mine = new Set([...links.values()].filter((l) => l.settled).map((l) => l.ifname));
    const live = new Set(ready.keys());
    if (mine.size > 0) live.add(opts.node);
    let reason: MembershipReason = 'normal';
    if (mine.size === 0) reason = opts.ring.hasKey() && links.size === 0 ? 'notLive' : 'starting';
    return {
      live,
      reason,
      liveOn(node, spec) {
        const ifs = node === opts.node ? mine : ready.get(node);
        if (!ifs || ifs.size === 0) return false;
        return spec.all || spec.names.some((n) => ifs.has(n));
      },
    };
  };

  return {
    attach(ifname, transport) {
      if (stopped) return;
      links.get(ifname)?.off();
      const link: Link = { ifname, transport, listeningSince: clock.now(), ready: false, settled: false, timer: undefined, settle: undefined, extra: undefined, lastExtraAt: -Infinity, counters: countersOf(ifname), off: () => {} };
      const offFrame = transport.onFrame((frame) => receive(link, frame));
      link.off = () => {
        offFrame();
        for (const t of [link.timer, link.settle, link.extra]) if (t !== undefined) clock.clearTimeout(t);
        link.timer = undefined;
        link.settle = undefined;
        link.extra = undefined;
      };
      links.set(ifname, link);
      tick(link);
      changed();
    },
    detach(ifname) {
      const link = links.get(ifname);
      if (!link) return;
      link.off();
      links.delete(ifname);
      table.forgetInterface(ifname);
      changed();
    },
    view: () => (cached ??= liveOf()),
    refresh() {
      for (const link of links.values()) maybeReady(link);
    },
    leave() {
      // Twice: one lost frame must not turn a clean stop into a timeout.
      for (const link of links.values()) {
        link.ready = false;
        link.settled = false;
        send(link, 'leaving');
        send(link, 'leaving');
      }
      cached = null;
    },
    interfaces() {
      return [...links.values()]
        .map((l) => {
          const heard = table.heardOn(l.ifname);
          return {
            name: l.ifname,
            state: l.ready ? ('ready' as const) : ('listening' as const),
            heard: heard.filter((h) => h.ready).map((h) => `${h.node}/${h.ifname}`).sort(),
            listening: heard.filter((h) => !h.ready).map((h) => `${h.node}/${h.ifname}`).sort(),
            silent: [...table.silentSince(l.ifname)].map(([node, at]) => ({ node, at })).sort((a, b) => (a.node < b.node ? -1 : 1)),
          };
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    counters: () => counters,
    stop() {
      stopped = true;
      offKey();
      for (const link of links.values()) link.off();
      links.clear();
      if (expiry) clock.clearTimeout(expiry.handle);
      expiry = undefined;
    },
  };
}
