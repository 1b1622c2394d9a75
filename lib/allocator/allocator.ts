// The allocator (docs/semantics.md "Allocation"): in-memory, deterministic bookkeeping of which service holds
// which LoadBalancer IPs. It decides and remembers; it never talks to Kubernetes.
import { formatIP, parseIP, type IPAddr } from '../ip';
import { err, ok, type Result } from '../result';
import { backendKeyOf, isPoolCompatible, type Holder } from './compat';
import { IPTable } from './ip-table';
import { checkAllSharing, checkIPs, findPool, pickInPool, sortPinned, sortUnpinned } from './pick';
import { PoolState } from './pool-state';
import { familyAttempts, readAllocationRequest, sortByFamily } from './request';
import type {
  AllocService,
  Allocation,
  AllocationError,
  AllocationRequest,
  AllocationView,
  AllocatorPool,
  Invalidation,
  PoolCounters,
} from './types';

interface Held {
  ips: IPAddr[];
  pool: string;
  holder: Holder;
  service: AllocService;
}

type Outcome = Result<Allocation, AllocationError>;

const sameIPs = (a: readonly IPAddr[], b: readonly IPAddr[]): boolean =>
  a.length === b.length && a.every((x, i) => x.family === b[i].family && x.n === b[i].n);

export class Allocator {
  private pools = new Map<string, PoolState>();
  private pinned: PoolState[] = [];
  private unpinned: PoolState[] = [];
  private readonly table = new IPTable();
  private readonly held = new Map<string, Held>();

  /**
   * Replaces the pool set. Allocations keep their IPs when those still lie in one pool that
   * allows them and serves the service (a rename or split just moves the bookkeeping);
   * the others are freed and returned, sorted by service key.
   */
  setPools(pools: readonly AllocatorPool[]): Invalidation[] {
    const states = pools.map((p) => new PoolState(p));
    this.pools = new Map(states.map((s) => [s.name, s]));
    this.pinned = sortPinned(states.filter((s) => s.spec.serviceAllocation));
    this.unpinned = sortUnpinned(states.filter((s) => !s.spec.serviceAllocation));
    const invalid: Invalidation[] = [];
    for (const svcKey of [...this.held.keys()].sort()) {
      const h = this.held.get(svcKey) as Held;
      const checked = this.recheck(h);
      if (typeof checked === 'string') {
        invalid.push({ svcKey, ips: h.ips.map(formatIP), reason: checked });
        for (const ip of h.ips) this.table.remove(ip, svcKey);
        this.held.delete(svcKey);
        continue;
      }
      h.pool = checked.name;
      for (const ip of h.ips) {
        const record = this.table.get(ip);
        if (record) record.pool = checked.name;
      }
    }
    for (const record of this.table.records()) {
      const pool = this.pools.get(record.pool);
      if (pool) pool.assigned[record.ip.family] += 1;
    }
    return invalid;
  }

  /**
   * Records IPs a service already has (status.loadBalancer.ingress), e.g. on controller start.
   * Fails, changing nothing, when the IPs are not valid for the service any more.
   */
  assign(svcKey: string, service: AllocService, ips: readonly string[]): Outcome {
    const request = readAllocationRequest(service);
    if (!request.ok) return request;
    const parsed: IPAddr[] = [];
    for (const text of ips) {
      const ip = parseIP(text);
      if (!ip.ok) return this.fail('LoadBalancerFailed', ip.error, request.value);
      parsed.push(ip.value);
    }
    return this.tryIPs(svcKey, service, request.value, sortByFamily(parsed));
  }

  /**
   * Gives the service its IPs: keeps the current ones while still valid, else requested IPs,
   * else the lowest free of the annotated pool, else the first pool with room.
   */
  allocate(svcKey: string, service: AllocService): Outcome {
    const request = readAllocationRequest(service);
    if (!request.ok) return request;
    const req = request.value;
    const current = this.held.get(svcKey);
    if (current) {
      const kept = this.tryIPs(svcKey, service, req, current.ips);
      if (kept.ok) return kept;
      this.release(svcKey);
    }
    if (req.requestedIPs.length > 0) return this.tryIPs(svcKey, service, req, req.requestedIPs);
    if (req.pool !== undefined) return this.allocateFromPool(svcKey, service, req, req.pool);
    return this.allocateAuto(svcKey, service, req);
  }

  /** Frees everything the service holds; returns the IPs it held. */
  release(svcKey: string): string[] {
    const h = this.held.get(svcKey);
    if (!h) return [];
    for (const ip of h.ips) this.freeHold(ip, svcKey);
    this.held.delete(svcKey);
    return h.ips.map(formatIP);
  }

  /** How many services hold IPs. */
  get size(): number {
    return this.held.size;
  }

  /** Whether the service holds any IP (ipsOf without formatting them). */
  holds(svcKey: string): boolean {
    return this.held.has(svcKey);
  }

  ipsOf(svcKey: string): string[] | undefined {
    return this.held.get(svcKey)?.ips.map(formatIP);
  }

  poolOf(svcKey: string): string | undefined {
    return this.held.get(svcKey)?.pool;
  }

  /** Services holding the address, sorted. */
  holdersOf(ip: string): string[] {
    const parsed = parseIP(ip);
    const record = parsed.ok ? this.table.get(parsed.value) : undefined;
    return record ? record.holders.map((h) => h.svcKey).sort() : [];
  }

  poolForIP(ip: string): string | undefined {
    const parsed = parseIP(ip);
    return parsed.ok ? findPool(this.pools.values(), parsed.value)?.name : undefined;
  }

  countersForPool(name: string): PoolCounters | undefined {
    const p = this.pools.get(name);
    if (!p) return undefined;
    return {
      assignedIPv4: BigInt(p.assigned.IPv4),
      assignedIPv6: BigInt(p.assigned.IPv6),
      availableIPv4: p.capacity.IPv4 - BigInt(p.assigned.IPv4),
      availableIPv6: p.capacity.IPv6 - BigInt(p.assigned.IPv6),
    };
  }

  list(): AllocationView[] {
    return [...this.held.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([svcKey, h]) => ({ svcKey, ips: h.ips.map(formatIP), pool: h.pool, sharingKey: h.holder.sharingKey }));
  }

  private recheck(h: Held): PoolState | string {
    const req = readAllocationRequest(h.service);
    if (!req.ok) return req.error.message;
    const pool = checkIPs(h.ips, h.service, req.value, this.pools);
    return pool.ok ? pool.value : pool.error;
  }

  private tryIPs(svcKey: string, service: AllocService, req: AllocationRequest, ips: IPAddr[]): Outcome {
    const pool = checkIPs(ips, service, req, this.pools);
    // MetalLB reports a requested IP it cannot assign (outside every pool, not in the requested pool...) as AllocationFailed.
    if (!pool.ok) return this.fail('AllocationFailed', pool.error, req);
    const holder = this.holderFor(svcKey, service, req);
    const conflict = checkAllSharing(ips, this.table, holder);
    if (conflict) return this.fail('AllocationFailed', conflict, req);
    return ok(this.commit(pool.value, { ips, holder, service }, req));
  }

  private allocateFromPool(svcKey: string, service: AllocService, req: AllocationRequest, name: string): Outcome {
    const pool = this.pools.get(name);
    if (!pool) return this.fail('AllocationFailed', `unknown pool "${name}"`, req);
    if (!isPoolCompatible(pool.spec, service)) {
      return this.fail('AllocationFailed', `pool "${name}" does not serve "${service.namespace}/${service.name}" (serviceAllocation)`, req);
    }
    const picked = this.pickFrom([pool], svcKey, service, req);
    return picked ?? this.fail('AllocationFailed', `no available IPs in pool "${name}"`, req);
  }

  private allocateAuto(svcKey: string, service: AllocService, req: AllocationRequest): Outcome {
    const pools = this.pinned.filter((p) => p.spec.autoAssign && isPoolCompatible(p.spec, service));
    for (const p of this.unpinned) if (p.spec.autoAssign) pools.push(p);
    const picked = this.pickFrom(pools, svcKey, service, req);
    return picked ?? this.fail('AllocationFailed', 'no available IPs', req);
  }

  /** Tries each family set (dual first for PreferDualStack) across the pools in order. */
  private pickFrom(pools: PoolState[], svcKey: string, service: AllocService, req: AllocationRequest): Outcome | null {
    const holder = this.holderFor(svcKey, service, req);
    for (const families of familyAttempts(service).attempts) {
      for (const pool of pools) {
        const ips = pickInPool(pool, families, this.table, holder);
        if (ips) return ok(this.commit(pool, { ips, holder, service }, req));
      }
    }
    return null;
  }

  private commit(pool: PoolState, next: Omit<Held, 'pool'>, req: AllocationRequest): Allocation {
    const svcKey = next.holder.svcKey;
    const previous = this.held.get(svcKey);
    if (previous) for (const ip of previous.ips) this.freeHold(ip, svcKey);
    for (const ip of next.ips) {
      if (this.table.add(ip, pool.name, next.holder)) pool.assigned[ip.family] += 1;
    }
    this.held.set(svcKey, { ips: next.ips, pool: pool.name, holder: next.holder, service: next.service });
    return {
      ips: next.ips,
      ipStrings: next.ips.map(formatIP),
      pool: pool.name,
      changed: !previous || !sameIPs(previous.ips, next.ips),
      deprecatedAnnotations: req.deprecatedAnnotations,
    };
  }

  private freeHold(ip: IPAddr, svcKey: string): void {
    const freed = this.table.remove(ip, svcKey);
    const pool = freed ? this.pools.get(freed.pool) : undefined;
    if (!pool) return;
    pool.assigned[ip.family] -= 1;
    pool.markFreed(ip);
  }

  private holderFor(svcKey: string, service: AllocService, req: AllocationRequest): Holder {
    return { svcKey, sharingKey: req.sharingKey, backendKey: backendKeyOf(service), ports: service.ports };
  }

  private fail(eventReason: AllocationError['eventReason'], message: string, req: AllocationRequest): Outcome {
    return err({ eventReason, message, deprecatedAnnotations: req.deprecatedAnnotations });
  }
}
