// Membership on the LAN as the dashboard shows it (issue 14): for each node, who hears it now and
// on which interfaces, who heard it last and when, what it hears itself, and its state in words
// when the LAN and the API disagree. Joined across every node's health report; pure.
import { plural } from './plural';
import type { ConflictIncident, LanState, NodeLanView, NodeView } from './types';

const HEARTBEAT_WIRE = 'EtherType 0x88B5 to 03:00:69:6c:62:01';
const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

function lanOf(node: NodeView, others: NodeView[]): Omit<NodeLanView, 'state' | 'reason'> {
  const heardBy = new Map<string, { node: string; via: string }[]>();
  const silentTo: NodeLanView['silentTo'] = [];
  for (const peer of others) {
    for (const i of peer.health?.lan?.interfaces ?? []) {
      for (const h of i.heard) {
        if (h.node !== node.name) continue;
        heardBy.set(h.via, [...(heardBy.get(h.via) ?? []), { node: peer.name, via: i.name }]);
      }
      for (const s of i.silent) if (s.node === node.name) silentTo.push({ node: peer.name, via: i.name, lastHeardAt: s.at });
    }
  }
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
  return nodes.map((node) => {
    const others = nodes.filter((n) => n.name !== node.name);
    const lan = lanOf(node, others);
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
