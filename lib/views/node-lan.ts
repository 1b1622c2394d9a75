// Membership on the LAN as the dashboard shows it (issue 14): for each node, who hears it now and
// on which interfaces, who heard it last and when, what it hears itself, and its state in words
// when the LAN and the API disagree. Joined across every node's health report; pure.
import { plural } from './plural';
import type { ConflictIncident, LanState, NodeLanView, NodeView } from './types';

const HEARTBEAT_WIRE = 'EtherType 0x88B5 to 03:00:69:6c:62:01';
const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** What the other nodes' reports say about one node: who hears it on which interface, who misses it. */
interface Mentions {
  heardBy: Map<string, { node: string; via: string }[]>;
  silentTo: NodeLanView['silentTo'];
}

/**
 * Every report read once, by the node it mentions: one pass over all reports instead of one per
 * node (at 100 nodes each hearing 100 peers, a million steps per rebuild, profiled at 6 % of the
 * embedded cluster's CPU while the nodes joined). Reports in node order, as each node's own join read them.
 */
function indexMentions(nodes: readonly NodeView[]): Map<string, Mentions> {
  const out = new Map<string, Mentions>();
  const of = (name: string) => {
    let m = out.get(name);
    if (!m) out.set(name, (m = { heardBy: new Map(), silentTo: [] }));
    return m;
  };
  for (const peer of nodes) {
    for (const i of peer.health?.lan?.interfaces ?? []) {
      for (const h of i.heard) {
        if (h.node === peer.name) continue; // a node's own report says nothing about how others hear it
        const heardBy = of(h.node).heardBy;
        const by = heardBy.get(h.via) ?? [];
        by.push({ node: peer.name, via: i.name });
        heardBy.set(h.via, by);
      }
      for (const s of i.silent) if (s.node !== peer.name) of(s.node).silentTo.push({ node: peer.name, via: i.name, lastHeardAt: s.at });
    }
  }
  return out;
}

function lanOf(node: NodeView, others: NodeView[], mentions: Mentions | undefined): Omit<NodeLanView, 'state' | 'reason'> {
  const heardBy = mentions?.heardBy ?? new Map<string, { node: string; via: string }[]>();
  const silentTo: NodeLanView['silentTo'] = mentions?.silentTo ?? [];
  const own = node.health?.lan;
  const hears = (own?.interfaces ?? []).map((i) => ({
    interface: i.name,
    state: i.state,
    peers: [...new Set(i.heard.map((h) => h.node))].sort(),
  }));
  const ready = hears.filter((h) => h.state === 'ready');
  const livePeers = others.filter((o) => o.speaker !== 'down').length;
  return {
    heardBy: [...heardBy].map(([iface, by]) => ({ interface: iface, by })).sort((a, b) => (a.interface < b.interface ? -1 : 1)),
    silentTo,
    hears,
    hearsNoPeers: livePeers > 0 && ready.length > 0 && ready.every((h) => h.peers.length === 0),
    rejected: own?.rejected ?? {},
  };
}

function judge(node: NodeView, lan: Omit<NodeLanView, 'state' | 'reason'>, peers: string[]): { state: LanState; reason: string } {
  const hearers = [...new Set(lan.heardBy.flatMap((h) => h.by.map((b) => b.node)))].sort();
  const mentioned = hearers.length > 0 || lan.silentTo.length > 0;
  if (!node.health?.lan && !mentioned) return { state: 'unknown', reason: 'no report of membership on the LAN' };
  if (hearers.length > 0 && node.speaker === 'live') return { state: 'live', reason: `heard on the LAN by ${list(hearers)}` };
  if (hearers.length > 0)
    return {
      state: 'cutOffFromApi',
      reason: `heard on the LAN by ${list(hearers)}, but its Lease is not renewed: it cannot reach the API server, and keeps announcing (the LAN decides who is live)`,
    };
  if (node.speaker === 'down') return { state: 'down', reason: 'not heard on the LAN, and its Lease has expired' };
  if (peers.length === 0) return { state: 'live', reason: 'the only speaker: no peer to hear it' };
  return {
    state: 'silentOnLan',
    reason: `its Lease is renewed, but none of ${list(peers)} hears it on the LAN: its link is down, or the network drops the speakers' heartbeats (${HEARTBEAT_WIRE})`,
  };
}

/** Every node with its LAN view, judged against the reports of all the others. */
export function withLanStates(nodes: readonly NodeView[]): NodeView[] {
  const mentions = indexMentions(nodes);
  return nodes.map((node) => {
    const others = nodes.filter((n) => n.name !== node.name);
    const lan = lanOf(node, others, mentions.get(node.name));
    const peers = others.filter((o) => o.speaker !== 'down' && o.health?.lan).map((o) => o.name);
    return { ...node, lan: { ...lan, ...judge(node, lan, peers) } };
  });
}

/** One line per problem on the LAN, for preflight (empty when all is well). */
export function describeLanProblems(nodes: readonly NodeView[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.health?.lan?.problem) out.push(`${n.name}: ${n.health.lan.problem}`);
    if (n.lan.hearsNoPeers)
      out.push(`${n.name} hears none of the other speakers on the LAN (${n.lan.hears.map((h) => h.interface).join(', ')}): a VLAN or switch keeps the heartbeats (${HEARTBEAT_WIRE}) from it`);
    if (n.lan.state === 'silentOnLan' || n.lan.state === 'cutOffFromApi') out.push(`${n.name}: ${n.lan.reason}`);
    const refused = Object.values(n.lan.rejected).reduce((a, b) => a + b, 0);
    if (refused > 0)
      out.push(`${n.name} refused ${plural(refused, 'heartbeat')} (${Object.entries(n.lan.rejected).map(([r, k]) => `${r} ${k}`).join(', ')}): another host sends forged or replayed frames, or a speaker runs with another key`);
  }
  return out;
}

/** Conflicts as incidents: one per (IP, foreign MAC), with the nodes that saw it. */
export function conflictIncidents(nodes: readonly NodeView[]): ConflictIncident[] {
  const byKey = new Map<string, ConflictIncident>();
  for (const n of nodes) {
    for (const c of n.health?.conflicts ?? []) {
      const key = `${c.ip}|${c.mac}`;
      const seen = byKey.get(key) ?? { ip: c.ip, mac: c.mac, seenBy: [], lastSeen: c.at };
      if (!seen.seenBy.includes(n.name)) seen.seenBy.push(n.name);
      if (c.at > seen.lastSeen) seen.lastSeen = c.at;
      byKey.set(key, seen);
    }
  }
  return [...byKey.values()].map((c) => ({ ...c, seenBy: c.seenBy.sort() })).sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.mac < b.mac ? -1 : 1));
}
