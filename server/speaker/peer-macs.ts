// The MACs of every speaker, from their authenticated LAN heartbeats and from the health reports
// on their Leases: which MAC the elected node should answer with (to spot foreign claims) and
// which MACs are ironlb speakers at all. A heartbeat is heard before its sender announces
// anything, so a peer's MAC is known before its first gratuitous ARP can be judged (issue 22).
// Kept after a speaker goes, so the last claims of a speaker that just stopped are recognised.
import { HEALTH_ANNOTATION, parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import { leaseNode } from './lease-board';
import type { SpeakerSources } from './sources';

export interface PeerMacs {
  /** Reads a speaker's report (cheap when the annotation did not change). */
  observe(node: string, annotations: Readonly<Record<string, string>> | undefined): void;
  /** A peer's MAC on one of its interfaces, from an authenticated heartbeat. */
  noteHeard(node: string, ifname: string, mac: string): void;
  /** The node's MAC on `ifname`, or its only MAC when it has one. */
  macOf(node: string, ifname: string): string | undefined;
  /** The speaker owning `mac`, if any speaker ever reported it. */
  nodeOfMac(mac: string): string | undefined;
}

const MAX_MACS = 4096;

export function createPeerMacs(): PeerMacs {
  const lastText = new Map<string, string>();
  const byNode = new Map<string, Map<string, string>>();
  const heard = new Map<string, Map<string, string>>();
  const owners = new Map<string, string>();
  const own = (mac: string, node: string) => {
    if (owners.get(mac) === node) return;
    owners.delete(mac);
    owners.set(mac, node);
    while (owners.size > MAX_MACS) owners.delete(owners.keys().next().value as string);
  };

  return {
    observe(node, annotations) {
      const text = annotations?.[HEALTH_ANNOTATION];
      if (!text || lastText.get(node) === text) return;
      lastText.set(node, text);
      const parsed = parseSpeakerHealth(annotations);
      if (!parsed.ok) return;
      byNode.set(node, new Map(parsed.health.interfaces.map((i) => [i.name, i.mac])));
      for (const i of parsed.health.interfaces) own(i.mac, node);
    },
    noteHeard(node, ifname, mac) {
      let macs = heard.get(node);
      if (!macs) heard.set(node, (macs = new Map()));
      if (macs.get(ifname) === mac) return;
      macs.set(ifname, mac);
      own(mac, node);
    },
    macOf(node, ifname) {
      for (const macs of [heard.get(node), byNode.get(node)]) {
        if (!macs) continue;
        const mac = macs.get(ifname) ?? (macs.size === 1 ? [...macs.values()][0] : undefined);
        if (mac) return mac;
      }
      return undefined;
    },
    nodeOfMac: (mac) => owners.get(mac.toLowerCase()),
  };
}

/**
 * Keeps `peers` current from the speaker Leases; returns the unsubscribe. Once per set of
 * MACs: speakers that share one (the simulated ones) do not each read every renewal.
 */
export function followPeerLeases(peers: PeerMacs, sources: SpeakerSources): () => void {
  return sources.subscribe(({ kind, event }) => {
    if (kind !== 'leases' || event.type === 'deleted') return;
    const node = leaseNode(event.object);
    if (node) peers.observe(node, event.object.metadata.annotations);
  });
}
