// Property test (issue 4): random sequences of service and pool operations with controller
// restarts in between, run through the same reconcile and first-pass order the controller uses.
// After each step: no IP held by two services that may not share, no IP outside its pool,
// the allocator agrees with Service status, and a restart moves no IP.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNOTATION_ALLOCATED_FROM_POOL, Allocator } from '../allocator';
import type { PoolConfig } from '../config';
import { isBuggyIPv4, parseIP, rangeContains } from '../ip';
import { reconcileService, type ControllerContext } from './controller';
import { resolveControllerConfig } from './controller-config';
import { compareForFirstPass, isLoadBalancer, isOurClass, serviceKey, statusIPs, type ServiceObject } from './controller-service';

const SYSTEM_NS = 'metallb-system';
const KEYS = ['default/s0', 'default/s1', 'default/s2', 'default/s3', 'default/s4', 'team/s5'];

interface PoolChoice {
  present: boolean;
  autoAssign: boolean;
  avoidBuggyIPs: boolean;
  pinned: boolean;
  priority: number;
}

const POOL_ADDRESSES: Record<string, string[]> = {
  pa: ['192.0.2.0/31'],
  pb: ['192.0.2.8-192.0.2.9', '2001:db8::/127'],
  pc: ['198.51.100.255/32', '2001:db8:1::/128'],
};

const poolChoice = fc.record({
  present: fc.boolean(),
  autoAssign: fc.boolean(),
  avoidBuggyIPs: fc.boolean(),
  pinned: fc.boolean(),
  priority: fc.integer({ min: 0, max: 3 }),
});

const serviceSpec = fc.record({
  isLB: fc.constantFrom(true, true, true, false),
  ports: fc.subarray(['TCP/80', 'TCP/443', 'UDP/53'], { minLength: 1 }),
  sharingKey: fc.constantFrom(undefined, 'k1', 'k2'),
  local: fc.boolean(),
  // Mostly plain services, so pools fill up and pending services are common.
  requested: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, '192.0.2.1', '192.0.2.8', '2001:db8::1', '198.51.100.255', '203.0.113.1'),
  pool: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, 'pa', 'pb', 'nope'),
  family: fc.constantFrom('v4', 'v4', 'v4', 'v4', 'v6', 'prefer', 'require'),
  foreign: fc.constantFrom(false, false, false, false, true),
});
type Spec = typeof serviceSpec extends fc.Arbitrary<infer T> ? T : never;

const operation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('upsert' as const), key: fc.constantFrom(...KEYS), spec: serviceSpec }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pools' as const), pools: fc.record({ pa: poolChoice, pb: poolChoice, pc: poolChoice }) }) },
  { weight: 2, arbitrary: fc.constant({ op: 'restart' as const }) },
);
type Op = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function toService(key: string, spec: Spec, previous: ServiceObject | undefined, createdAt: number): ServiceObject {
  const [namespace, name] = key.split('/');
  const annotations: Record<string, string> = {};
  const managed = previous?.metadata.annotations?.[ANNOTATION_ALLOCATED_FROM_POOL];
  if (managed) annotations[ANNOTATION_ALLOCATED_FROM_POOL] = managed;
  if (spec.sharingKey) annotations['metallb.io/allow-shared-ip'] = spec.sharingKey;
  if (spec.requested) annotations['metallb.io/loadBalancerIPs'] = spec.requested;
  if (spec.pool) annotations['metallb.io/address-pool'] = spec.pool;
  const families = { v4: ['IPv4'], v6: ['IPv6'], prefer: ['IPv4', 'IPv6'], require: ['IPv6', 'IPv4'] }[spec.family];
  const policy = { v4: 'SingleStack', v6: 'SingleStack', prefer: 'PreferDualStack', require: 'RequireDualStack' }[spec.family];
  return {
    metadata: { namespace, name, annotations, creationTimestamp: previous?.metadata.creationTimestamp ?? new Date(Date.UTC(2024, 0, 1) + createdAt * 1000).toISOString() },
    spec: {
      type: spec.isLB ? 'LoadBalancer' : 'ClusterIP',
      clusterIP: families[0] === 'IPv4' ? '10.96.0.1' : 'fd00::1',
      ipFamilies: families,
      ipFamilyPolicy: policy,
      loadBalancerClass: spec.foreign ? 'example.com/other' : undefined,
      ports: spec.ports.map((p) => ({ protocol: p.split('/')[0], port: Number(p.split('/')[1]) })),
      externalTrafficPolicy: spec.local ? 'Local' : 'Cluster',
      selector: { app: spec.local ? name : 'shared' },
    },
    status: previous?.status ?? { loadBalancer: {} },
  };
}

function toPools(choices: Record<string, PoolChoice>): unknown[] {
  return Object.entries(choices)
    .filter(([, c]) => c.present)
    .map(([name, c]) => ({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name, namespace: SYSTEM_NS },
      spec: {
        addresses: POOL_ADDRESSES[name],
        autoAssign: c.autoAssign,
        avoidBuggyIPs: c.avoidBuggyIPs,
        ...(c.pinned ? { serviceAllocation: { priority: c.priority, namespaces: ['team'] } } : {}),
      },
    }));
}

/** The API server (services as stored) plus one controller incarnation. */
class World {
  services = new Map<string, ServiceObject>();
  poolObjects: unknown[] = [];
  pools: PoolConfig[] = [];
  ctx: ControllerContext = { allocator: new Allocator(), configLoaded: true };
  /** Creation clock: a re-created service is newer than everything before it, as in Kubernetes. */
  created = 0;

  setPools(objects: unknown[]) {
    const cfg = resolveControllerConfig(objects, undefined, SYSTEM_NS);
    if (!cfg.ok) return; // invalid: the controller keeps the last good config
    this.poolObjects = objects;
    this.pools = cfg.value.pools;
    this.ctx.allocator.setPools(this.pools);
    this.converge(this.allKeysInFirstPassOrder());
  }

  restart() {
    this.ctx = { allocator: new Allocator(), configLoaded: true };
    this.ctx.allocator.setPools(this.pools);
    this.converge(this.allKeysInFirstPassOrder());
  }

  allKeysInFirstPassOrder(): string[] {
    return [...this.services.values()].sort(compareForFirstPass).map(serviceKey);
  }

  converge(initial: string[]) {
    const queue = [...initial];
    for (let steps = 0; queue.length; steps++) {
      if (steps > 500) throw new Error('controller did not converge (ping-pong between writes)');
      const key = queue.shift() as string;
      const plan = reconcileService(this.ctx, key, this.services.get(key));
      for (const a of plan.actions) {
        const svc = this.services.get(key);
        if (a.type === 'setStatus' && svc) {
          this.services.set(key, { ...svc, status: { loadBalancer: a.ips.length ? { ingress: a.ips.map((ip) => ({ ip })) } : {} } });
          queue.push(key); // the informer sees our own write
        } else if (a.type === 'setAnnotations' && svc) {
          const annotations = { ...svc.metadata.annotations, ...a.set };
          for (const r of a.remove) delete annotations[r];
          this.services.set(key, { ...svc, metadata: { ...svc.metadata, annotations } });
          queue.push(key);
        } else if (a.type === 'reprocessPending') {
          for (const s of [...this.services.values()].sort(compareForFirstPass)) {
            if (isLoadBalancer(s) && !this.ctx.allocator.ipsOf(serviceKey(s))) queue.push(serviceKey(s));
          }
        }
      }
    }
  }
}

const sharingKeyOf = (s: ServiceObject) => s.metadata.annotations?.['metallb.io/allow-shared-ip'];
const portsOf = (s: ServiceObject) => (s.spec?.ports ?? []).map((p) => `${p.protocol}/${p.port}`);
const backendOf = (s: ServiceObject) => (s.spec?.externalTrafficPolicy === 'Local' ? `Local:${JSON.stringify(s.spec?.selector)}` : 'Cluster');

function checkInvariants(w: World) {
  const holders = new Map<string, ServiceObject[]>();
  for (const [key, svc] of w.services) {
    const ips = statusIPs(svc);
    const ours = isLoadBalancer(svc) && isOurClass(svc, undefined);
    if (isOurClass(svc, undefined)) {
      // The allocator's memory and Service status agree.
      expect(w.ctx.allocator.ipsOf(key) ?? [], `allocator vs status of ${key}`).toEqual(ips);
    }
    if (!ours) continue;
    if (ips.length === 0) continue;
    // Every IP lies in the pool the annotation names, and that pool allows it.
    const poolName = svc.metadata.annotations?.[ANNOTATION_ALLOCATED_FROM_POOL];
    const pool = w.pools.find((p) => p.name === poolName);
    expect(pool, `${key} shows ${ips} from unknown pool ${poolName}`).toBeDefined();
    for (const text of ips) {
      const ip = parseIP(text);
      if (!ip.ok) throw new Error(ip.error);
      expect(pool?.ranges.some((r) => rangeContains(r, ip.value)), `${text} of ${key} outside pool ${poolName}`).toBe(true);
      if (pool?.avoidBuggyIPs) expect(isBuggyIPv4(ip.value), `${text} is a buggy IP`).toBe(false);
      holders.set(text, [...(holders.get(text) ?? []), svc]);
    }
  }
  // No IP held by two services that may not share it.
  for (const [ip, list] of holders) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        const why = `${serviceKey(a)} and ${serviceKey(b)} both hold ${ip}`;
        expect(sharingKeyOf(a), why).toBeDefined();
        expect(sharingKeyOf(a), why).toBe(sharingKeyOf(b));
        expect(backendOf(a), why).toBe(backendOf(b));
        expect(portsOf(a).filter((p) => portsOf(b).includes(p)), why).toEqual([]);
      }
    }
  }
}

function snapshot(w: World): Map<string, string[]> {
  return new Map([...w.services].map(([k, s]) => [k, statusIPs(s)]));
}

function apply(w: World, op: Op) {
  if (op.op === 'upsert') {
    w.services.set(op.key, toService(op.key, op.spec, w.services.get(op.key), w.created++));
    w.converge([op.key]);
  } else if (op.op === 'delete') {
    if (!w.services.delete(op.key)) return;
    w.converge([op.key]);
  } else if (op.op === 'pools') {
    w.setPools(toPools(op.pools));
  } else {
    const before = snapshot(w);
    w.restart();
    expect(snapshot(w), 'a restart moved an IP').toEqual(before);
  }
}

describe('controller reconcile under random operations', () => {
  it('keeps IPs exclusive, inside their pools, in sync with status, and unmoved by restarts', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (ops) => {
        const w = new World();
        w.setPools(toPools({ pa: { present: true, autoAssign: true, avoidBuggyIPs: false, pinned: false, priority: 0 } }));
        for (const op of ops) {
          apply(w, op);
          checkInvariants(w);
        }
        // And a final restart never moves anything.
        apply(w, { op: 'restart' });
        checkInvariants(w);
      }),
      { numRuns: 1000 },
    );
  });
});
