// The speaker's view of its network links: a provider lists the interfaces eligible to announce
// on and opens a transport on one (AF_PACKET on a real node, a NIC on the virtual LAN).
import type { Result } from '../../lib/result';
import type { L2Transport, TransportError } from './transport/types';

export interface LinkProvider {
  readonly kind: 'af-packet' | 'virtual';
  /** Interfaces eligible to announce on now. */
  listEligible(): Promise<string[]>;
  open(ifname: string): Result<L2Transport, TransportError>;
  /** How often the eligible set is re-read, ms (0: it never changes). */
  readonly rescanMs: number;
}

/** A transport seen under another interface name (virtual NICs are named per LAN, not per node). */
export function renameTransport(t: L2Transport, ifname: string): L2Transport {
  return {
    ifname,
    get mac() {
      return t.mac;
    },
    send: (frame) => t.send(frame),
    onFrame: (l) => t.onFrame(l),
    onError: (l) => t.onError(l),
    joinSolicitedNode: (ip) => t.joinSolicitedNode(ip),
    leaveSolicitedNode: (ip) => t.leaveSolicitedNode(ip),
    close: () => t.close(),
  };
}
