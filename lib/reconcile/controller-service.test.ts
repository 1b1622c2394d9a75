import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareForFirstPass, isOurClass, serviceKey, sharingSignature, sortForFirstPass, statusIPs, toAllocService, type ServiceObject } from './controller-service';

const svc = (name: string, o: { created?: string; ips?: string[]; spec?: ServiceObject['spec']; annotations?: Record<string, string> } = {}): ServiceObject => ({
  metadata: { name, namespace: 'default', creationTimestamp: o.created ?? '2024-01-01T00:00:00Z', annotations: o.annotations },
  spec: { type: 'LoadBalancer', clusterIP: '10.96.0.1', ...o.spec },
  status: { loadBalancer: { ingress: (o.ips ?? []).map((ip) => ({ ip })) } },
});

describe('compareForFirstPass', () => {
  it('puts services that hold IPs before pending ones, even pending ones created earlier', () => {
    const services = [
      svc('old-pending', { created: '2020-01-01T00:00:00Z' }),
      svc('new-holder', { created: '2024-01-01T00:00:00Z', ips: ['192.0.2.1'] }),
      svc('old-holder', { created: '2021-01-01T00:00:00Z', ips: ['192.0.2.2'] }),
      svc('new-pending', { created: '2025-01-01T00:00:00Z' }),
    ];
    expect(services.sort(compareForFirstPass).map((s) => s.metadata.name)).toEqual(['old-holder', 'new-holder', 'old-pending', 'new-pending']);
  });
  it('breaks ties by namespace/name', () => {
    expect([svc('b'), svc('a')].sort(compareForFirstPass).map(serviceKey)).toEqual(['default/a', 'default/b']);
  });
  it('sortForFirstPass gives the same order, without touching its input', () => {
    const names = ['c', 'a', 'b', 'd'];
    const times = ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'];
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.constantFrom(...names), created: fc.constantFrom(...times), holds: fc.boolean() }), { maxLength: 30 }), (rows) => {
        const services = rows.map((r, i) => svc(`${r.name}${i % 3}`, { created: r.created, ips: r.holds ? [`192.0.2.${i}`] : [] }));
        const input = [...services];
        expect(sortForFirstPass(services).map(serviceKey)).toEqual([...services].sort(compareForFirstPass).map(serviceKey));
        expect(services).toEqual(input);
      }),
    );
  });
});

describe('isOurClass', () => {
  const cases = [
    { name: 'class-less service, no class configured', cls: undefined, configured: undefined, want: true },
    { name: 'classed service, no class configured', cls: 'x.io/lb', configured: undefined, want: false },
    { name: 'same class', cls: 'x.io/lb', configured: 'x.io/lb', want: true },
    { name: 'other class', cls: 'y.io/lb', configured: 'x.io/lb', want: false },
    { name: 'class-less service, class configured', cls: undefined, configured: 'x.io/lb', want: false },
  ];
  for (const c of cases) {
    it(c.name, () => expect(isOurClass(svc('s', { spec: { type: 'LoadBalancer', loadBalancerClass: c.cls } }), c.configured)).toBe(c.want));
  }
});

describe('toAllocService', () => {
  const cases = [
    { name: 'families from spec.ipFamilies', spec: { ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack' }, families: ['IPv6', 'IPv4'], policy: 'RequireDualStack' },
    { name: 'families from the ClusterIP when ipFamilies is missing', spec: { clusterIP: 'fd00::10' }, families: ['IPv6'], policy: 'SingleStack' },
    { name: 'IPv4 when nothing says otherwise', spec: { clusterIP: '' }, families: ['IPv4'], policy: 'SingleStack' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = toAllocService(svc('s', { spec: { type: 'LoadBalancer', ...c.spec } }), {});
      expect(a.ipFamilies).toEqual(c.families);
      expect(a.ipFamilyPolicy).toBe(c.policy);
    });
  }
  it('upper-cases protocols and defaults them to TCP', () => {
    const a = toAllocService(svc('s', { spec: { type: 'LoadBalancer', ports: [{ port: 53, protocol: 'udp' }, { port: 80 }] } }), {});
    expect(a.ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 80 }]);
  });
});

describe('statusIPs and sharingSignature', () => {
  it('ignores hostname-only ingress entries', () => {
    const s = svc('s');
    s.status = { loadBalancer: { ingress: [{ hostname: 'lb.example' }, { ip: '192.0.2.1' }] } };
    expect(statusIPs(s)).toEqual(['192.0.2.1']);
  });
  it('changes when ports or the sharing key change, not when other annotations do', () => {
    const base = svc('s', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, annotations: { 'metallb.io/allow-shared-ip': 'k' } });
    const otherPort = svc('s', { spec: { type: 'LoadBalancer', ports: [{ port: 81 }] }, annotations: { 'metallb.io/allow-shared-ip': 'k' } });
    const otherKey = svc('s', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, annotations: { 'metallb.io/allow-shared-ip': 'j' } });
    const noise = svc('s', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] }, annotations: { 'metallb.io/allow-shared-ip': 'k', note: 'x' } });
    expect(sharingSignature(otherPort)).not.toBe(sharingSignature(base));
    expect(sharingSignature(otherKey)).not.toBe(sharingSignature(base));
    expect(sharingSignature(noise)).toBe(sharingSignature(base));
  });
});
