// Service defaulting, cluster IP and node port allocation, and validation, as a real API server does them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.stop(); });

const svcs = '/api/v1/namespaces/default/services';
const create = (body: unknown) => s.call('POST', svcs, body);
const merge = { 'Content-Type': 'application/merge-patch+json' };
const inServiceRange = (ip: string) => {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b >= 96 && b <= 111;
};

describe('defaulting', () => {
  it.each([
    ['a bare ClusterIP service', {}, { type: 'ClusterIP', sessionAffinity: 'None', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], internalTrafficPolicy: 'Cluster' }],
    ['a LoadBalancer', { type: 'LoadBalancer' }, { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }],
    ['a NodePort', { type: 'NodePort' }, { externalTrafficPolicy: 'Cluster' }],
  ])('fills in %s', async (_name, spec, expected) => {
    const res = await create(service(`def-${Object.keys(spec).length}-${String((spec as { type?: string }).type ?? 'c').toLowerCase()}`, spec));
    expect(res.status).toBe(201);
    expect(res.json.spec).toMatchObject(expected);
    expect(res.json.spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(res.json.status).toEqual({ loadBalancer: {} });
  });

  it('leaves externalTrafficPolicy off a ClusterIP service', async () => {
    const res = await create(service('no-etp'));
    expect(res.json.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('drops status sent with a create, as the API server does', async () => {
    const res = await create(service('no-status', { type: 'LoadBalancer' }, {}));
    const withStatus = await create({ ...service('sneaky', { type: 'LoadBalancer' }), status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } });
    expect(res.json.status).toEqual({ loadBalancer: {} });
    expect(withStatus.json.status).toEqual({ loadBalancer: {} });
  });
});

describe('allocation', () => {
  it('gives every service its own cluster IP in 10.96.0.0/12', async () => {
    const ips = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await create(service(`ip-${i}`));
      expect(inServiceRange(res.json.spec.clusterIP)).toBe(true);
      expect(res.json.spec.clusterIPs).toEqual([res.json.spec.clusterIP]);
      ips.add(res.json.spec.clusterIP);
    }
    expect(ips.size).toBe(20);
  });

  it('gives node ports from 30000-32767 to NodePort and LoadBalancer services, never twice', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await create(service(`np-${i}`, { type: i % 2 ? 'NodePort' : 'LoadBalancer', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] }));
      ports.push(...res.json.spec.ports.map((p: { nodePort: number }) => p.nodePort));
    }
    expect(ports.every((p) => p >= 30000 && p <= 32767)).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives no node ports when allocateLoadBalancerNodePorts is false', async () => {
    const res = await create(service('no-np', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }));
    expect(res.json.spec.ports[0].nodePort).toBeUndefined();
  });

  it('gives a health check node port to a LoadBalancer with externalTrafficPolicy Local', async () => {
    const res = await create(service('hc', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    expect(res.json.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
  });

  it('honours a requested cluster IP and node port, and refuses them when taken', async () => {
    const first = await create(service('req-a', { type: 'NodePort', clusterIP: '10.96.10.10', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(first.status).toBe(201);
    expect(first.json.spec.clusterIP).toBe('10.96.10.10');
    expect(first.json.spec.ports[0].nodePort).toBe(30080);
    const ipTaken = await create(service('req-b', { clusterIP: '10.96.10.10' }));
    expect(ipTaken.status).toBe(422);
    expect(ipTaken.json.message).toContain('provided IP is already allocated');
    const portTaken = await create(service('req-c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(portTaken.status).toBe(422);
    expect(portTaken.json.message).toBe('Service "req-c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('frees the cluster IP and node ports of a deleted service', async () => {
    await create(service('free-a', { type: 'NodePort', clusterIP: '10.96.20.20', ports: [{ port: 80, nodePort: 30090 }] }));
    await s.call('DELETE', `${svcs}/free-a`);
    const again = await create(service('free-b', { type: 'NodePort', clusterIP: '10.96.20.20', ports: [{ port: 80, nodePort: 30090 }] }));
    expect(again.status).toBe(201);
  });

  it('holds a node port across status writes, and frees it when an update drops it', async () => {
    const held = (await create(service('port-held', { type: 'NodePort', ports: [{ port: 80, nodePort: 30095 }] }))).json;
    const status = await s.call('PUT', `${svcs}/port-held/status`, { ...held, status: { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } } });
    expect(status.status).toBe(200);
    expect((await create(service('port-want', { type: 'NodePort', ports: [{ port: 80, nodePort: 30095 }] }))).status).toBe(422);
    const current = (await s.call('GET', `${svcs}/port-held`)).json;
    const { type: _type, ...spec } = current.spec;
    const dropped = await s.call('PUT', `${svcs}/port-held`, { ...current, spec: { ...spec, type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } });
    expect(dropped.status).toBe(200);
    expect((await create(service('port-want', { type: 'NodePort', ports: [{ port: 80, nodePort: 30095 }] }))).status).toBe(201);
  });

  it('keeps cluster IP and node ports across updates that omit them', async () => {
    const created = (await create(service('keep', { type: 'LoadBalancer' }))).json;
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = created.spec;
    const body = { ...created, spec: { ...spec, ports: [{ port: 80, targetPort: 8080 }] } };
    const updated = (await s.call('PUT', `${svcs}/keep`, body)).json;
    expect(updated.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(updated.spec.ports[0].nodePort).toBe(created.spec.ports[0].nodePort);
  });

  it('drops node ports when a LoadBalancer becomes a ClusterIP service', async () => {
    await create(service('shrink', { type: 'LoadBalancer' }));
    const res = await s.call('PATCH', `${svcs}/shrink`, { spec: { type: 'ClusterIP' } }, merge);
    expect(res.status).toBe(200);
    expect(res.json.spec.ports[0].nodePort).toBeUndefined();
    expect(res.json.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('allocates both families for a dual-stack service, IPv6 from fd00:10:96::/108', async () => {
    const res = await create(service('dual', { ipFamilyPolicy: 'RequireDualStack' }));
    expect(res.json.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(res.json.spec.clusterIPs).toHaveLength(2);
    expect(res.json.spec.clusterIPs[1]).toMatch(/^fd00:10:96:/);
    const v6 = await create(service('v6only', { ipFamilies: ['IPv6'] }));
    expect(v6.json.spec.clusterIP).toMatch(/^fd00:10:96:/);
  });

  it('allocates nothing for headless and ExternalName services', async () => {
    const headless = (await create(service('headless', { clusterIP: 'None' }))).json;
    expect(headless.spec.clusterIPs).toEqual(['None']);
    const ext = (await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } })).json;
    expect(ext.spec.clusterIP).toBeUndefined();
  });
});

describe('validation', () => {
  it.each([
    ['no ports', service('v1', { ports: [] }), 'spec.ports: Required value'],
    ['port 0', service('v2', { ports: [{ port: 0 }] }), 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ['an unknown protocol', service('v3', { ports: [{ port: 80, protocol: 'HTTP' }] }), 'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ['unnamed ports when there are two', service('v4', { ports: [{ port: 80 }, { port: 81 }] }), 'spec.ports[0].name: Required value'],
    ['the same port twice', service('v5', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), 'spec.ports[1]: Duplicate value'],
    ['an unknown type', service('v6', { type: 'Magic' }), 'spec.type: Unsupported value: "Magic"'],
    ['a node port out of range', service('v7', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }), 'provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ['a cluster IP outside the range', service('v8', { clusterIP: '192.0.2.1' }), 'the provided IP (192.0.2.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'],
    ['a name that is not a DNS-1035 label', service('1abc'), 'a DNS-1035 label must consist of lower case alphanumeric characters'],
    ['a node port on a ClusterIP service', service('v9', { ports: [{ port: 80, nodePort: 30111 }] }), "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  ])('refuses %s with 422', async (_name, body, message) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    expect(res.json.message).toContain(message);
  });

  it('refuses to change the cluster IP', async () => {
    await create(service('fixed'));
    const res = await s.call('PATCH', `${svcs}/fixed`, { spec: { clusterIP: '10.96.99.99', clusterIPs: ['10.96.99.99'] } }, merge);
    expect(res.status).toBe(422);
    expect(res.json.message).toContain('may not change once set');
  });

  it('selects by spec.type and spec.clusterIP', async () => {
    const lbs = (await s.call('GET', `${svcs}?fieldSelector=spec.type%3DLoadBalancer`)).json.items;
    expect(lbs.length).toBeGreaterThan(0);
    expect(lbs.every((i: { spec: { type: string } }) => i.spec.type === 'LoadBalancer')).toBe(true);
    const one = (await s.call('GET', `${svcs}?fieldSelector=spec.clusterIP%3D10.96.10.10`)).json.items;
    expect(one.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['req-a']);
  });
});

describe('strategic merge patch on services', () => {
  it('merges ports by port, deletes with $patch, orders with $setElementOrder (what kubectl apply sends)', async () => {
    await create(service('smp', { type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    const before = (await s.call('GET', `${svcs}/smp`)).json;
    const patch = { spec: { '$setElementOrder/ports': [{ port: 53 }, { port: 80 }], ports: [{ port: 80, targetPort: 9090 }, { name: 'dns', port: 53, protocol: 'UDP' }, { $patch: 'delete', port: 443 }] } };
    const res = await s.call('PATCH', `${svcs}/smp`, patch, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(res.status).toBe(200);
    expect(res.json.spec.ports.map((p: { port: number }) => p.port)).toEqual([53, 80]);
    expect(res.json.spec.ports[1]).toEqual({ ...before.spec.ports[0], targetPort: 9090 });
  });

  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', async () => {
    await create(service('fins', {}, { finalizers: ['a.example.com/x'] }));
    const smp = { 'Content-Type': 'application/strategic-merge-patch+json' };
    const added = await s.call('PATCH', `${svcs}/fins`, { metadata: { finalizers: ['b.example.com/y', 'a.example.com/x'] } }, smp);
    expect(added.json.metadata.finalizers).toEqual(['a.example.com/x', 'b.example.com/y']);
    const removed = await s.call('PATCH', `${svcs}/fins`, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'] } }, smp);
    expect(removed.json.metadata.finalizers).toEqual(['b.example.com/y']);
  });
});
