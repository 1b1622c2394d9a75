import { describe, expect, it } from 'vitest';
import { Allocator } from '../allocator';
import { resolveControllerConfig } from './controller-config';
import { reconcileService, type ControllerAction, type ControllerContext } from './controller';
import type { ServiceObject } from './controller-service';

const NS = 'metallb-system';

const pool = (name: string, addresses: string[], spec: Record<string, unknown> = {}) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'IPAddressPool',
  metadata: { name, namespace: NS },
  spec: { addresses, ...spec },
});

function context(pools: unknown[], extra: Partial<ControllerContext> = {}): ControllerContext {
  const cfg = resolveControllerConfig(pools, undefined, NS);
  if (!cfg.ok) throw new Error(cfg.error);
  const allocator = new Allocator();
  allocator.setPools(cfg.value.pools);
  return { allocator, configLoaded: true, ...extra };
}

function svc(name: string, opts: { ips?: string[]; annotations?: Record<string, string>; spec?: ServiceObject['spec'] } = {}): ServiceObject {
  return {
    metadata: { name, namespace: 'default', annotations: opts.annotations },
    spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10', ports: [{ protocol: 'TCP', port: 80 }], ...opts.spec },
    status: { loadBalancer: { ingress: (opts.ips ?? []).map((ip) => ({ ip })) } },
  };
}

const events = (actions: ControllerAction[]) =>
  actions.filter((a) => a.type === 'event').map((a) => (a.type === 'event' ? `${a.eventType} ${a.reason}: ${a.message}` : ''));
const writes = (actions: ControllerAction[]) => actions.filter((a) => a.type === 'setStatus' || a.type === 'setAnnotations');

const POOL = pool('pool-a', ['192.0.2.10-192.0.2.11']);
const ALLOCATED = { 'metallb.io/ip-allocated-from-pool': 'pool-a' };

describe('reconcileService', () => {
  it('gives a pending service the lowest free IP, names the pool and says so in an event', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a'));
    expect(plan.outcome).toBe('allocated');
    expect(writes(plan.actions)).toEqual([
      { type: 'setStatus', key: 'default/a', ips: ['192.0.2.10'] },
      { type: 'setAnnotations', key: 'default/a', set: ALLOCATED, remove: [] },
    ]);
    expect(events(plan.actions)).toEqual(['Normal IPAllocated: Assigned IP ["192.0.2.10"]']);
  });

  it('writes nothing and says nothing for a service that already shows its IP', () => {
    const ctx = context([POOL]);
    reconcileService(ctx, 'default/a', svc('a'));
    const plan = reconcileService(ctx, 'default/a', svc('a', { ips: ['192.0.2.10'], annotations: ALLOCATED }));
    expect(plan).toMatchObject({ outcome: 'kept', ips: ['192.0.2.10'], actions: [] });
  });

  it('after a restart keeps the IP in status and gives pending services the next one', () => {
    const ctx = context([POOL]);
    const kept = reconcileService(ctx, 'default/b', svc('b', { ips: ['192.0.2.10'], annotations: ALLOCATED }));
    expect(kept.actions).toEqual([]);
    const pending = reconcileService(ctx, 'default/a', svc('a'));
    expect(pending.ips).toEqual(['192.0.2.11']);
  });

  it('clears an IP no pool contains any more and allocates a new one, with both events', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a', { ips: ['198.51.100.7'], annotations: { 'metallb.io/ip-allocated-from-pool': 'gone' } }));
    expect(plan.ips).toEqual(['192.0.2.10']);
    expect(events(plan.actions)).toEqual([
      'Normal ClearAssignment: current IP for "default/a" not allowed by config, will attempt for new IP assignment: "198.51.100.7" is not allowed in config',
      'Normal IPAllocated: Assigned IP ["192.0.2.10"]',
    ]);
  });

  it('a service that stops being LoadBalancer loses status and annotation, and frees its IP for pending ones', () => {
    const ctx = context([POOL]);
    reconcileService(ctx, 'default/a', svc('a'));
    const plan = reconcileService(ctx, 'default/a', svc('a', { ips: ['192.0.2.10'], annotations: ALLOCATED, spec: { type: 'ClusterIP' } }));
    expect(plan.outcome).toBe('notLoadBalancer');
    expect(plan.actions).toEqual([
      { type: 'setStatus', key: 'default/a', ips: [] },
      { type: 'setAnnotations', key: 'default/a', set: {}, remove: ['metallb.io/ip-allocated-from-pool'] },
      { type: 'reprocessPending', reason: 'freed 192.0.2.10' },
    ]);
    expect(ctx.allocator.ipsOf('default/a')).toBeUndefined();
  });

  it('a deleted holder triggers a retry of pending services; an unknown one does not', () => {
    const ctx = context([POOL]);
    reconcileService(ctx, 'default/a', svc('a'));
    expect(reconcileService(ctx, 'default/a', undefined).actions).toEqual([{ type: 'reprocessPending', reason: 'freed 192.0.2.10' }]);
    expect(reconcileService(ctx, 'default/zz', undefined).actions).toEqual([]);
  });

  const untouched = [
    { name: 'a service of another loadBalancerClass', ctx: () => context([POOL]), service: svc('a', { ips: ['192.0.2.10'], spec: { type: 'LoadBalancer', clusterIP: '10.96.0.1', loadBalancerClass: 'other.io/lb' } }), outcome: 'otherClass' },
    { name: 'a class-less service when the controller serves a class', ctx: () => context([POOL], { loadBalancerClass: 'ironlb.io/lb' }), service: svc('a', { ips: ['192.0.2.10'] }), outcome: 'otherClass' },
    { name: 'any service before a valid configuration was loaded', ctx: () => context([POOL], { configLoaded: false }), service: svc('a', { ips: ['203.0.113.9'] }), outcome: 'noConfig' },
  ];
  for (const c of untouched) {
    it(`leaves ${c.name} untouched`, () => {
      const ctx = c.ctx();
      const plan = reconcileService(ctx, 'default/a', c.service);
      expect(plan.outcome).toBe(c.outcome);
      expect(plan.actions).toEqual([]);
      expect(ctx.allocator.ipsOf('default/a')).toBeUndefined();
    });
  }

  it('serves services of its configured class', () => {
    const ctx = context([POOL], { loadBalancerClass: 'ironlb.io/lb' });
    const plan = reconcileService(ctx, 'default/a', svc('a', { spec: { type: 'LoadBalancer', clusterIP: '10.96.0.1', loadBalancerClass: 'ironlb.io/lb' } }));
    expect(plan.ips).toEqual(['192.0.2.10']);
  });

  it('reports a full pool once per attempt and writes nothing for a service that is already pending', () => {
    const ctx = context([POOL]);
    reconcileService(ctx, 'default/a', svc('a'));
    reconcileService(ctx, 'default/b', svc('b'));
    const plan = reconcileService(ctx, 'default/c', svc('c'));
    expect(plan.outcome).toBe('failed');
    expect(writes(plan.actions)).toEqual([]);
    expect(events(plan.actions)).toEqual(['Warning AllocationFailed: Failed to allocate IP for "default/c": no available IPs']);
  });

  it('refuses a requested IP held by a service with the same sharing key on the same port', () => {
    const ctx = context([POOL]);
    const shared = { 'metallb.io/allow-shared-ip': 'k', 'metallb.io/loadBalancerIPs': '192.0.2.10' };
    reconcileService(ctx, 'default/a', svc('a', { annotations: shared }));
    const plan = reconcileService(ctx, 'default/b', svc('b', { annotations: shared }));
    expect(events(plan.actions)).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/b": port TCP/80 is already in use on "192.0.2.10"',
    ]);
  });

  it('rejects both loadBalancerIPs and spec.loadBalancerIP with LoadBalancerFailed', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a', {
      annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.0.1', loadBalancerIP: '192.0.2.11' },
    }));
    expect(events(plan.actions)[0]).toMatch(/^Warning LoadBalancerFailed: Failed to allocate IP for "default\/a": service can not have both/);
  });

  it('warns about a deprecated annotation when it changes what the service shows', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a', { annotations: { 'metallb.universe.tf/address-pool': 'pool-a' } }));
    expect(plan.ips).toEqual(['192.0.2.10']);
    expect(events(plan.actions)).toContain('Warning deprecatedAnnotation: Service uses deprecated annotation metallb.universe.tf/address-pool');
  });

  it('skips a service without a ClusterIP, with an event', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a', { spec: { type: 'LoadBalancer', clusterIP: 'None' } }));
    expect(plan.outcome).toBe('noClusterIP');
    expect(events(plan.actions)).toEqual(['Warning NoClusterIP: Service "default/a" has no ClusterIP, so its IP family is unknown: not allocating']);
  });

  it('replaces the deprecated pool annotation it once wrote with the current name', () => {
    const ctx = context([POOL]);
    const plan = reconcileService(ctx, 'default/a', svc('a', { ips: ['192.0.2.10'], annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'pool-a' } }));
    expect(plan.actions).toEqual([
      { type: 'setAnnotations', key: 'default/a', set: ALLOCATED, remove: ['metallb.universe.tf/ip-allocated-from-pool'] },
    ]);
  });
});

describe('resolveControllerConfig', () => {
  const legacy = 'address-pools:\n- name: my-ip-space\n  protocol: layer2\n  addresses:\n  - 10.20.13.15-10.20.13.20\n';
  it('uses the legacy ConfigMap only when no IPAddressPool exists', () => {
    const fromLegacy = resolveControllerConfig([], legacy, NS);
    expect(fromLegacy.ok && fromLegacy.value.source).toBe('legacyConfigMap');
    expect(fromLegacy.ok && fromLegacy.value.pools.map((p) => p.name)).toEqual(['my-ip-space']);
    const fromCRs = resolveControllerConfig([POOL], legacy, NS);
    expect(fromCRs.ok && fromCRs.value.pools.map((p) => p.name)).toEqual(['pool-a']);
  });
  it('is empty without either', () => {
    const none = resolveControllerConfig([], undefined, NS);
    expect(none.ok && none.value).toMatchObject({ source: 'none', pools: [] });
  });
  it('names the bad pool when validation fails', () => {
    const bad = resolveControllerConfig([pool('p', ['192.0.2.300/32'])], undefined, NS);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('IPAddressPool "p"');
  });
  it('gives equal fingerprints for equal pools, so a status-only change does not reprocess', () => {
    const a = resolveControllerConfig([POOL], undefined, NS);
    const b = resolveControllerConfig([{ ...POOL, status: { assignedIPv4: 1 } }], undefined, NS);
    expect(a.ok && b.ok && a.value.fingerprint === b.value.fingerprint).toBe(true);
  });
});
