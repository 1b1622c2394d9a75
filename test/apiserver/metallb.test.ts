// metallb.io kinds: schema defaults, MetalLB's admission messages (403 as from its webhooks), status
// subresources, generation, and merge-patch-only semantics of custom resources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.stop(); });

const base = '/apis/metallb.io/v1beta1/namespaces';
const pools = (ns = 'metallb-system') => `${base}/${ns}/ipaddresspools`;
const ads = (ns = 'metallb-system') => `${base}/${ns}/l2advertisements`;
const pool = (name: string, spec: Record<string, unknown>, ns = 'metallb-system') => ({
  apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name, namespace: ns }, spec,
});
const merge = { 'Content-Type': 'application/merge-patch+json' };
const POOL_DENIED = 'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: ';

describe('IPAddressPool', () => {
  it('stores a pool with the CRD defaults autoAssign=true and avoidBuggyIPs=false', async () => {
    const res = await s.call('POST', pools(), pool('defaults', { addresses: ['192.0.2.0/28'] }));
    expect(res.status).toBe(201);
    expect(res.json.spec).toEqual({ addresses: ['192.0.2.0/28'], autoAssign: true, avoidBuggyIPs: false });
    expect(res.json.metadata.generation).toBe(1);
  });

  it.each([
    ['an overlap with another pool', pool('overlap', { addresses: ['192.0.2.8-192.0.2.9'] }), 'CIDR "192.0.2.8-192.0.2.9" in pool "overlap" overlaps with already defined CIDR "192.0.2.0/28"'],
    ['a bad address', pool('bad', { addresses: ['not-an-ip'] }), 'not-an-ip'],
  ])('refuses %s with 403 and MetalLB\'s webhook message', async (_name, body, message) => {
    const res = await s.call('POST', pools(), body);
    expect(res.status).toBe(403);
    expect(res.json.reason).toBe('Forbidden');
    expect(res.json.message.startsWith(POOL_DENIED)).toBe(true);
    expect(res.json.message).toContain(message);
  });

  it('refuses a pool outside the system namespace', async () => {
    const res = await s.call('POST', pools('default'), pool('elsewhere', { addresses: ['198.51.100.0/24'] }, 'default'));
    expect(res.status).toBe(403);
    expect(res.json.message).toBe(`${POOL_DENIED}resource must be created in metallb-system namespace`);
  });

  it.each([
    ['no spec', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'nospec' } }, 'spec: Required value'],
    ['addresses that are not a list', pool('notlist', { addresses: '192.0.2.0/24' }), 'spec.addresses in body must be of type array'],
  ])('refuses %s with 422 like the CRD schema', async (_name, body, message) => {
    const res = await s.call('POST', pools(), body);
    expect(res.status).toBe(422);
    expect(res.json.message).toContain(message);
  });

  it('runs admission on update and patch too, and an update that does not overlap passes', async () => {
    await s.call('POST', pools(), pool('second', { addresses: ['198.51.100.0/28'] }));
    const bad = await s.call('PATCH', `${pools()}/second`, { spec: { addresses: ['192.0.2.4/30'] } }, merge);
    expect(bad.status).toBe(403);
    const good = await s.call('PATCH', `${pools()}/second`, { spec: { addresses: ['198.51.100.0/27'] } }, merge);
    expect(good.status).toBe(200);
    expect(good.json.metadata.generation).toBe(2);
  });

  it('keeps status out of main-endpoint writes and lets /status change only status', async () => {
    const status = await s.call('PATCH', `${pools()}/defaults/status`, { status: { assignedIPv4: 2, availableIPv4: 14 }, spec: { autoAssign: false } }, merge);
    expect(status.json.status).toEqual({ assignedIPv4: 2, availableIPv4: 14 });
    expect(status.json.spec.autoAssign).toBe(true);
    expect(status.json.metadata.generation).toBe(1);
    const main = await s.call('PATCH', `${pools()}/defaults`, { status: { assignedIPv4: 99 }, spec: { autoAssign: false } }, merge);
    expect(main.json.status).toEqual({ assignedIPv4: 2, availableIPv4: 14 });
    expect(main.json.spec.autoAssign).toBe(false);
    expect(main.json.metadata.generation).toBe(2);
  });

  it('answers strategic merge on a custom resource with 415, as a real API server does', async () => {
    const res = await s.call('PATCH', `${pools()}/defaults`, { spec: { autoAssign: true } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(res.status).toBe(415);
    expect(res.json.reason).toBe('UnsupportedMediaType');
  });
});

describe('L2Advertisement and ServiceL2Status', () => {
  it('accepts a valid advertisement and refuses one with duplicate pools', async () => {
    const ok = await s.call('POST', ads(), { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2' }, spec: { ipAddressPools: ['defaults'] } });
    expect(ok.status).toBe(201);
    const dup = await s.call('POST', ads(), { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'l2dup' }, spec: { ipAddressPools: ['a', 'a'] } });
    expect(dup.status).toBe(403);
    expect(dup.json.message).toMatch(/^admission webhook "l2advertisementvalidationwebhook\.metallb\.io" denied the request: .*"a"/);
  });

  it('creates a ServiceL2Status by generateName and sets its status through /status', async () => {
    const created = await s.call('POST', `${base}/metallb-system/servicel2statuses`, {
      apiVersion: 'metallb.io/v1beta1', kind: 'ServiceL2Status',
      metadata: { generateName: 'l2-', labels: { 'metallb.io/node': 'node-a', 'metallb.io/service-name': 'web', 'metallb.io/service-namespace': 'default' } },
      status: { node: 'node-a' },
    });
    expect(created.status).toBe(201);
    expect(created.json.metadata.name).toMatch(/^l2-/);
    expect(created.json.status).toBeUndefined();
    const name = created.json.metadata.name;
    const status = await s.call('PUT', `${base}/metallb-system/servicel2statuses/${name}/status`, { ...created.json, status: { node: 'node-a', serviceName: 'web', serviceNamespace: 'default', interfaces: [{ name: 'eth0' }] } });
    expect(status.json.status.node).toBe('node-a');
    const table = await s.call('GET', `${base}/metallb-system/servicel2statuses`, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(table.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Allocated Node', 'Service Name', 'Service Namespace', 'Age']);
    expect(table.json.rows[0].cells.slice(0, 4)).toEqual([name, 'node-a', 'web', 'default']);
  });

  it('selects statuses by label, as a speaker finds its own', async () => {
    const res = await s.call('GET', `${base}/metallb-system/servicel2statuses?labelSelector=${encodeURIComponent('metallb.io/node=node-a,metallb.io/service-name=web')}`);
    expect(res.json.items).toHaveLength(1);
  });
});
