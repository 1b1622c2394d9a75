// What real clients and hostile requests found against the embedded API server: query booleans read as
// Go reads them, request checks answered as the API server answers them (never a 500 or a dropped
// connection), Service node ports kept by port name, and connections that send nothing closed.
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMap, readWatch, service, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ headerTimeoutMs: 400 }); });
afterAll(async () => { await s.stop(); });

describe('query parameters', () => {
  it.each(['True', 'TRUE', 't', '1', 'true'])('watch=%s streams events (Go strconv.ParseBool)', async (word) => {
    await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap(`w-${word.toLowerCase()}-${word.length}`));
    const ac = new AbortController();
    const watch = await readWatch(`${s.url}/api/v1/namespaces/default/configmaps?watch=${word}`, s.token, { count: 1, signal: ac.signal });
    ac.abort();
    expect(watch.status).toBe(200);
    expect(watch.events[0].type).toBe('ADDED');
  });

  it.each(['False', 'f', '0'])('watch=%s lists', async (word) => {
    const r = await s.call('GET', `/api/v1/namespaces/default/configmaps?watch=${word}`);
    expect(r.status).toBe(200);
    expect(r.json.kind).toBe('ConfigMapList');
  });

  it('refuses a boolean that Go would not parse', async () => {
    const r = await s.call('GET', '/api/v1/namespaces/default/configmaps?watch=yes');
    expect(r.status).toBe(400);
    expect(r.json.message).toContain('watch: Invalid value: "yes"');
  });

  it.each([
    ['resourceVersion=abc', 'resourceVersion: Invalid value: "abc"'],
    ['timeoutSeconds=-1', 'timeoutSeconds: Invalid value: "-1"'],
    ['watch=true&resourceVersion=abc', 'resourceVersion: Invalid value: "abc"'],
    ['watch=true&timeoutSeconds=-1', 'timeoutSeconds: Invalid value: "-1"'],
  ])('answers %s with 400', async (query, message) => {
    const r = await s.call('GET', `/api/v1/namespaces/default/configmaps?${query}`);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(r.json.message).toContain(message);
  });

  it('serves a 20 KB label selector and answers 414 to one beyond the header limit, keeping the server up', async () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => `key-${i}!=v`).join(',');
    const ok = await s.call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent(long(2000))}`);
    expect(ok.status).toBe(200);
    const tooLong = await s.call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent(long(9000))}`);
    expect(tooLong.status).toBe(414);
    expect(tooLong.json).toMatchObject({ kind: 'Status', code: 414 });
    expect((await s.call('GET', '/version')).status).toBe(200);
  });
});

describe('JSON patch', () => {
  beforeAll(async () => { await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap('jp', { a: 'b' })); });

  it.each([
    ['a move into its own child', [{ op: 'move', from: '/data', path: '/data/inner' }], 'is a prefix of "path"'],
    ['a path through __proto__', [{ op: 'add', path: '/__proto__/polluted', value: 'x' }], 'is not a field of the object'],
    ['a path through constructor/prototype', [{ op: 'add', path: '/data/constructor/prototype/x', value: 'x' }], 'is not a field of the object'],
  ])('answers %s with 422 and no internal text', async (_what, ops, message) => {
    const r = await s.call('PATCH', '/api/v1/namespaces/default/configmaps/jp', ops, { 'Content-Type': 'application/json-patch+json' });
    expect(r.status).toBe(422);
    expect(r.json.message).toContain(message);
    expect(r.json.message).not.toMatch(/TypeError|README|Cannot read properties/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await s.call('GET', '/api/v1/namespaces/default/configmaps/jp')).json.data).toEqual({ a: 'b' });
  });
});

describe('deletecollection', () => {
  it('has no cluster-wide form for a namespaced kind (405) and deletes nothing', async () => {
    await s.call('POST', '/api/v1/namespaces/kube-system/secrets', { metadata: { name: 'keep-me' }, data: {} });
    const r = await s.call('DELETE', '/api/v1/secrets');
    expect(r.status).toBe(405);
    expect((await s.call('GET', '/api/v1/namespaces/kube-system/secrets/keep-me')).status).toBe(200);
  });

  it('still deletes a collection within one namespace', async () => {
    await s.call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'gone', labels: { sweep: 'yes' } } });
    expect((await s.call('DELETE', '/api/v1/namespaces/default/secrets?labelSelector=sweep%3Dyes')).status).toBe(200);
    expect((await s.call('GET', '/api/v1/namespaces/default/secrets/gone')).status).toBe(404);
    expect((await s.call('GET', '/api/v1/namespaces/kube-system/secrets/keep-me')).status).toBe(200);
  });
});

describe('Service node ports', () => {
  it('keeps a node port by port name when only the port number changes', async () => {
    const created = await s.call('POST', '/api/v1/namespaces/default/services', service('np-name', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }));
    expect(created.status).toBe(201);
    const [http, https] = created.json.spec.ports.map((p: { nodePort: number }) => p.nodePort);
    const changed = structuredClone(created.json);
    changed.spec.ports = [{ name: 'http', port: 8080 }, { name: 'https', port: 443 }];
    const updated = await s.call('PUT', '/api/v1/namespaces/default/services/np-name', changed);
    expect(updated.status).toBe(200);
    expect(updated.json.spec.ports.map((p: { port: number; nodePort: number }) => [p.port, p.nodePort])).toEqual([[8080, http], [443, https]]);
  });
});

/** Opens a raw connection, sends `head` (maybe nothing) and says whether the server closed it within 5 s. */
async function closedByServer(head: string): Promise<boolean> {
  const socket = connect(s.port, '127.0.0.1', () => { if (head) socket.write(head); });
  socket.resume();
  const closed = await new Promise<boolean>((resolve) => {
    const guard = setTimeout(() => resolve(false), 5_000);
    socket.on('close', () => { clearTimeout(guard); resolve(true); });
    socket.on('error', () => undefined);
  });
  socket.destroy();
  return closed;
}

describe('connections', () => {
  it('closes a connection that sends nothing', async () => {
    expect(await closedByServer('')).toBe(true);
  });

  it('closes a connection whose request head never ends', async () => {
    expect(await closedByServer('GET /version HTTP/1.1\r\nHost: x\r\n')).toBe(true);
  });

  it('closes a TLS connection that never finishes its handshake', async () => {
    expect(await closedByServer('\u0016\u0003\u0001')).toBe(true);
  });

  it("keeps an idle keep-alive connection past Node's default 5 s, as kube-apiserver keeps it 90 s", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = (): Promise<number> =>
      new Promise((resolve, reject) => {
        get(`${s.url}/version`, { agent, headers: { Authorization: `Bearer ${s.token}` } }, (res) => {
          const local = res.socket.localPort ?? 0;
          res.resume();
          res.on('end', () => resolve(local));
        }).on('error', reject);
      });
    const first = await port();
    await new Promise((r) => setTimeout(r, 5_500));
    expect(await port()).toBe(first); // the same connection: no new handshake
    agent.destroy();
  }, 15_000);
});

describe('what every cluster has', () => {
  it('serves default/kubernetes at 10.96.0.1:443 with an EndpointSlice and Endpoints naming this server', async () => {
    const svc = (await s.call('GET', '/api/v1/namespaces/default/services/kubernetes')).json;
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: s.port }] });
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    const slice = (await s.call('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes')).json;
    expect(slice.ports).toEqual([{ name: 'https', port: s.port, protocol: 'TCP' }]);
    const endpoints = (await s.call('GET', '/api/v1/namespaces/default/endpoints/kubernetes')).json;
    expect(endpoints.subsets).toEqual([{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: s.port, protocol: 'TCP' }] }]);
  });

  it('publishes kube-root-ca.crt with the cluster CA in every namespace, new ones included', async () => {
    await s.call('POST', '/api/v1/namespaces', { metadata: { name: 'fresh' } });
    const kubeconfigCa = Buffer.from(/certificate-authority-data: (\S+)/.exec(readFileSync(s.kubeconfigPath, 'utf8'))![1], 'base64').toString();
    for (const ns of ['default', 'kube-system', 'metallb-system', 'fresh']) {
      const cm = (await s.call('GET', `/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`)).json;
      expect(cm.data['ca.crt']).toBe(kubeconfigCa);
    }
  });

  it('mirrors a Service\'s EndpointSlices into core/v1 Endpoints, ready and not-ready, and removes them with the last slice', async () => {
    const slices = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
    const slice = (name: string, ip: string, ready: boolean) => ({
      metadata: { name, labels: { 'kubernetes.io/service-name': 'mirrored' } }, addressType: 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready }, nodeName: 'node01' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    await s.call('POST', slices, slice('mirrored-a', '192.0.2.10', true));
    await s.call('POST', slices, slice('mirrored-b', '192.0.2.11', false));
    const endpoints = (await s.call('GET', '/api/v1/namespaces/default/endpoints/mirrored')).json;
    expect(endpoints.subsets).toEqual([{
      addresses: [{ ip: '192.0.2.10', nodeName: 'node01' }], notReadyAddresses: [{ ip: '192.0.2.11', nodeName: 'node01' }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }]);
    await s.call('DELETE', `${slices}/mirrored-a`);
    expect((await s.call('GET', '/api/v1/namespaces/default/endpoints/mirrored')).json.subsets[0].addresses).toBeUndefined();
    await s.call('DELETE', `${slices}/mirrored-b`);
    expect((await s.call('GET', '/api/v1/namespaces/default/endpoints/mirrored')).status).toBe(404);
  });

  it('shows every nodeInfo field of a Node, "" until a kubelet reports it, as the Go types serialise', async () => {
    const node = (await s.call('POST', '/api/v1/nodes', { metadata: { name: 'bare' }, status: { nodeInfo: { kubeletVersion: 'v1.27.3' } } })).json;
    expect(node.status.nodeInfo).toEqual({
      machineID: '', systemUUID: '', bootID: '', kernelVersion: '', osImage: '', containerRuntimeVersion: '', kubeletVersion: 'v1.27.3',
      kubeProxyVersion: '', operatingSystem: '', architecture: '',
    });
    expect(node.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 0 } });
  });
});
