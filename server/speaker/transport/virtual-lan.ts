// An in-memory Ethernet segment for the embedded mode: simulated nodes get a NIC and a MAC, and
// the same frames flow as on a wire. Delivery follows a switch with MLD snooping: broadcast and
// the speakers' heartbeat group to all, IPv6 multicast to NICs that joined the group (all-nodes
// always), unicast by MAC; asynchronous
// (queueMicrotask), never back to the sender.
import { err, ok, type Result } from '../../../lib/result';
import { BROADCAST_MAC, formatMac, HEARTBEAT_MAC, parseMac, solicitedNodeMac } from '../../../lib/packet';
import { GroupRefs } from './group-refs';
import { transportError, type FrameListener, type L2Transport, type TransportError, type TransportErrorListener } from './types';

const ALL_NODES_MAC = '33:33:00:00:00:01';

export interface VirtualNic extends L2Transport {
  readonly attached: boolean;
  /** Unplugs the NIC: its listeners get ENXIO, as a real speaker does when an interface vanishes. */
  detach(): void;
}

export type LanTap = (frame: Uint8Array, from: { nic: string; mac: string }) => void;

class Nic implements VirtualNic {
  readonly frameListeners = new Set<FrameListener>();
  private readonly errorListeners = new Set<TransportErrorListener>();
  private readonly groups = new GroupRefs();
  private readonly groupMacs = new Map<string, number>();
  attached = true;

  constructor(
    readonly ifname: string,
    readonly mac: string,
    private readonly lan: VirtualLan,
  ) {}

  accepts(dst: string): boolean {
    // The heartbeat group is not IP multicast: a switch floods it, as it floods broadcast.
    if (dst === BROADCAST_MAC || dst === ALL_NODES_MAC || dst === HEARTBEAT_MAC || dst === this.mac) return true;
    return this.groupMacs.has(dst);
  }

  send(frame: Uint8Array): Result<void, TransportError> {
    if (!this.attached) return err(transportError('ENXIO', `virtual NIC ${this.ifname} is detached`));
    if (frame.length < 14) return err(transportError('EINVAL', `frame of ${frame.length} bytes is shorter than an Ethernet header`));
    this.lan.carry(this, frame.slice());
    return ok(undefined);
  }

  onFrame(listener: FrameListener): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onError(listener: TransportErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private countGroupMac(ip: string, delta: 1 | -1): void {
    const mac = solicitedNodeMac(ip);
    if (!mac.ok) return;
    const n = (this.groupMacs.get(mac.value) ?? 0) + delta;
    if (n > 0) this.groupMacs.set(mac.value, n);
    else this.groupMacs.delete(mac.value);
  }

  joinSolicitedNode(ip: string): Result<void, TransportError> {
    const group = this.groups.acquire(ip);
    if (!group.ok) return group;
    if (group.value !== null) this.countGroupMac(ip, 1);
    return ok(undefined);
  }

  leaveSolicitedNode(ip: string): Result<void, TransportError> {
    const group = this.groups.release(ip);
    if (!group.ok) return group;
    if (group.value !== null) this.countGroupMac(ip, -1);
    return ok(undefined);
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.lan.unplug(this);
    const gone = transportError('ENXIO', `virtual NIC ${this.ifname} was removed`);
    this.errorListeners.forEach((l) => l(gone));
  }

  close(): void {
    this.frameListeners.clear();
    this.errorListeners.clear();
    this.attached = false;
    this.lan.unplug(this);
  }
}

export class VirtualLan {
  private readonly nics = new Map<string, Nic>();
  private readonly taps = new Set<LanTap>();
  private nextMac = 1;
  framesCarried = 0;

  constructor(readonly name = 'lan0') {}

  /** Plugs in a NIC; without `mac`, a locally administered one (02:1b:...) is made up. Throws on a duplicate name. */
  attach(ifname: string, mac?: string): VirtualNic {
    if (this.nics.has(ifname)) throw new Error(`virtual LAN ${this.name} already has a NIC named ${ifname}`);
    const parsed = parseMac(mac ?? this.makeMac());
    if (!parsed.ok) throw new Error(parsed.error);
    const nic = new Nic(ifname, formatMac(parsed.value), this);
    this.nics.set(ifname, nic);
    return nic;
  }

  private makeMac(): string {
    const n = this.nextMac++;
    return formatMac(Uint8Array.of(0x02, 0x1b, 0, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff));
  }

  listNics(): { ifname: string; mac: string }[] {
    return [...this.nics.values()].map((n) => ({ ifname: n.ifname, mac: n.mac }));
  }

  /** Sees every frame on the segment (the dashboard's capture view); returns an unsubscribe. */
  tap(listener: LanTap): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  /** @internal called by a NIC's send(). */
  carry(from: Nic, frame: Uint8Array): void {
    this.framesCarried++;
    queueMicrotask(() => this.deliver(from, frame));
  }

  /** @internal */
  unplug(nic: Nic): void {
    if (this.nics.get(nic.ifname) === nic) this.nics.delete(nic.ifname);
  }

  private deliver(from: Nic, frame: Uint8Array): void {
    this.taps.forEach((t) => t(frame, { nic: from.ifname, mac: from.mac }));
    const dst = formatMac(frame, 0);
    for (const nic of this.nics.values()) {
      if (nic === from || !nic.accepts(dst)) continue;
      nic.frameListeners.forEach((l) => l(frame));
    }
  }
}
