// The dashboard API on the built app with the embedded demo cluster: every route, every status
// it promises (200/201, 400, 401, 403, 404, 409, 415, 422), one error shape { code, message, issues? }.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObject, deleteObject, getObject, RESOURCES, updateWithRetry, type KubeObject } from '../../server/kube';
import { startDashboard, waitUntil, type DashboardApp } from '../support/app';
import { SEED_CONFIGMAP_YAML } from '../support/seed';
import { decodeServiceColumns, type ServiceColumns, type ServiceView, type Versioned } from '../../lib/views';

let app: DashboardApp;

beforeAll(async () => {
  app = await startDashboard();
  await waitUntil(async () => {
    const res = await app.api('/api/v1/services');
    const body = (await res.json()) as { items: { state: string }[] };
    return body.items.some((s) => s.state === 'announced');
  }, 30_000, 'the seed service to be announced');
});

afterAll(async () => {
  await app?.stop();
});

const json = async <T = Record<string, unknown>>(res: Response): Promise<T> => (await res.json()) as T;

/**
 * Two reads of the same content in two forms. The cluster still moves (a speaker's status adds
 * the interfaces a moment after "announced"; events and leases move seq), so they are read in
 * pairs until a pair saw no change between its reads (at most 10 tries): two forms that
 * really differ never give an equal pair, and the caller's assertion then fails.
 */
async function readPair<A, B>(first: () => Promise<A>, second: () => Promise<B>, content: (x: A | B) => unknown): Promise<[A, B]> {
  let pair: [A, B] = [await first(), await second()];
  for (let i = 0; i < 10 && !isDeepStrictEqual(content(pair[0]), content(pair[1])); i++) {
    await new Promise((r) => setTimeout(r, 200));
    pair = [await first(), await second()];
  }
  return pair;
}

/** The status, or a failure that shows what the server said instead. */
async function expectStatus(res: Response, status: number): Promise<Response> {
  if (res.status !== status) expect(`${res.status} ${await res.text()}`).toBe(`${status}`);
  return res;
}

async function expectError(res: Response, status: number, code?: string): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  await expectStatus(res, status);
  const body = await json<{ code: string; message: string; issues?: { path: string; message: string }[] }>(res);
  expect(typeof body.message).toBe('string');
  if (code) expect(body.code).toBe(code);
  return body;
}

const poolForm = (name: string, addresses: string[]) => ({ name, addresses, autoAssign: true, avoidBuggyIPs: false });

describe('reads', () => {
  it('lists the seed service with 10.20.13.15 and an announcing node', async () => {
    const res = await app.api('/api/v1/services');
    await expectStatus(res, 200);
    const body = await json<{ items: { name: string; ips: string[]; node: string; state: string }[] }>(res);
    const svc = body.items.find((s) => s.name === 'ingress-nginx-controller');
    expect(svc?.ips).toEqual(['10.20.13.15']);
    expect(svc?.state).toBe('announced');
    expect(svc?.node).toMatch(/^node0[123]$/);
  });

  it('sends the same list whether or not the client accepts gzip', async () => {
    const read = async (encoding: string) => json<Versioned<ServiceView>>(await app.api('/api/v1/services', { headers: { 'accept-encoding': encoding } }));
    const [plain, zipped] = await readPair(() => read('identity'), () => read('gzip'), (l) => l.items);
    expect(zipped.items).toEqual(plain.items);
    expect(zipped.items.length).toBeGreaterThan(0);
    expect(zipped.seq).toBeGreaterThanOrEqual(plain.seq);
  });

  it('gives the same list in columns (what the dashboard fetches), filtered or not', async () => {
    const [rows, columns] = await readPair(
      async () => (await json<Versioned<ServiceView>>(await app.api('/api/v1/services'))).items,
      async () => json<ServiceColumns>(await app.api('/api/v1/services?format=columns')),
      (x) => ('columns' in x ? decodeServiceColumns(x).items : x),
    );
    expect(columns.columns).toContain('uid');
    expect(decodeServiceColumns(columns).items).toEqual(rows);
    const one = decodeServiceColumns(await json<ServiceColumns>(await app.api('/api/v1/services?q=ingress&format=columns')));
    expect(one.items.map((s) => s.name)).toEqual(['ingress-nginx-controller']);
  });

  it('refuses an unknown list format with 400, naming the ones there are', async () => {
    const body = await expectError(await app.api('/api/v1/services?format=xml'), 400);
    expect(body.message).toContain('"rows" or "columns"');
  });

  it('renders the first rows of the Services page on the server, in the order the URL asks', async () => {
    // No JavaScript: the rows are in the HTML itself, so they show before the list has loaded.
    const page = async (query: string) => (await app.api(`/services${query}`, { headers: { accept: 'text/html' } })).text();
    const html = await page('');
    expect(html).toContain('data-key="ingress-nginx/ingress-nginx-controller"');
    expect(html).toContain('10.20.13.15');
    const order = (text: string) => [...text.matchAll(/data-testid="service-row" data-key="([^"]+)"/g)].map((m) => m[1]);
    const ascending = order(html);
    expect(ascending.length).toBeGreaterThan(0);
    expect(order(await page('?sort=name&dir=desc'))).toEqual([...ascending].sort((a, b) => (a.split('/')[1] < b.split('/')[1] ? 1 : -1)));
    expect(order(await page('?q=no-such-service'))).toEqual([]);
  });

  it('filters services by query parameters', async () => {
    const none = await json<{ items: unknown[] }>(await app.api('/api/v1/services?state=conflict'));
    expect(none.items).toEqual([]);
    const one = await json<{ items: unknown[] }>(await app.api('/api/v1/services?q=ingress'));
    expect(one.items).toHaveLength(1);
  });

  it('shows the service detail with a candidate ranking naming every node', async () => {
    const res = await app.api('/api/v1/services/ingress-nginx/ingress-nginx-controller');
    await expectStatus(res, 200);
    const body = await json<{ candidates: { node: string; rank: number | null; status: string }[]; l2Statuses: unknown[] }>(res);
    expect(body.candidates.map((c) => c.node).sort()).toEqual(['node01', 'node02', 'node03']);
    expect(body.candidates.filter((c) => c.status === 'announcing')).toHaveLength(1);
    expect(body.l2Statuses).toHaveLength(1);
  });

  it('marks a ServiceL2Status left behind by a speaker that is gone, and does not take it for an announcer', async () => {
    // With every node excluded no speaker wins the service, so none deletes what a gone one left.
    const all = { nodes: ['node01', 'node02', 'node03'] };
    const ref = { namespace: 'metallb-system', name: 'l2-left-behind' };
    type Detail = { service: { state: string; node: string | null; reason: string }; l2Statuses: { name: string; node: string; speaker: string }[] };
    const detail = async () => json<Detail>(await app.api('/api/v1/services/ingress-nginx/ingress-nginx-controller'));
    await app.api('/api/v1/nodes/exclusions', { body: { ...all, excluded: true } });
    try {
      await waitUntil(async () => ((await detail()).l2Statuses.length === 0 ? true : undefined), 10_000, 'the announcer to delete its status');
      await createObject(app.kube(), RESOURCES.servicel2statuses, {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ServiceL2Status',
        metadata: { ...ref, labels: { 'metallb.io/node': 'node-gone', 'metallb.io/service-name': 'ingress-nginx-controller', 'metallb.io/service-namespace': 'ingress-nginx' } },
      } as KubeObject);
      const seen = await waitUntil(async () => {
        const d = await detail();
        return d.l2Statuses.length === 1 ? d : undefined;
      }, 5_000, 'the left-behind ServiceL2Status on the service page');
      expect(seen.l2Statuses[0]).toMatchObject({ name: 'l2-left-behind', node: 'node-gone', speaker: 'down' });
      expect(seen.service).toMatchObject({ state: 'notAnnounced', reason: "announcing node node-gone's speaker is down" });
    } finally {
      await deleteObject(app.kube(), RESOURCES.servicel2statuses, ref);
      await app.api('/api/v1/nodes/exclusions', { body: { ...all, excluded: false } });
    }
    await waitUntil(async () => ((await detail()).service.state === 'announced' ? true : undefined), 10_000, 'the service announced again');
  });

  it.each([
    ['an unknown service', '/api/v1/services/default/nope'],
    ['a ClusterIP service (not a LoadBalancer)', '/api/v1/services/default/echoserver'],
    ['an unknown pool', '/api/v1/pools/nope'],
    ['an unknown advertisement', '/api/v1/l2advertisements/nope'],
    ['a path no API route serves (JSON, not an HTML page)', '/api/v1/no-such-thing'],
    ['an API version that does not exist', '/api/v2/services'],
  ])('answers 404 for %s', async (_what, path) => {
    await expectError(await app.api(path), 404, 'NotFound');
  });

  it('answers a method a route does not take with 405 and words, not an empty body', async () => {
    await expectError(await app.api('/api/v1/services/default/ingress-nginx-controller', { method: 'POST', body: {} }), 405, 'MethodNotAllowed');
  });

  it.each(['/api/v1/overview', '/api/v1/pools', '/api/v1/pools/my-ip-space', '/api/v1/l2advertisements', '/api/v1/nodes', '/api/v1/events', '/api/v1/preflight', '/api/v1/cluster', '/api/v1/import/source'])(
    'answers 200 for GET %s',
    async (path) => {
      await expectStatus(await app.api(path), 200);
    },
  );

  it('shows the pool grid with the seed IP used and the others free', async () => {
    const body = await json<{ cells: { ip: string; state: string; services: string[] }[] }>(await app.api('/api/v1/pools/my-ip-space'));
    expect(body.cells).toHaveLength(6);
    expect(body.cells[0]).toMatchObject({ ip: '10.20.13.15', state: 'used', services: ['ingress-nginx/ingress-nginx-controller'] });
    expect(body.cells.slice(1).every((c) => c.state === 'free')).toBe(true);
  });
});

describe('access', () => {
  it('answers 401 without a session', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/pools`);
    await expectError(res, 401);
  });

  it('answers 403 to a change from a foreign origin, and writes nothing', async () => {
    const res = await app.api('/api/v1/pools', { body: poolForm('evil', ['192.0.2.0/30']), headers: { origin: 'https://evil.example' } });
    await expectError(res, 403);
    await expectStatus(await app.api('/api/v1/pools/evil'), 404);
  });
});

describe('pool writes', () => {
  it('creates a pool (201) and it appears in the list', async () => {
    const res = await app.api('/api/v1/pools', { body: poolForm('routes-a', ['192.0.2.0/29']) });
    await expectStatus(res, 201);
    await waitUntil(async () => (await app.api('/api/v1/pools/routes-a')).status === 200, 5_000, 'the new pool');
  });

  it('refuses a bad CIDR with 422 and the issue on the address, writing nothing', async () => {
    const body = await expectError(await app.api('/api/v1/pools', { body: poolForm('routes-bad', ['192.0.2.0/33']) }), 422, 'Invalid');
    expect(body.issues?.[0].path).toBe('addresses.0');
    expect(body.issues?.[0].message).toContain('invalid CIDR');
    expect(await getObject(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'routes-bad' })).toBeUndefined();
  });

  it('refuses an overlap with another pool with 422 naming that pool, writing nothing', async () => {
    const body = await expectError(await app.api('/api/v1/pools', { body: poolForm('routes-overlap', ['10.20.13.16/32']) }), 422, 'Invalid');
    expect(body.issues?.[0]).toEqual({ path: 'addresses.0', message: 'overlaps with 10.20.13.15-10.20.13.20 in pool my-ip-space' });
    expect(await getObject(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'routes-overlap' })).toBeUndefined();
  });

  it('answers 409 for a pool name that exists', async () => {
    await expectError(await app.api('/api/v1/pools', { body: poolForm('my-ip-space', ['198.51.100.0/30']) }), 409, 'AlreadyExists');
  });

  it('answers 400 for a body that is not JSON and 415 for one that is not declared JSON', async () => {
    await expectError(await app.api('/api/v1/pools', { body: '{"name":', headers: { 'content-type': 'application/json' } }), 400);
    await expectError(await app.api('/api/v1/pools', { body: 'name=x', headers: { 'content-type': 'text/plain' } }), 415);
  });

  it('edits a pool (200) and the change is stored', async () => {
    const res = await app.api('/api/v1/pools/routes-a', { method: 'PUT', body: poolForm('routes-a', ['192.0.2.0/28']) });
    await expectStatus(res, 200);
    const stored = await getObject<KubeObject & { spec: { addresses: string[] } }>(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'routes-a' });
    expect(stored?.spec.addresses).toEqual(['192.0.2.0/28']);
  });

  it('answers 409 when the edit started from a stale resourceVersion', async () => {
    const res = await app.api('/api/v1/pools/routes-a', { method: 'PUT', body: { ...poolForm('routes-a', ['192.0.2.0/27']), resourceVersion: '1' } });
    await expectError(res, 409, 'Conflict');
  });

  it("saves an edit started before the controller wrote the pool's status, and answers 409 once the spec changed since", async () => {
    const ref = { namespace: 'metallb-system', name: 'my-ip-space' };
    const opened = await getObject<KubeObject>(app.kube(), RESOURCES.ipaddresspools, ref);
    const generation = opened?.metadata.generation;
    expect(generation).toBeGreaterThan(0);
    // What the controller does whenever an IP is handed out: a status write moves resourceVersion.
    await updateWithRetry<KubeObject & { status?: Record<string, unknown> }>(app.kube(), RESOURCES.ipaddresspools, ref, (c) => ({ ...c, status: { ...c.status, assignedIPv6: 0 } }), { subresource: 'status' });
    const seed = ['10.20.13.15-10.20.13.20'];
    const saved = await app.api('/api/v1/pools/my-ip-space', { method: 'PUT', body: { ...poolForm('my-ip-space', [...seed, '192.0.2.128/30']), generation } });
    await expectStatus(saved, 200);
    const stale = await app.api('/api/v1/pools/my-ip-space', { method: 'PUT', body: { ...poolForm('my-ip-space', seed), generation } });
    const body = await expectError(stale, 409, 'Conflict');
    expect(body.message).toContain('changed by someone else');
    const stored = await getObject<KubeObject & { spec: { addresses: string[] } }>(app.kube(), RESOURCES.ipaddresspools, ref);
    expect(stored?.spec.addresses).toEqual([...seed, '192.0.2.128/30']);
    await expectStatus(await app.api('/api/v1/pools/my-ip-space', { method: 'PUT', body: poolForm('my-ip-space', seed) }), 200);
  });

  it('answers 422 to a rename and 404 to an edit of a missing pool', async () => {
    await expectError(await app.api('/api/v1/pools/routes-a', { method: 'PUT', body: poolForm('routes-b', ['192.0.2.0/28']) }), 422);
    await expectError(await app.api('/api/v1/pools/ghost', { method: 'PUT', body: poolForm('ghost', ['203.0.113.0/30']) }), 404);
  });

  it('refuses to delete a pool holding IPs without confirmation (409 naming the services)', async () => {
    const body = await expectError(await app.api('/api/v1/pools/my-ip-space', { method: 'DELETE' }), 409, 'PoolInUse');
    expect(body.message).toContain('ingress-nginx/ingress-nginx-controller');
    await expectStatus(await app.api('/api/v1/pools/my-ip-space'), 200);
  });

  it('deletes an unused pool (200), then 404', async () => {
    await expectStatus(await app.api('/api/v1/pools/routes-a', { method: 'DELETE' }), 200);
    await expectError(await app.api('/api/v1/pools/routes-a', { method: 'DELETE' }), 404);
  });
});

describe('advertisement writes', () => {
  const form = (name: string, pools: string[], interfaces: string[] = []) => ({
    name,
    ipAddressPools: pools,
    ipAddressPoolSelectors: [],
    nodeSelectors: [],
    interfaces,
    serviceSelectors: [],
    preferredNodeSelectors: [],
  });

  it('creates (201), edits (200) and deletes (200) an L2Advertisement', async () => {
    await expectStatus(await app.api('/api/v1/l2advertisements', { body: form('routes-adv', ['my-ip-space']) }), 201);
    await expectError(await app.api('/api/v1/l2advertisements', { body: form('routes-adv', ['my-ip-space']) }), 409);
    const put = await app.api('/api/v1/l2advertisements/routes-adv', { method: 'PUT', body: form('routes-adv', ['my-ip-space'], ['eth0']) });
    await expectStatus(put, 200);
    await expectStatus(await app.api('/api/v1/l2advertisements/routes-adv', { method: 'DELETE' }), 200);
    await expectError(await app.api('/api/v1/l2advertisements/routes-adv', { method: 'DELETE' }), 404);
  });

  it('answers 422 for an invalid name', async () => {
    const body = await expectError(await app.api('/api/v1/l2advertisements', { body: form('Not_Valid', []) }), 422);
    expect(body.issues?.[0].path).toBe('name');
  });
});

describe('nodes and what-if', () => {
  it('computes what-if moves away from the announcing node', async () => {
    const svc = await json<{ service: { node: string } }>(await app.api('/api/v1/services/ingress-nginx/ingress-nginx-controller'));
    const res = await app.api('/api/v1/whatif', { body: { nodes: [svc.service.node] } });
    await expectStatus(res, 200);
    const body = await json<{ moves: { service: string; from: string; to: string }[]; load: { node: string; before: number; after: number }[] }>(res);
    expect(body.moves).toHaveLength(1);
    expect(body.moves[0]).toMatchObject({ service: 'ingress-nginx/ingress-nginx-controller', from: svc.service.node });
    expect(body.moves[0].to).not.toBe(svc.service.node);
    expect(body.load.find((l) => l.node === svc.service.node)).toMatchObject({ before: 1, after: 0 });
  });

  it('answers 404 for an unknown node and 422 for a bad mode', async () => {
    await expectError(await app.api('/api/v1/whatif', { body: { nodes: ['ghost'] } }), 404);
    await expectError(await app.api('/api/v1/whatif', { body: { nodes: ['node01'], mode: 'explode' } }), 422);
    await expectError(await app.api('/api/v1/nodes/exclusions', { body: { nodes: [], excluded: true } }), 422);
    await expectError(await app.api('/api/v1/nodes/exclusions', { body: { nodes: ['ghost'], excluded: true } }), 404);
  });

  it('sets and removes the exclude label (200)', async () => {
    await expectStatus(await app.api('/api/v1/nodes/exclusions', { body: { nodes: ['node03'], excluded: true } }), 200);
    const node = await getObject<KubeObject & { metadata: { labels: Record<string, string> } }>(app.kube(), RESOURCES.nodes, { name: 'node03' });
    expect(node?.metadata.labels['node.kubernetes.io/exclude-from-external-load-balancers']).toBe('true');
    await expectStatus(await app.api('/api/v1/nodes/exclusions', { body: { nodes: ['node03'], excluded: false } }), 200);
    const after = await getObject<KubeObject & { metadata: { labels: Record<string, string> } }>(app.kube(), RESOURCES.nodes, { name: 'node03' });
    expect(after?.metadata.labels['node.kubernetes.io/exclude-from-external-load-balancers']).toBeUndefined();
  });
});

describe('import and preflight', () => {

  it('previews the seed ConfigMap as the pool that already exists (unchanged)', async () => {
    const res = await app.api('/api/v1/import/preview', { body: { text: SEED_CONFIGMAP_YAML } });
    await expectStatus(res, 200);
    const body = await json<{ items: { kind: string; name: string; outcome: string }[]; yaml: string }>(res);
    expect(body.items).toContainEqual({ kind: 'IPAddressPool', name: 'my-ip-space', outcome: 'unchanged' });
    expect(body.yaml).toContain('kind: IPAddressPool');
  });

  it('answers 422 to text that is not a MetalLB ConfigMap and 409 to one clashing with a pool', async () => {
    await expectError(await app.api('/api/v1/import/preview', { body: { text: 'hello: world' } }), 422);
    const clash = SEED_CONFIGMAP_YAML.replace('10.20.13.15-10.20.13.20', '10.20.13.15-10.20.13.21');
    await expectError(await app.api('/api/v1/import', { body: { text: clash } }), 409);
  });

  it('imports a new pool from a ConfigMap (200)', async () => {
    const text = SEED_CONFIGMAP_YAML.replace('my-ip-space', 'imported').replace('10.20.13.15-10.20.13.20', '198.51.100.0/29');
    const res = await app.api('/api/v1/import', { body: { text } });
    await expectStatus(res, 200);
    const body = await json<{ items: { kind: string; name: string; outcome: string }[] }>(res);
    expect(body.items).toContainEqual({ kind: 'IPAddressPool', name: 'imported', outcome: 'created' });
    const ad = body.items.find((i) => i.kind === 'L2Advertisement');
    expect(ad?.outcome).toBe('created');
    expect(await getObject(app.kube(), RESOURCES.ipaddresspools, { namespace: 'metallb-system', name: 'imported' })).toBeDefined();
    const stored = await getObject<KubeObject & { spec: { ipAddressPools: string[] } }>(app.kube(), RESOURCES.l2advertisements, { namespace: 'metallb-system', name: ad!.name });
    expect(stored?.spec.ipAddressPools).toEqual(['imported']);
  });

  it('flags strictARP: false and the fix flips it', async () => {
    const before = await json<{ checks: { id: string; status: string }[] }>(await app.api('/api/v1/preflight'));
    expect(before.checks.find((c) => c.id === 'strictArp')?.status).toBe('error');
    const fix = await app.api('/api/v1/preflight/strict-arp', { body: {} });
    await expectStatus(fix, 200);
    expect(await json(fix)).toEqual({ changed: true, state: 'ok' });
    const cm = await getObject<KubeObject & { data: Record<string, string> }>(app.kube(), RESOURCES.configmaps, { namespace: 'kube-system', name: 'kube-proxy' });
    expect(cm?.data['config.conf']).toContain('strictARP: true');
    await waitUntil(async () => {
      const after = await json<{ checks: { id: string; status: string }[] }>(await app.api('/api/v1/preflight'));
      return after.checks.find((c) => c.id === 'strictArp')?.status === 'ok';
    }, 5_000, 'preflight to see the fix');
  });
});

describe('stream', () => {
  async function openStream() {
    const controller = new AbortController();
    const res = await fetch(`${app.baseUrl}/api/v1/stream`, { headers: { cookie: app.cookie }, signal: controller.signal });
    await expectStatus(res, 200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += new TextDecoder().decode(value);
      }
    };
    /** The events read so far, in order. */
    const events = () =>
      text
        .split('\n\n')
        .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] }))
        .filter((e): e is { event: string; data: string } => Boolean(e.event && e.data))
        .map((e) => ({ event: e.event, data: JSON.parse(e.data) as { epoch: string; seq: number } }));
    return { readUntil, events, close: () => controller.abort() };
  }

  it('sends hello, then a batch carrying a service change', async () => {
    const stream = await openStream();
    await stream.readUntil('event: hello');
    await app.api('/api/v1/nodes/exclusions', { body: { nodes: ['node01', 'node02', 'node03'], excluded: true } });
    await stream.readUntil('"reasonCode":"noEligibleNode"');
    stream.close();
    await app.api('/api/v1/nodes/exclusions', { body: { nodes: ['node01', 'node02', 'node03'], excluded: false } });
  });

  it('opens with the recent batches, oldest first and unbroken up to the hello, so a page loaded a moment ago catches up', async () => {
    const stream = await openStream();
    await stream.readUntil('event: hello');
    stream.close();
    const events = stream.events();
    const recent = events.filter((e) => e.event === 'recent').map((e) => e.data);
    const hello = events.find((e) => e.event === 'hello')!.data;
    // The previous test's exclusion and its undoing are among them.
    expect(recent.some((b) => JSON.stringify(b).includes('"reasonCode":"noEligibleNode"'))).toBe(true);
    const before = events.slice(0, events.findIndex((e) => e.event === 'hello')).map((e) => e.data);
    expect(before.map((b) => b.seq)).toEqual(before.map((_, i) => before[0].seq + i));
    expect(before.every((b) => b.epoch === hello.epoch)).toBe(true);
    expect(before.at(-1)!.seq).toBe(hello.seq);
  });
});

describe('the services list follows the cluster', () => {
  it('shows a LoadBalancer service created after the first list with its IP, and drops it once deleted', async () => {
    await app.api('/api/v1/services'); // the list is loaded before the change
    const ref = { namespace: 'default', name: 'routes-late' };
    await createObject(app.kube(), RESOURCES.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: ref,
      spec: { type: 'LoadBalancer', selector: { app: 'late' }, ports: [{ port: 8080, protocol: 'TCP' }] },
    } as KubeObject);
    const listed = async () => (await json<{ items: { name: string; ips: string[] }[] }>(await app.api('/api/v1/services'))).items.find((s) => s.name === 'routes-late');
    const row = await waitUntil(async () => ((await listed())?.ips.length ? listed() : undefined), 10_000, 'routes-late with an IP in the list');
    expect(row?.ips[0]).toMatch(/^(10\.20\.13|198\.51\.100)\.\d+$/); // the seed pool, or the one imported above
    const filtered = await json<{ items: { name: string }[] }>(await app.api('/api/v1/services?q=routes-late'));
    expect(filtered.items.map((s) => s.name)).toEqual(['routes-late']);
    await deleteObject(app.kube(), RESOURCES.services, ref);
    await waitUntil(async () => ((await listed()) === undefined ? true : undefined), 10_000, 'routes-late to leave the list');
  });
});
