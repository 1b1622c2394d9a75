// The real transport: an AF_PACKET socket on one interface (native addon) plus a udp6 socket
// that joins solicited-node groups through the kernel so MLD reports go out (FIELD-NOTES: a
// snooping bridge left the client INCOMPLETE with a NIC-level membership only).
import { createSocket, type Socket } from 'node:dgram';
import { err, ok, type Result } from '../../../lib/result';
import { GroupRefs } from './group-refs';
import { loadPacketAddon, type NativePacketSocket } from './native-addon';
import { transportError, type FrameListener, type L2Transport, type TransportError, type TransportErrorListener } from './types';

const toTransportError = (e: unknown): TransportError => {
  const x = e as Error & { code?: string };
  return transportError(x.code ?? 'EIO', x.message);
};

class AfPacketTransport implements L2Transport {
  readonly mac: string;
  private readonly frameListeners = new Set<FrameListener>();
  private readonly errorListeners = new Set<TransportErrorListener>();
  private readonly groups = new GroupRefs();
  private socket: NativePacketSocket | undefined;
  private mld: Socket | undefined;
  private failure: TransportError | undefined;

  constructor(
    readonly ifname: string,
    open: (onFrame: FrameListener, onError: (e: Error) => void) => NativePacketSocket,
  ) {
    this.socket = open(
      (frame) => this.frameListeners.forEach((l) => l(frame)),
      (e) => this.fail(toTransportError(e)),
    );
    this.mac = this.socket.mac;
  }

  private fail(error: TransportError): void {
    this.failure = error;
    this.errorListeners.forEach((l) => l(error));
  }

  send(frame: Uint8Array): Result<void, TransportError> {
    if (!this.socket) return err(transportError('ECLOSED', `transport on ${this.ifname} is closed`));
    try {
      this.socket.send(frame);
      return ok(undefined);
    } catch (e) {
      return err(toTransportError(e));
    }
  }

  onFrame(listener: FrameListener): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onError(listener: TransportErrorListener): () => void {
    this.errorListeners.add(listener);
    if (this.failure) queueMicrotask(() => this.errorListeners.has(listener) && listener(this.failure!));
    return () => this.errorListeners.delete(listener);
  }

  private membership(group: string, join: boolean): Result<void, TransportError> {
    try {
      this.mld ??= createSocket({ type: 'udp6', reuseAddr: true }).unref();
      // The scope id picks the interface (libuv turns "%ifname" into ipv6mr_interface).
      if (join) this.mld.addMembership(group, `::%${this.ifname}`);
      else this.mld.dropMembership(group, `::%${this.ifname}`);
      return ok(undefined);
    } catch (e) {
      return err(toTransportError(e));
    }
  }

  joinSolicitedNode(ip: string): Result<void, TransportError> {
    const group = this.groups.acquire(ip);
    if (!group.ok || group.value === null) return group.ok ? ok(undefined) : group;
    const joined = this.membership(group.value, true);
    if (!joined.ok) this.groups.release(ip);
    return joined;
  }

  leaveSolicitedNode(ip: string): Result<void, TransportError> {
    const group = this.groups.release(ip);
    if (!group.ok || group.value === null) return group.ok ? ok(undefined) : group;
    return this.membership(group.value, false);
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
    this.mld?.close();
    this.mld = undefined;
    this.frameListeners.clear();
    this.errorListeners.clear();
  }
}

/**
 * Opens the AF_PACKET transport on `ifname`. Errors: ENOTSUP (not Linux), ENOADDON (addon not
 * built), EADDONLOAD, EPERM (no CAP_NET_RAW), ENODEV (no such interface), EINVAL (not Ethernet).
 */
export function openAfPacketTransport(ifname: string): Result<L2Transport, TransportError> {
  const addon = loadPacketAddon();
  if (!addon.ok) return addon;
  try {
    return ok(new AfPacketTransport(ifname, (onFrame, onError) => new addon.value.PacketSocket(ifname, onFrame, onError)));
  } catch (e) {
    return err(toTransportError(e));
  }
}

/**
 * Asks the kernel to run this (main) thread promptly when a frame wakes it: a short EEVDF slice
 * (Linux >= 6.12; older kernels ignore it; no privilege needed). On a busy node the speaker's
 * wakeup, not its JavaScript, dominates ARP reply latency (test/bench/arp.bench.ts). A real
 * speaker process calls this once at startup; the embedded dashboard must not.
 */
export function requestLowLatencyScheduling(sliceNs = 100_000): Result<void, TransportError> {
  const addon = loadPacketAddon();
  if (!addon.ok) return addon;
  try {
    addon.value.requestShortSlice(sliceNs);
    return ok(undefined);
  } catch (e) {
    return err(toTransportError(e));
  }
}
