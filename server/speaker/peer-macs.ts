// The MACs of every speaker, read from the health reports on their Leases: which MAC the elected
// node should answer with (to spot foreign claims) and which MACs are ironlb speakers at all.
// Kept after a Lease goes, so the last claims of a speaker that just stopped are recognised.
import { HEALTH_ANNOTATION, parseSpeakerHealth } from '../../lib/reconcile/speaker-health';
import { leaseNode } from './lease-board';
import type { SpeakerSources } from './sources';

export interface PeerMacs {
  /** Reads a speaker's report (cheap when the annotation did not change). */
  observe(node: string, annotations: Readonly<Record<string, string>> | undefined): void;
  /** The node's MAC on `ifname`, or its only MAC when it has one. */
  macOf(node: string, ifname: string): string | undefined;
  /** The speaker owning `mac`, if any speaker ever reported it. */
  nodeOfMac(mac: string): string | undefined;
}

const MAX_MACS = 4096;

export function createPeerMacs(): PeerMacs {
  const lastText = new Map<string, string>();
  const byNode = new Map<string, Map<string, string>>();
  const owners = new Map<string, string>();

  return {
    observe(node, annotations) {
      const text = annotations?.[HEALTH_ANNOTATION];
      if (!text || lastText.get(node) === text) return;
      lastText.set(node, text);
      const parsed = parseSpeakerHealth(annotations);
      if (!parsed.ok) return;
      byNode.set(node, new Map(parsed.health.interfaces.map((i) => [i.name, i.mac])));
      for (const i of parsed.health.interfaces) {
        owners.delete(i.mac);
        owners.set(i.mac, node);
      }
      while (owners.size > MAX_MACS) owners.delete(owners.keys().next().value as string);
    },
    macOf(node, ifname) {
      const macs = byNode.get(node);
      if (!macs) return undefined;
      return macs.get(ifname) ?? (macs.size === 1 ? [...macs.values()][0] : undefined);
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
