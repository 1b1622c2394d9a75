// Cluster IP (10.96.0.0/12 and fd00:10:96::/108) and node port (30000-32767) bookkeeping for Services.
// Tracks committed Services only; allocation is a pure pick against that index, so nothing needs rollback.
import ipaddr from 'ipaddr.js';
import { asList, asMap, asString } from './json-path';
import type { CommittedChange, StoredEntry } from './store';
import type { KubeObject } from './types';

export type IPFamily = 'IPv4' | 'IPv6';

export const SERVICE_CIDRS: Record<IPFamily, string> = { IPv4: '10.96.0.0/12', IPv6: 'fd00:10:96::/108' };
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

const ownerOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

function allocatedValues(o: KubeObject): { ips: string[]; ports: number[] } {
  const spec = asMap(o.spec);
  const ips = asList(spec.clusterIPs).filter((x): x is string => typeof x === 'string' && x !== 'None' && x !== '');
  const single = asString(spec.clusterIP);
  if (ips.length === 0 && single && single !== 'None') ips.push(single);
  const ports = asList(spec.ports).map((p) => asMap(p).nodePort).filter((n): n is number => typeof n === 'number' && n > 0);
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) ports.push(spec.healthCheckNodePort);
  return { ips: ips.map(normalizeIP), ports };
}

/** Whether two versions of a Service hold the same cluster IPs and node ports (nearly every update: status, labels). */
function sameAllocations(a: KubeObject, b: KubeObject): boolean {
  const sa = asMap(a.spec);
  const sb = asMap(b.spec);
  if (sa === sb) return true;
  if (sa.clusterIP !== sb.clusterIP || sa.healthCheckNodePort !== sb.healthCheckNodePort) return false;
  const ia = asList(sa.clusterIPs);
  const ib = asList(sb.clusterIPs);
  const pa = asList(sa.ports);
  const pb = asList(sb.ports);
  if (ia.length !== ib.length || pa.length !== pb.length) return false;
  return ia.every((ip, i) => ip === ib[i]) && pa.every((port, i) => asMap(port).nodePort === asMap(pb[i]).nodePort);
}

export function normalizeIP(ip: string): string {
  return ipaddr.isValid(ip) ? ipaddr.parse(ip).toString() : ip;
}

export function familyOf(ip: string): IPFamily | undefined {
  if (!ipaddr.isValid(ip)) return undefined;
  return ipaddr.parse(ip).kind() === 'ipv4' ? 'IPv4' : 'IPv6';
}

export function isInServiceRange(ip: string): boolean {
  const family = familyOf(ip);
  if (!family) return false;
  const [net, bits] = ipaddr.parseCIDR(SERVICE_CIDRS[family]);
  return ipaddr.parse(ip).match(net, bits);
}

function addressAt(family: IPFamily, offset: number): string {
  if (family === 'IPv4') {
    const n = 0x0a600000 + offset;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  return normalizeIP(`fd00:10:96::${(offset >>> 16).toString(16)}:${(offset & 0xffff).toString(16)}`);
}

// Offsets 0 and 1 are the network address and the `kubernetes` service's IP on a real cluster.
const RANGE_SIZE: Record<IPFamily, number> = { IPv4: 1 << 20, IPv6: 1 << 20 };

export class ServiceAllocator {
  private readonly ips = new Map<string, string>();
  private readonly ports = new Map<number, string>();

  constructor(private readonly random: () => number = Math.random) {}

  load(entries: StoredEntry[]) {
    for (const e of entries) this.track(e.obj);
  }

  observe(changes: CommittedChange[]) {
    for (const c of changes) {
      if (c.storage !== 'services') continue;
      if (c.prev && c.type !== 'DELETED' && sameAllocations(c.prev.obj, c.entry.obj)) continue;
      if (c.prev) this.untrack(c.prev.obj);
      if (c.type !== 'DELETED') this.track(c.entry.obj);
    }
  }

  private track(o: KubeObject) {
    const owner = ownerOf(o);
    const { ips, ports } = allocatedValues(o);
    for (const ip of ips) this.ips.set(ip, owner);
    for (const p of ports) this.ports.set(p, owner);
  }

  private untrack(o: KubeObject) {
    const owner = ownerOf(o);
    const { ips, ports } = allocatedValues(o);
    for (const ip of ips) if (this.ips.get(ip) === owner) this.ips.delete(ip);
    for (const p of ports) if (this.ports.get(p) === owner) this.ports.delete(p);
  }

  isIPFree(ip: string, owner: string): boolean {
    const holder = this.ips.get(normalizeIP(ip));
    return holder === undefined || holder === owner;
  }

  isPortFree(port: number, owner: string): boolean {
    const holder = this.ports.get(port);
    return holder === undefined || holder === owner;
  }

  allocateIP(family: IPFamily, owner: string): string | undefined {
    const size = RANGE_SIZE[family];
    for (let attempt = 0; attempt < 64; attempt++) {
      const ip = addressAt(family, 2 + Math.floor(this.random() * (size - 3)));
      if (this.isIPFree(ip, owner)) return ip;
    }
    for (let offset = 2; offset < size - 1; offset++) {
      const ip = addressAt(family, offset);
      if (this.isIPFree(ip, owner)) return ip;
    }
    return undefined;
  }

  /** A free node port not in `taken` (ports this same write already picked). */
  allocatePort(taken: Set<number>): number | undefined {
    const span = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
    const free = (p: number) => !taken.has(p) && !this.ports.has(p);
    for (let attempt = 0; attempt < 64; attempt++) {
      const p = NODE_PORT_RANGE.min + Math.floor(this.random() * span);
      if (free(p)) return p;
    }
    for (let p = NODE_PORT_RANGE.min; p <= NODE_PORT_RANGE.max; p++) if (free(p)) return p;
    return undefined;
  }
}
